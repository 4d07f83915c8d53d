// Secret commands run when their source polls, each within its own timeout, concurrently: a
// hanging one delays only its own source, and no command line reaches output or the state file.
import {Type} from '@sinclair/typebox';
import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {resolveConfig} from './config.js';
import {openLab} from './lab.js';
import type {PluginDefinition} from './plugin-api.js';
import {redact, runSecretCommands} from './secrets.js';

const seen: Record<string, string> = {};
const fakePlugin: PluginDefinition = {
	type: 'fake',
	description: 'test plugin',
	schema: Type.Object({token: Type.Optional(Type.String())}),
	secretFields: ['token'],
	defaults: {interval: 60, timeout: 2},
	create: config => ({
		poll: async () => {
			seen[config.id] = String(config.token);
			return {entities: []};
		},
	}),
};

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'labdeck-secrets-'));
});
afterEach(() => rmSync(dir, {recursive: true, force: true}));

describe('secret commands', () => {
	it('a hanging command delays only its own source, fails within its budget naming the field, never the command', async () => {
		const config = await resolveConfig({lab: 't', sources: [
			{id: 'fast', type: 'fake', token: 'literal'},
			{id: 'quick-cmd', type: 'fake', tokenCommand: 'echo from-command'},
			{id: 'hang', type: 'fake', tokenCommand: 'sleep 30 # hunter2'},
			{id: 'fail', type: 'fake', tokenCommand: 'echo hunter2-output; exit 3'},
		]}, null, [fakePlugin], {});
		const lab = openLab({config, stateDir: dir, shouldPersist: true});
		const started = performance.now();
		const okAt: Record<string, number> = {};
		lab.store.subscribe(() => {
			for (const source of Object.values(lab.store.getSnapshot().sources)) if (source.status === 'ok') okAt[source.id] ??= performance.now() - started;
		});
		await lab.poller.pollOnce();
		const elapsed = performance.now() - started;
		const sources = lab.store.getSnapshot().sources;
		expect(okAt.fast).toBeLessThan(500);
		expect(okAt['quick-cmd']).toBeLessThan(1000);
		expect(seen).toMatchObject({fast: 'literal', 'quick-cmd': 'from-command'});
		expect(sources.hang).toMatchObject({status: 'down', errorName: 'ConfigError', lastError: 'hang: tokenCommand: the tokenCommand command did not finish within 1.8 s'});
		expect(elapsed).toBeLessThan(2500); // within the source's 2 s timeout, not the command's 30 s
		expect(sources.fail).toMatchObject({status: 'down', lastError: 'fail: tokenCommand: the tokenCommand command exited with status 3'});
		await lab.close();
		const state = readdirSync(dir).filter(name => name.startsWith('state-')).map(name => readFileSync(path.join(dir, name), 'utf8')).join('');
		expect(state).toContain('tokenCommand');
		expect(state).not.toMatch(/hunter2|sleep 30/);
	});

	it('runs several commands of one source at once, each with its own timeout', async () => {
		const started = performance.now();
		await expect(runSecretCommands({token: 'sleep 0.5; echo a', password: 'sleep 0.5; echo b'}, 's')).resolves.toEqual({token: 'a', password: 'b'});
		expect(performance.now() - started).toBeLessThan(950);
		await expect(runSecretCommands({token: 'sleep 5'}, 's', {timeoutMs: 200})).rejects.toThrow('s: tokenCommand: the tokenCommand command did not finish within 0.2 s');
	});

	it('redacts secret values and command lines for display', () => {
		expect(redact({token: 'x', tokenCommand: 'pass show pve', host: 'h'}, ['token'])).toEqual({token: '********', tokenCommand: '********', host: 'h'});
	});
});
