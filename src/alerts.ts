// The alert engine: rules evaluated over the store after each poll, each a threshold with trigger
// and clear levels (hysteresis) and a minimum duration. Source rules (down, stale) are built in;
// each kind module brings its default rules (src/kinds/); plugins add their own through
// `PluginDefinition.alertRules`.
// One alert per condition per entity: rules sharing a `condition` (a GPU's temperature: warning at
// 80 °C, critical at its slowdown threshold) yield the worst one only, which escalates in place
// (keeping the time the condition began). A critical rule with a minimum duration shows as a
// warning while it waits (`node pve3 offline for 12 s, critical in 48 s`), so a node going down
// surfaces within one poll and escalates once the duration has passed.
import type {Entity} from './entities.js';
import {formatDuration} from './format.js';
import type {Alert, AlertRule, Severity, Snapshot, SourceHealth, Topology} from './model.js';
import {dependents} from './topology.js';
import {machineFindings, machineHungAfterSec} from './machine-rules.js';

export type {Alert, Severity} from './model.js';

export const severityRank: Readonly<Record<Severity, number>> = {critical: 0, warning: 1, info: 2};

/** Seconds a source may be down before it is a critical alert. */
export const sourceDownAfterSec = 60;

type RuleState = {pendingSince: number | null; firedAt: number | null};

/** A critical rule whose condition holds but whose duration has not passed: shown as a warning. */
const pendingNote = (rule: AlertRule, pendingSince: number, now: number) => ` (critical in ${formatDuration(Math.max(0, rule.forSec - (now - pendingSince) / 1000))})`;

export class AlertEngine {
	readonly #rules: readonly AlertRule[];
	readonly #topology: Topology;
	readonly #state = new Map<string, RuleState>();
	/** Per rule: the entities that have a state in #state (the others are inactive). */
	readonly #tracked = new Map<string, Set<string>>();

	constructor(rules: readonly AlertRule[], topology: Topology) {
		this.#rules = rules;
		this.#topology = topology;
	}

