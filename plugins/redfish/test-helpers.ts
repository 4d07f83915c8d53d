// Shared by the redfish tests: simulated BMCs from the fixture trees, a plugin instance pointed
// at one, and entities as the store would hold them.
import {join} from 'node:path';
import type {Entity, EntityDraft} from '../../src/entities.js';
import type {ActionDef, PluginInstance} from '../../src/plugin-api.js';
import {repoRoot} from '../../test/support/cli.js';
import {plugin} from './index.js';
import {startBmcLab, type BmcLab, type BmcSimulator, type BmcSpec} from './sim/index.js';

export const fixturesDir = join(repoRoot, 'fixtures');
export const corpusDir = join(repoRoot, '..', 'shared', 'corpus', 'redfish');

export async function startLab(specs: readonly BmcSpec[]): Promise<BmcLab> {
	return startBmcLab(specs, {fixturesDir});
}

export function createInstance(bmc: BmcSimulator, fields: Record<string, unknown> = {}, warnings: string[] = []): PluginInstance {
	return plugin.create(
		{id: `bmc-${bmc.name}`.replace(/[^a-z0-9-]/g, '-'), type: 'redfish', name: bmc.name, interval: 30, timeout: 5, host: bmc.host, port: bmc.port, user: bmc.user, password: bmc.password, fingerprint: bmc.fingerprint, ...fields},
		{transport: () => undefined, localTransport: {host: 'test', exec: async () => ({stdout: '', stderr: '', code: 0})}, warn: message => warnings.push(message), requestPoll() {}},
	);
}

export function asEntities(drafts: readonly EntityDraft[]): Entity[] {
	return drafts.map(draft => ({...draft, seenAt: 0}) as Entity);
}

export async function pollOne(instance: PluginInstance, timeoutMs = 5000) {
	const result = await instance.poll(AbortSignal.timeout(timeoutMs));
	const bmc = asEntities(result.entities)[0];
	if (!bmc || bmc.kind !== 'bmc') throw new Error('no bmc entity polled');
	return {result, bmc};
}

export function action(instance: PluginInstance, id: string): ActionDef {
	const def = instance.actions?.find(candidate => candidate.id === id);
	if (!def) throw new Error(`no action ${id}`);
	return def;
}
