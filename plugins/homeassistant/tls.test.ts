// HTTPS and WSS to Home Assistant: a pinned self-signed certificate is accepted (REST and the live
// WebSocket), a wrong pin and an untrusted certificate are refused with one line that names the
// peer's fingerprint. The certificate is made by `openssl` for this test run (test/support/cert.ts).
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {PluginDeps, PluginInstance, SourceConfig} from '../../src/plugin-api.js';
import {makeTestCertificate, type TestCertificate} from '../../test/support/cert.js';
import {plugin} from './index.js';
import {startHaSimulator, type HaSimulator} from './sim/server.js';

const states = [{entity_id: 'automation.a', state: 'on', attributes: {friendly_name: 'A'}, last_changed: '2026-12-01T00:00:00Z', last_updated: '2026-12-01T00:00:00Z'}];
const deps: PluginDeps = {transport: () => undefined, localTransport: {host: 't', exec: async () => Promise.reject(new Error('unused'))}, warn() {}, requestPoll() {}};
let sim: HaSimulator;
let fingerprint = '';
const instances: PluginInstance[] = [];

let certificate: TestCertificate;
beforeAll(async () => {
	certificate = await makeTestCertificate('ha-sim');
	fingerprint = certificate.fingerprint256;
	sim = await startHaSimulator({states, config: {location_name: 'TLS HA'}, token: 't', tls: {key: certificate.key, cert: certificate.cert}});
});
afterAll(async () => {
	for (const instance of instances) await instance.close?.();
	await sim.stop();
	await certificate.dispose();
});

function start(extra: Record<string, unknown>): PluginInstance {
	const instance = plugin.create({id: 'ha-tls', type: 'homeassistant', interval: 5, timeout: 2, host: '127.0.0.1', port: sim.port, tls: true, token: 't', ...extra} as SourceConfig, deps);
	instances.push(instance);
	return instance;
}

describe('homeassistant over TLS', () => {
	it('accepts the pinned certificate over REST and the WebSocket', async () => {
		const source = start({fingerprint});
		expect((await source.poll(AbortSignal.timeout(5000))).entities).toHaveLength(1);
		const deadline = Date.now() + 5000;
		while (sim.subscriberCount === 0 && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 20));
		expect(sim.subscriberCount).toBe(1);
	});

	it('refuses a wrong pin and an untrusted certificate, naming the fingerprint', async () => {
		const wrong = '00'.repeat(32);
		await expect(start({fingerprint: wrong}).poll(AbortSignal.timeout(5000))).rejects.toThrow(/^ha-tls: TLS handshake: certificate fingerprint mismatch: expected 00:00:.*, got [0-9A-F:]{95}$/);
		await expect(start({}).poll(AbortSignal.timeout(5000))).rejects.toThrow(`certificate not trusted (DEPTH_ZERO_SELF_SIGNED_CERT); its SHA-256 fingerprint is ${fingerprint}: set "fingerprint" to pin it`);
	});
});
