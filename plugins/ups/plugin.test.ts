import dgram from 'node:dgram';
import {EventEmitter} from 'node:events';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';
import type {UpsEntity} from '../../src/entities.js';
import {TimeoutError} from '../../src/errors.js';
import type {PluginDeps, SourceConfig} from '../../src/plugin-api.js';
import {plugin} from './index.js';
import {startUpsSimulator, type UpsSimulatorOptions} from './sim/simulator.js';

const fixture = fileURLToPath(new URL('../../fixtures/ups/smart-ups-3000-nmc2.snmprec', import.meta.url));
const deps: PluginDeps = {transport: () => undefined, localTransport: {host: 'local', exec: async () => ({stdout: '', stderr: '', code: 0})}, warn: () => {}, requestPoll: () => {}};
const stops: (() => Promise<void> | void)[] = [];
afterEach(async () => {
	while (stops.length > 0) await stops.pop()!();
});

async function sim(extra: Partial<UpsSimulatorOptions> = {}) {
	const simulator = await startUpsSimulator({fixture, ...extra});
	stops.push(() => simulator.close());
	return simulator;
}

const configFor = (port: number, extra: Record<string, unknown> = {}): SourceConfig => ({id: 'ups-t', type: 'ups', interval: 5, timeout: 2, host: '127.0.0.1', port, community: 'public', nominalWatts: 2700, ...extra});
const pollUps = async (config: SourceConfig) => (await plugin.create(config, deps).poll(AbortSignal.timeout(5000))).entities[0] as UpsEntity;

describe('ups against its simulator', () => {
	it('reads the high-precision values over v2c and v1', async () => {
		const simulator = await sim({baseWatts: 1080});
		for (const version of ['2c', '1']) {
			const ups = await pollUps(configFor(simulator.port, {version}));
			expect(ups).toMatchObject({flags: ['online'], chargePercent: 100, runtimeSec: 2000, loadPercent: 40, loadWatts: 1080, inputVolts: 230.2});
		}
	});

	it('power-outage: on battery, charge and runtime drain with the load, which drops when outlets go off', async () => {
		let clock = 1_000_000;
		const events = new EventEmitter();
		const simulator = await sim({now: () => clock, events, pduEntityId: 'pdu:pdu-a/pdu', outletWatts: new Map([[1, 1000], [2, 800]]), capacityWh: 600});
		const config = configFor(simulator.port);
		expect((await pollUps(config)).flags).toEqual(['online']);
		events.emit('scenario', {name: 'power-outage'});
		clock += 60_000;
		const first = await pollUps(config);
		expect(first).toMatchObject({flags: ['on-battery'], statusText: 'On battery', inputVolts: 0, lastTransferReason: 'blackout', timeOnBatterySec: 60});
		expect(first.chargePercent).toBeCloseTo(95, 0); // 1800 W for 1 min = 30 Wh of 600
		expect(first.runtimeSec).toBe(1140);
		events.emit('outlet', {pdu: 'pdu:pdu-a/pdu', outlet: 1, state: 'off'});
		events.emit('outlet', {pdu: 'pdu:other/pdu', outlet: 2, state: 'off'});
		const shed = await pollUps(config);
		expect(shed.loadWatts).toBeGreaterThan(795); // load % in tenths × nominal
		expect(shed.runtimeSec).toBe(2565);
		clock += 2_500_000;
		const low = await pollUps(config);
		expect(low.flags).toEqual(['on-battery', 'low-battery']);
		expect(low.runtimeSec).toBeLessThan(120);
		simulator.setMains(true);
		expect((await pollUps(config)).flags).toEqual(['online']);
	});

	it('starts on battery when the demo lab runs the power-outage scenario', async () => {
		const simulator = await sim({scenario: 'power-outage', baseWatts: 500});
		expect((await pollUps(configFor(simulator.port))).flags).toContain('on-battery');
	});

	it('SNMPv3 authPriv', async () => {
		const simulator = await sim({v3User: {name: 'mon', authProtocol: 'sha', auth: 'auth-secret-9', privProtocol: 'aes', priv: 'priv-secret-9'}, baseWatts: 100});
		const ups = await pollUps(configFor(simulator.port, {version: '3', user: 'mon', auth: 'auth-secret-9', priv: 'priv-secret-9'}));
		expect(ups.model).toBe('Smart-UPS 3000');
	});

	it('a dead agent and a wrong community: TimeoutError within budget', async () => {
		const socket = dgram.createSocket('udp4');
		await new Promise<void>(resolve => socket.bind(0, '127.0.0.1', () => resolve()));
		stops.push(() => new Promise<void>(resolve => socket.close(() => resolve())));
		const started = Date.now();
		await expect(pollUps(configFor(socket.address().port, {requestTimeout: 0.2, retries: 1}))).rejects.toThrow(TimeoutError);
		expect(Date.now() - started).toBeLessThan(1000);
		const simulator = await sim();
		await expect(pollUps(configFor(simulator.port, {community: 'wrong', requestTimeout: 0.2, retries: 0}))).rejects.toThrow(/agent down or wrong community/);
	});

	it('a reply with wrong types gives unknowns, not a crash', async () => {
		const {parseSnmprec} = await import('../../protocols/snmp/sim/snmprec.js');
		const {readFileSync} = await import('node:fs');
		const records = parseSnmprec(readFileSync(fixture, 'utf8')).map(record =>
			record.oid.endsWith('.1.1.1.2.3.1.0') || record.oid.endsWith('.1.1.1.4.3.3.0') ? {...record, tag: 4, value: 'lots'} : record);
		const simulator = await sim({records, baseWatts: 100});
		const ups = await pollUps(configFor(simulator.port));
		expect(ups).toMatchObject({loadPercent: null, loadWatts: null, flags: ['online']});
	});

});
