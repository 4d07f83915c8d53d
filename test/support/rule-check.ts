// Runs alert rules over entity drafts through the real store and alert engine (one poll of one
// source), for parser tests that check a rule fires, or does not, on what a device sent.
import {AlertEngine} from '../../src/alerts.js';
import type {EntityDraft} from '../../src/entities.js';
import type {AlertRule} from '../../src/plugin-api.js';
import {applyPoll, emptySnapshot, setSources} from '../../src/store.js';

export function firingRules(rules: readonly AlertRule[], source: string, entities: readonly EntityDraft[]): string[] {
	const status = {id: source, type: 't', name: source, status: 'pending' as const, interval: 5, lastSuccess: null, downSince: null, lastError: null, errorName: null, latencyMs: null, consecutiveFailures: 0};
	const snapshot = applyPoll(setSources(emptySnapshot('lab'), [status]), source, {entities: [...entities]}, 1000, 1);
	const engine = new AlertEngine(rules, {racks: [], devices: []});
	return engine.evaluate(snapshot, 1000).map(alert => `${alert.ruleId} ${alert.entityId ?? ''}`.trim());
}
