// The timeline as the console sees it: the newest events mirrored into the store (so the timeline
// pane reads a slice like every other pane, with no I/O of its own), operator actions turned into
// events as the action layer audits them, and repeats collapsed (two labdeck processes on one
// config, a console and a one-shot, may both record the same change).
import type {AuditRecord} from './audit.js';
import type {Snapshot} from './model.js';
import type {Store} from './store.js';
import type {Timeline, TimelineEvent} from './timeline.js';

/** Events the store keeps for the pane (the whole log stays on disk for `labdeck events`). */
export const timelineKeep = 500;

/** Two copies of one event recorded by two processes land within this many ms of each other. */
const repeatWindowMs = 60_000;

/**
 * Drops an event that repeats the previous event about the same thing (same type and message,
 * within a minute): what two processes record of one change. Input and output newest first.
 */
export function collapseRepeats(events: readonly TimelineEvent[]): TimelineEvent[] {
	const lastOf = new Map<string, TimelineEvent>();
	const kept: TimelineEvent[] = [];
	// Oldest first, so the first copy of each pair is the one kept.
	for (let index = events.length - 1; index >= 0; index--) {
		const event = events[index]!;
		const subject = event.entity ?? `source:${event.source ?? ''}`;
		const previous = lastOf.get(subject);
		lastOf.set(subject, event);
		if (previous && previous.type === event.type && previous.message === event.message && event.at - previous.at <= repeatWindowMs) continue;
		kept.push(event);
	}
	return kept.reverse();
}

/** An audit record as a timeline event: who ran what on which targets, and how it ended. */
export function actionEvent(record: Omit<AuditRecord, 'time' | 'user'>, at: number, snapshot: Snapshot): TimelineEvent {
	const names = record.targets.map(id => snapshot.entities.get(id)?.name ?? id);
	const shown = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
	const params = Object.entries(record.params ?? {}).map(([name, value]) => `${name}=${value}`).join(' ');
	const first = record.targets[0];
	const source = first === undefined ? undefined : snapshot.entities.get(first)?.source ?? /^[a-z]+:([a-z0-9][a-z0-9-]*)\//.exec(first)?.[1];
	return {
		at,
		type: 'action',
		...(source === undefined ? {} : {source}),
		...(first === undefined ? {} : {entity: first}),
		message: `${record.action} ${shown}${params ? ` (${params})` : ''}: ${record.result}${record.message ? ` — ${record.message}` : ''} [${record.origin}]`,
		details: {action: record.action, targets: record.targets, result: record.result, risk: record.risk, origin: record.origin, ...(record.durationMs === undefined ? {} : {durationMs: record.durationMs})},
	};
}

/** The snapshot with these events added in front of what it holds (bounded, repeats collapsed). */
export function withTimelineEvents(snapshot: Snapshot, newestFirst: readonly TimelineEvent[]): Snapshot {
	if (newestFirst.length === 0) return snapshot;
	const merged = [...newestFirst, ...(snapshot.timeline ?? [])].sort((a, b) => b.at - a.at);
	return {...snapshot, timeline: collapseRepeats(merged.slice(0, timelineKeep))};
}

/** The newest events of the log for the pane, repeats collapsed; none (and a warning) when it cannot be read. */
export function recentEvents(timeline: Timeline, onError?: (message: string) => void): TimelineEvent[] {
	try {
		return collapseRepeats(timeline.readRecent(timelineKeep));
	} catch (error) {
		onError?.(`cannot read the timeline ${timeline.path}: ${error instanceof Error ? error.message : String(error)}`);
		return [];
	}
}

/**
 * Loads the newest events of the log into the store and adds each event this process appends,
 * batched per microtask (one store update for the events of one poll). Returns the unsubscribe.
 */
export function mirrorTimeline(timeline: Timeline, store: Store, onError?: (message: string) => void): () => void {
	const recent = recentEvents(timeline, onError);
	// Merged, not replaced: an attached store may already hold the service's timeline.
	store.apply(snapshot => (snapshot.timeline ? withTimelineEvents(snapshot, recent) : {...snapshot, timeline: recent}));
	let pending: TimelineEvent[] = [];
	return timeline.subscribe(event => {
		pending.push(event);
		if (pending.length > 1) return;
		queueMicrotask(() => {
			const batch = pending.reverse();
			pending = [];
			store.apply(snapshot => withTimelineEvents(snapshot, batch));
		});
	});
}

/** How an event reads at a glance: a short label and a level (views map it to a colour). */
export type EventLevel = 'crit' | 'warn' | 'ok' | 'info';

const badChanges = new Set(['ups.on-battery', 'ups.low-battery', 'ups.output-off', 'outlet.off', 'host.offline', 'host.rebooted', 'guest.stopped', 'gpu.throttling', 'bmc.power-off', 'ats.transfer', 'ats.input-failed']);
const criticalChanges = new Set(['ups.low-battery', 'ups.output-off', 'host.offline', 'ats.input-failed']);

export function eventLabel(event: TimelineEvent): string {
	switch (event.type) {
		case 'source.down': return 'DOWN';
		case 'source.up': return 'UP';
		case 'entity.removed': return 'REMOVED';
		case 'alert.raised': return 'ALERT';
		case 'alert.escalated': return 'ESCALATED';
		case 'alert.cleared': return 'CLEARED';
		case 'incident.opened': return 'INCIDENT';
		case 'incident.closed': return 'RESOLVED';
		case 'transition': return 'CHANGE';
		case 'action': return 'ACTION';
		case 'notify': return 'NOTIFY';
		default: return String(event.type).toUpperCase();
	}
}

export function eventLevel(event: TimelineEvent): EventLevel {
	const severity = event.details?.['severity'];
	switch (event.type) {
		case 'source.down':
		case 'incident.opened': return 'crit';
		case 'source.up':
		case 'alert.cleared':
		case 'incident.closed': return 'ok';
		case 'alert.raised':
		case 'alert.escalated': return severity === 'critical' ? 'crit' : severity === 'info' ? 'info' : 'warn';
		case 'transition': {
			const change = String(event.details?.['change'] ?? '');
			if (change === 'bmc.health') return event.details?.['to'] === 'critical' ? 'crit' : event.details?.['to'] === 'ok' ? 'ok' : 'warn';
			return criticalChanges.has(change) ? 'crit' : badChanges.has(change) ? 'warn' : 'ok';
		}
		case 'action': return event.details?.['result'] === 'failed' ? 'warn' : 'info';
		case 'notify': return event.details?.['isOk'] === false ? 'warn' : 'info';
		default: return 'info';
	}
}

/** Words of `text` in lines of at most `width` columns (a word longer than that is split). */
export function wrapWords(text: string, width: number): string[] {
	const limit = Math.max(1, width);
	// Most lines fit: no splitting (`labdeck events` wraps thousands of them).
	if (text.length <= limit && !/\s\s|^\s|\s$|[\n\t]/.test(text)) return [text];
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		let rest = word;
		while ([...rest].length > limit) {
			if (line) {
				lines.push(line);
				line = '';
			}
			lines.push([...rest].slice(0, limit).join(''));
			rest = [...rest].slice(limit).join('');
		}
		if (!line) line = rest;
		else if ([...line].length + 1 + [...rest].length <= limit) line += ` ${rest}`;
		else {
			lines.push(line);
			line = rest;
		}
	}
	if (line || lines.length === 0) lines.push(line);
	return lines;
}