	/** Evaluates every rule; returns the active alerts, worst first, then oldest first. */
	evaluate(snapshot: Snapshot, now: number): readonly Alert[] {
		const alerts: Alert[] = [];
		const live = new Set<string>();
		for (const source of Object.values(snapshot.sources)) this.#sourceAlerts(snapshot, source, now, alerts, live);
		for (const finding of machineFindings(snapshot, this.#topology, now)) {
			live.add(finding.id);
			const state = this.#state.get(finding.id) ?? {pendingSince: now, firedAt: null};
			this.#state.set(finding.id, state);
			const waitSec = finding.severity === 'critical' ? machineHungAfterSec - (now - (state.pendingSince ?? now)) / 1000 : 0;
			if (waitSec > 0) alerts.push(this.#make(snapshot, {...finding, severity: 'warning', message: `${finding.message} (critical in ${formatDuration(waitSec)})`, since: state.pendingSince ?? now}));
			else alerts.push(this.#make(snapshot, {...finding, since: state.pendingSince ?? now}));
		}
		for (const rule of this.#rules) {
			// Only entities with a state (pending or fired) or over the trigger now need the rest: for
			// the others there is nothing to remember (no state is the same as an inactive one), so a
			// lab of 100,000 quiet guests costs one metric per guest, not a state entry each.
			const tracked = this.#tracked.get(rule.id);
			const nextTracked = new Set<string>();
			for (const entity of snapshot.byKind[rule.kind]) {
				const value = rule.metric(entity, now);
				if (!tracked?.has(entity.id) && (value === null || !(rule.isBelow ? value <= rule.trigger : value >= rule.trigger))) continue;
				const id = `${rule.id}:${entity.id}`;
				live.add(id);
				const firedAt = this.#step(id, value, rule, now, snapshot, entity);
				const kept = this.#state.get(id);
				if (kept && kept.pendingSince === null && kept.firedAt === null) this.#state.delete(id);
				else nextTracked.add(entity.id);
				const condition = rule.condition ?? rule.id;
				if (firedAt !== null && value !== null) {
					// Escalated from its waiting warning: the condition began when it started waiting.
					const since = rule.severity === 'critical' && rule.forSec > 0 ? this.#state.get(id)?.pendingSince ?? firedAt : firedAt;
					alerts.push(this.#make(snapshot, {id, ruleId: rule.id, severity: rule.severity, entityId: entity.id, source: entity.source, message: rule.message(entity, value, now), since, condition}));
					continue;
				}
				const pendingSince = this.#state.get(id)?.pendingSince ?? null;
				if (rule.severity === 'critical' && rule.forSec > 0 && pendingSince !== null && value !== null) {
					alerts.push(this.#make(snapshot, {id, ruleId: rule.id, severity: 'warning', entityId: entity.id, source: entity.source, message: rule.message(entity, value, now) + pendingNote(rule, pendingSince, now), since: pendingSince, condition}));
				}
			}
			this.#tracked.set(rule.id, nextTracked);
		}
		for (const id of this.#state.keys()) if (!live.has(id)) this.#state.delete(id);
		return worstPerCondition(alerts).sort((a, b) => severityRank[a.severity] - severityRank[b.severity] || a.since - b.since || (a.id < b.id ? -1 : 1));
	}

	/** Hysteresis and minimum duration; returns when the alert fired, or null when inactive. */
	#step(id: string, value: number | null, rule: AlertRule, now: number, snapshot: Snapshot, entity: Entity): number | null {
		const state = this.#state.get(id) ?? {pendingSince: null, firedAt: null};
		this.#state.set(id, state);
		// Unknown, or stale data: hold the current state rather than fire or clear on old values.
		if (value === null || snapshot.sources[entity.source]?.status === 'down') return state.firedAt;
		const isOver = rule.isBelow ? value <= rule.trigger : value >= rule.trigger;
		const isCleared = rule.isBelow ? value > rule.clear : value < rule.clear;
		if (state.firedAt !== null) {
			if (isCleared) {
				state.firedAt = null;
				state.pendingSince = null;
			}
			return state.firedAt;
		}
		if (!isOver) {
			state.pendingSince = null;
			return null;
		}
		state.pendingSince ??= now;
		if (now - state.pendingSince >= rule.forSec * 1000) state.firedAt = now;
		return state.firedAt;
	}

	#sourceAlerts(snapshot: Snapshot, source: SourceHealth, now: number, alerts: Alert[], live: Set<string>): void {
		if (source.status === 'disabled') return;
		const downId = `source.down:${source.id}`;
		const staleId = `source.stale:${source.id}`;
		live.add(downId);
		live.add(staleId);
		const isDown = source.status === 'down' && source.downSince !== null && now - source.downSince >= sourceDownAfterSec * 1000;
		if (isDown) {
			this.#state.set(downId, {pendingSince: null, firedAt: this.#state.get(downId)?.firedAt ?? now});
			alerts.push(this.#make(snapshot, {id: downId, ruleId: 'source.down', severity: 'critical', entityId: null, source: source.id, message: `${source.name} unreachable for ${formatDuration((now - source.downSince!) / 1000)}: ${source.lastError ?? 'no answer'}`, since: source.downSince!, condition: 'source.down'}));
			this.#state.delete(staleId);
			return;
		}
		this.#state.delete(downId);
		if (source.status === 'down' && source.lastSuccess !== null) {
			alerts.push(this.#pendingDown(snapshot, source, now));
			return;
		}
		const age = source.lastSuccess === null ? null : now - source.lastSuccess;
		if (age !== null && age > 2 * source.interval * 1000) {
			const state = this.#state.get(staleId) ?? {pendingSince: null, firedAt: now};
			this.#state.set(staleId, state);
			alerts.push(this.#make(snapshot, {id: staleId, ruleId: 'source.stale', severity: 'warning', entityId: null, source: source.id, message: `${source.name}: data is ${formatDuration(age / 1000)} old`, since: state.firedAt ?? now}));
		} else {
			this.#state.delete(staleId);
		}
	}

	/** Alert for a source unreachable for less than `sourceDownAfterSec`: a warning that escalates. */
	#pendingDown(snapshot: Snapshot, source: SourceHealth, now: number): Alert {
		const downSince = source.downSince ?? now;
		return this.#make(snapshot, {id: `source.down:${source.id}`, ruleId: 'source.down', severity: 'warning', entityId: null, source: source.id, message: `${source.name} unreachable for ${formatDuration((now - downSince) / 1000)}: ${source.lastError ?? 'no answer'} (critical in ${formatDuration(Math.max(0, sourceDownAfterSec - (now - downSince) / 1000))})`, since: downSince, condition: 'source.down'});
	}

	#make(snapshot: Snapshot, alert: Omit<Alert, 'impact'>): Alert {
		const impact = alert.entityId
			? dependents(snapshot, this.#topology, alert.entityId)
			: [...snapshot.entities.values()].filter(entity => entity.source === alert.source).map(entity => entity.id);
		return {...alert, impact};
	}
}

/** One alert per condition per entity: the worst severity, with the earliest start of the group. */
export function worstPerCondition(alerts: readonly Alert[]): Alert[] {
	const byKey = new Map<string, Alert>();
	const kept: Alert[] = [];
	for (const alert of alerts) {
		if (!alert.condition) {
			kept.push(alert);
			continue;
		}
		const key = `${alert.condition}|${alert.entityId ?? alert.source}`;
		const other = byKey.get(key);
		if (!other) {
			byKey.set(key, alert);
			continue;
		}
		const worse = severityRank[alert.severity] < severityRank[other.severity] ? alert : other;
		byKey.set(key, {...worse, since: Math.min(alert.since, other.since)});
	}
	return [...kept, ...byKey.values()];
}
