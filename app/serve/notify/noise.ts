// Noise control for notifications, over groups of alerts: a group opens once it has been active for
// `minDuration`, escalates when its severity worsens, repeats every `repeatInterval` while open,
// and resolves when it goes away. A group that opens and resolves more than `maxChanges` times in
// `window` is flapping: held back until it settles. In quiet hours only critical groups go out
// (a held-back open goes out when the quiet hours end, if it is still active).
// Grouping is a function from the snapshot to groups: by alert today; by incident is one more
// grouper (`src/incidents.ts`), the rest stays.
import {severityRank, type Alert, type Severity} from '../../../src/alerts.js';
import {isQuiet, type NotifyConfig} from '../../../src/notify-config.js';
import type {Snapshot} from '../../../src/store.js';

export type NotifyGroup = {
	readonly key: string;
	readonly kind: 'alert' | 'incident';
	readonly title: string;
	readonly severity: Severity;
	/** Epoch ms the group's first alert fired. */
	readonly since: number;
	readonly alerts: readonly Alert[];
};

export type Grouper = (snapshot: Snapshot) => readonly NotifyGroup[];

export const groupByAlert: Grouper = snapshot => snapshot.alerts.map(alert => ({key: alert.id, kind: 'alert', title: alert.message, severity: alert.severity, since: alert.since, alerts: [alert]}));

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
