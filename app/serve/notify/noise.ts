// Noise control for notifications, over groups of alerts: a group opens once it has been active for
// `minDuration`, escalates when its severity worsens, repeats every `repeatInterval` while open,
// and resolves when it goes away. A group that opens and resolves more than `maxChanges` times in
// `window` is flapping: held back until it settles. In quiet hours only critical groups go out
// (a held-back open goes out when the quiet hours end, if it is still active).
// Grouping is a function from the snapshot to groups: by incident (the default: one group per
// root cause, its symptoms folded in, planned changes left out) or by alert.
import {severityRank, type Alert, type Severity} from '../../../src/alerts.js';
import type {Incident} from '../../../src/model.js';
import {isQuiet, type NotifyConfig} from '../../../src/notify-config.js';
import type {Snapshot} from '../../../src/store.js';

/** What an incident group says of its root cause and blast radius. */
export type NotifyIncident = {
	readonly cause: Incident['cause'];
	readonly subject: string;
	readonly figure: string;
	/** What it takes down (`device:<id>`, guests and GPUs by id) and their names, same order. */
	readonly affected: readonly string[];
	readonly affectedNames: readonly string[];
};

export type NotifyGroup = {
	readonly key: string;
	readonly kind: 'alert' | 'incident';
	readonly title: string;
	readonly severity: Severity;
	/** Epoch ms the group's first alert fired. */
	readonly since: number;
	readonly alerts: readonly Alert[];
	/** Set for an incident group. */
	readonly incident?: NotifyIncident;
};

export type Grouper = (snapshot: Snapshot) => readonly NotifyGroup[];

export const groupByAlert: Grouper = snapshot => snapshot.alerts.map(alert => ({key: alert.id, kind: 'alert', title: alert.message, severity: alert.severity, since: alert.since, alerts: [alert]}));

/**
 * One group per incident that pages, titled with its root cause and blast radius; the alerts folded
 * under an incident (and its own) do not notify on their own; a planned incident (an operator's
 * action, a shed-plan step) and its symptoms notify not at all. An alert no incident explains is a
 * group of its own, as by alert.
 */
export const groupByIncident: Grouper = snapshot => {
	const folded = new Set<string>();
	const groups: NotifyGroup[] = [];
	for (const incident of snapshot.incidents) {
		folded.add(incident.id);
		for (const alert of incident.alerts) folded.add(alert.id);
		if (incident.planned !== null) continue;
		groups.push({
			key: incident.id,
			kind: 'incident',
			title: incidentTitle(incident),
			severity: incident.severity,
			since: incident.since,
			alerts: incident.alerts,
			incident: {cause: incident.cause, subject: incident.subject, figure: incident.figure, affected: incident.affected, affectedNames: incident.affectedNames},
		});
	}
	for (const alert of snapshot.alerts) {
		if (folded.has(alert.id)) continue;
		groups.push({key: alert.id, kind: 'alert', title: alert.message, severity: alert.severity, since: alert.since, alerts: [alert]});
	}
	return groups;
};

export const groupers: Readonly<Record<NotifyConfig['groupBy'], Grouper>> = {alert: groupByAlert, incident: groupByIncident};

/** `PDU A outlet 5 off; affects 2: gpu-box-2, gpus-box-2` (the first 5 names, then a count). */
export function incidentTitle(incident: Pick<Incident, 'title' | 'affectedNames'>): string {
	const names = incident.affectedNames;
	if (names.length === 0) return incident.title;
	const shown = names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
	return `${incident.title}; affects ${names.length}: ${shown}`;
}

export type NotifyEventKind = 'open' | 'escalate' | 'repeat' | 'resolve';

export type NotifyEvent = {
	readonly schema: 'labdeck-notify/1';
	readonly event: NotifyEventKind;
	readonly lab: string;
	/** ISO time of the event. */
	readonly at: string;
	readonly group: {readonly key: string; readonly kind: 'alert' | 'incident'; readonly title: string};
	readonly severity: Severity;
	/** ISO time the group opened. */
	readonly since: string;
	/** The group's alerts (the last ones seen, for a resolve). */
	readonly alerts: readonly Alert[];
	/** An incident group's root cause and blast radius (absent for an alert group). */
	readonly incident?: NotifyIncident;
};

