// Shared by the nut tests: a plugin instance on a source config, a fake action context, fixtures.
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import type {Entity, EntityDraft} from '../../src/entities.js';
import type {ActionDef, ActionRunContext, ActionView, PluginInstance} from '../../src/plugin-api.js';
import {plugin} from '../../plugins/nut/index.js';
import {testRunContext, testView} from './actions.js';

export const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`../../fixtures/nut/${name}`, import.meta.url)), 'utf8');

export function createInstance(fields: Record<string, unknown>, warnings: string[] = []): PluginInstance {
	return plugin.create(
		{id: 'nut-test', type: 'nut', interval: 5, timeout: 1, host: '127.0.0.1', ...fields},
		{transport: () => undefined, localTransport: {host: 'test', exec: async () => ({stdout: '', stderr: '', code: 0})}, warn: message => warnings.push(message), requestPoll() {}},
	);
}

export function asEntities(drafts: readonly EntityDraft[]): Entity[] {
	return drafts.map(draft => ({...draft, seenAt: 0}) as Entity);
}

export const viewOf = (entities: readonly Entity[], dependents: Record<string, string[]> = {}): ActionView => testView(entities, {dependents});

export const runContext = (view: ActionView, params: Record<string, string> = {}, signal = new AbortController().signal): ActionRunContext => testRunContext({view, params, signal});

export function action(instance: PluginInstance, id: string): ActionDef {
	const def = instance.actions?.find(candidate => candidate.id === id);
	if (!def) throw new Error(`no action ${id}`);
	return def;
}
