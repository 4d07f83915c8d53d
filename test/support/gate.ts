// The real action layer over one plugin instance's entities, for confirm-gate tests: a store
// filled from the plugin's own poll, a throwaway audit log, no topology.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {ActionLayer} from '../../src/actions.js';
import {openAuditLog} from '../../src/audit.js';
import type {PluginInstance} from '../../src/plugin-api.js';
import {applyPoll, emptySnapshot, setSources, Store} from '../../src/store.js';

export type GateRig = {readonly layer: ActionLayer; readonly polled: string[]; dispose(): void};

export async function gateRig(sourceId: string, instance: PluginInstance, options: {isReadonly?: boolean} = {}): Promise<GateRig> {
	const dir = mkdtempSync(path.join(tmpdir(), 'labdeck-gate-'));
	const health = {id: sourceId, type: 't', name: sourceId, status: 'pending' as const, interval: 5, lastSuccess: null, downSince: null, lastError: null, errorName: null, latencyMs: null, consecutiveFailures: 0};
	const result = await instance.poll(AbortSignal.timeout(10_000));
	const snapshot = applyPoll(setSources(emptySnapshot('lab'), [health]), sourceId, result, Date.now(), 1);
	const polled: string[] = [];
	const layer = new ActionLayer({
		store: new Store(snapshot),
		actionsBySource: new Map([[sourceId, instance.actions ?? []]]),
		topology: {racks: [], devices: []},
		audit: openAuditLog(dir),
		isReadonly: options.isReadonly ?? false,
		requestPoll: id => polled.push(id),
	});
	return {layer, polled, dispose: () => rmSync(dir, {recursive: true, force: true})};
}
