// A command that loads the plugins without polling (`config check`, a one-shot answered by
// `labdeck serve`, an attached console) must not load the protocol libraries: each plugin loads
// its own (ssh2, net-snmp, undici, ws, MQTT.js, proxmox-api) at its first connection. Checked in
// a child process on the TypeScript sources, with a module-resolution hook that records every
// package imported, and Node's CommonJS cache for the two required at run time.
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const libraries = ['ssh2', 'net-snmp', 'undici', 'ws', 'mqtt', 'proxmox-api'];

// Records bare specifiers (packages) resolved through Node's ESM loader into $LAZY_LOG.
const hook = `
import {appendFileSync} from 'node:fs';
export async function resolve(specifier, context, next) {
	if (!/^(node:|\\.|\\/|file:|data:)/.test(specifier)) appendFileSync(process.env.LAZY_LOG, specifier.split('/')[0] + '\\n');
	return next(specifier, context);
}`;
const register = `import {register} from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`;

function loadedBy(script: string): string[] {
	const dir = mkdtempSync(path.join(tmpdir(), 'labdeck-lazy-'));
	const log = path.join(dir, 'resolved.txt');
	try {
		const result = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(register)}`, '--import', 'tsx', '--input-type=module', '-e', script], {cwd: root, encoding: 'utf8', env: {...process.env, LAZY_LOG: log}, timeout: 60_000});
		expect(result.stderr).not.toMatch(/Error/);
		expect(result.status).toBe(0);
		const required = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as string[];
		let resolved: string[] = [];
		try {
			resolved = readFileSync(log, 'utf8').split('\n').filter(Boolean);
		} catch {}
		return [...new Set([...resolved, ...required])];
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}

// Packages the child required through CommonJS, from require.cache.
const printRequired = `
import {createRequire} from 'node:module';
const cache = createRequire(import.meta.url).cache;
console.log(JSON.stringify(Object.keys(cache).filter(file => file.includes('/node_modules/')).map(file => file.split('/node_modules/').at(-1).split('/')[0])));`;

describe('protocol libraries load at first use', () => {
	it('are not loaded by loading every plugin and creating a source of each type', () => {
		const loaded = loadedBy(`
import {plugins} from './plugins/registry.ts';
const all = await plugins.load();
const deps = {transport: () => undefined, localTransport: {host: 'local', exec: async () => ({stdout: '', stderr: '', code: 0})}, warn() {}, requestPoll() {}};
const configs = {
	proxmox: {host: '127.0.0.1', tokenId: 'a@pve!b', token: 't'},
	ssh: {host: '127.0.0.1', user: 'u', password: 'p'},
	'apc-pdu': {host: '127.0.0.1'},
	ups: {host: '127.0.0.1'},
	redfish: {host: '127.0.0.1', user: 'u', password: 'p'},
	homeassistant: {host: '127.0.0.1', token: 't'},
	homeseer: {host: '127.0.0.1'},
	mqtt: {url: 'mqtt://127.0.0.1:1', topics: []},
};
const instances = [];
for (const plugin of all) {
	if (!(plugin.type in configs)) continue;
	instances.push(plugin.create({id: plugin.type, type: plugin.type, interval: 60, timeout: 1, caps: {}, ...configs[plugin.type]}, deps));
}
for (const instance of instances) await instance.close?.();
${printRequired}`);
		for (const library of libraries) expect(loaded, `${library} was loaded`).not.toContain(library);
	});

	it('are loaded by the plugins that use them when they connect (the check above can fail)', () => {
		const loaded = loadedBy(`
import {snmp} from './protocols/snmp/net-snmp.ts';
import {ssh2} from './plugins/ssh/ssh2.ts';
import {PinnedAgent} from './protocols/pinned-tls.ts';
snmp();
ssh2();
await new PinnedAgent({source: 'x', keepAliveTimeout: 1000, connections: 1}).get().then(agent => agent.close());
${printRequired}`);
		expect(loaded).toEqual(expect.arrayContaining(['ssh2', 'net-snmp', 'undici']));
	});
});