type GroupState = {
	group: NotifyGroup;
	isActive: boolean;
	notified: Severity | null;
	lastSentAt: number;
	/** Epoch ms of recent opens and resolves, for flapping. */
	changes: number[];
	isFlapping: boolean;
};

export type NoiseNote = {readonly key: string; readonly note: string};

export class NoiseControl {
	readonly #config: NotifyConfig;
	readonly #states = new Map<string, GroupState>();

	constructor(config: NotifyConfig) {
		this.#config = config;
	}

	/** The events to send now, and notes on what was held back (flapping starts and ends). */
	update(groups: readonly NotifyGroup[], lab: string, now: number): {events: NotifyEvent[]; notes: NoiseNote[]} {
		const {minDuration, repeatInterval, flapping, quietHours} = this.#config;
		const events: NotifyEvent[] = [];
		const notes: NoiseNote[] = [];
		const isQuietNow = isQuiet(quietHours, new Date(now));
		const make = (state: GroupState, event: NotifyEventKind, severity: Severity): NotifyEvent => ({
			schema: 'labdeck-notify/1',
			event,
			lab,
			at: new Date(now).toISOString(),
			group: {key: state.group.key, kind: state.group.kind, title: state.group.title},
			severity,
			since: new Date(state.group.since).toISOString(),
			alerts: state.group.alerts,
			...(state.group.incident ? {incident: state.group.incident} : {}),
		});
		const active = new Set<string>();
		for (const group of groups) {
			active.add(group.key);
			let state = this.#states.get(group.key);
			if (!state) {
				state = {group, isActive: false, notified: null, lastSentAt: 0, changes: [], isFlapping: false};
				this.#states.set(group.key, state);
			}
			state.group = group;
			if (!state.isActive) {
				state.isActive = true;
				state.changes.push(now);
			}
			this.#updateFlapping(state, now, notes);
			if (state.isFlapping) continue;
			const mayNotify = !isQuietNow || group.severity === 'critical';
			if (state.notified === null) {
				if (now - group.since >= minDuration * 1000 && mayNotify) events.push(this.#sent(state, make(state, 'open', group.severity), now));
			} else if (severityRank[group.severity] < severityRank[state.notified]) {
				if (mayNotify) events.push(this.#sent(state, make(state, 'escalate', group.severity), now));
			} else if (repeatInterval > 0 && now - state.lastSentAt >= repeatInterval * 1000 && mayNotify) {
				events.push(this.#sent(state, make(state, 'repeat', state.notified), now));
			}
		}
		for (const [key, state] of this.#states) {
			if (active.has(key)) continue;
			if (state.isActive) {
				state.isActive = false;
				state.changes.push(now);
				this.#updateFlapping(state, now, notes);
				if (state.notified !== null && !state.isFlapping) {
					events.push(make(state, 'resolve', state.notified));
					state.notified = null;
				}
			}
			if (state.changes.every(time => now - time > flapping.window * 1000)) {
				if (state.notified !== null) events.push(make(state, 'resolve', state.notified));
				this.#states.delete(key);
			}
		}
		return {events, notes};
	}

	#sent(state: GroupState, event: NotifyEvent, now: number): NotifyEvent {
		state.notified = event.severity;
		state.lastSentAt = now;
		return event;
	}

	#updateFlapping(state: GroupState, now: number, notes: NoiseNote[]): void {
		const {window, maxChanges} = this.#config.flapping;
		state.changes = state.changes.filter(time => now - time <= window * 1000);
		const isFlapping = state.changes.length > maxChanges;
		if (isFlapping !== state.isFlapping) notes.push({key: state.group.key, note: isFlapping ? `flapping (${state.changes.length} changes in ${window} s): held back` : 'settled: no longer flapping'});
		state.isFlapping = isFlapping;
	}
}
