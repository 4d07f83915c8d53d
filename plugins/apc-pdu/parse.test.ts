import {existsSync, readFileSync} from 'node:fs';
import {basename} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import type {OutletEntity, PduEntity} from '../../src/entities.js';
import {DeviceReplyError} from '../../src/errors.js';
import {parseSnmprec, snmprecToVarMap} from '../../protocols/snmp/sim/snmprec.js';
import {snmprecFiles} from '../../protocols/snmp/sim/snmpsim.js';
import {parsePdu} from './parse.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/apc-pdu/${name}`, import.meta.url));
const corpusDir = fileURLToPath(new URL('../../../shared/corpus/snmp-apc-pdu/', import.meta.url));
const varsOf = (file: string) => snmprecToVarMap(parseSnmprec(readFileSync(file, 'utf8')));

function split(entities: readonly unknown[]) {
	const [pdu, ...outlets] = entities as [PduEntity, ...OutletEntity[]];
	return {pdu, outlets};
}

describe('parsePdu per table generation', () => {
	it('rPDU2 (AP8941): switched state, metered load, device power and energy', () => {
		const result = parsePdu(varsOf(fixture('ap8941-rpdu2.snmprec')), {source: 'pdu-a'});
		const {pdu, outlets} = split(result.entities);
		expect(result.generation).toBe('rpdu2');
		expect(pdu).toMatchObject({id: 'pdu:pdu-a/pdu', model: 'AP8941', powerWatts: 2160, ratingAmps: 16, loadState: 'normal', outletCount: 8, energyKwh: 4821.3});
		expect(pdu.loadAmps).toBeCloseTo(9.4, 1);
		expect(outlets).toHaveLength(8);
		expect(outlets[3]).toMatchObject({id: 'outlet:pdu-a/4', localId: '4', pdu: 'pdu:pdu-a/pdu', number: 4, name: 'gpu-box-1', state: 'on', powerWatts: 650, loadAmps: 2.8});
	});

	it('rPDU (AP7921): outlet status table, load from rPDULoadStatus, no per-outlet metering', () => {
		const result = parsePdu(varsOf(fixture('ap7921-rpdu.snmprec')), {source: 'closet'});
		const {pdu, outlets} = split(result.entities);
		expect(result.generation).toBe('rpdu');
		expect(pdu).toMatchObject({model: 'AP7921', ratingAmps: 16, loadState: 'normal', phases: [{name: 'Phase 1', loadAmps: 1.3}]});
		expect(outlets.map(outlet => outlet.state)).toEqual(['on', 'on', 'on', 'off', 'on', 'off', 'on', 'on']);
		expect(outlets[0]).toMatchObject({name: 'fw', loadAmps: null, powerWatts: null});
	});

	it('sPDU (MasterSwitch): outlet control table only, everything else unknown', () => {
		const result = parsePdu(varsOf(fixture('masterswitch-spdu.snmprec')), {source: 'ms'});
		const {pdu, outlets} = split(result.entities);
		expect(result.generation).toBe('spdu');
		expect(pdu).toMatchObject({model: 'AP9211', loadAmps: null, powerWatts: null, ratingAmps: null, loadState: 'unknown'});
		expect(outlets.filter(outlet => outlet.state === 'off').map(outlet => outlet.number)).toEqual([2, 4, 7]);
	});

	it('24-outlet rPDU2 fixture: one outlet off with no load', () => {
		const {pdu, outlets} = split(parsePdu(varsOf(fixture('ap8959-24-rpdu2.snmprec')), {source: 'b'}).entities);
		expect(outlets).toHaveLength(24);
		expect(outlets[16]).toMatchObject({state: 'off', powerWatts: 0});
		expect(pdu.outletCount).toBe(24);
	});
});

describe('parsePdu on bad replies', () => {
	it('a reply with no APC table is a DeviceReplyError', () => {
		expect(() => parsePdu(new Map([['1.3.6.1.2.1.1.1.0', 'Linux box']]), {source: 'x'})).toThrow(DeviceReplyError);
		expect(() => parsePdu(new Map(), {source: 'x'})).toThrow(/no APC PDU table/);
	});

	it('wrong types become unknown, not numbers', () => {
		const vars = varsOf(fixture('ap8941-rpdu2.snmprec'));
		vars.set('1.3.6.1.4.1.318.1.1.26.9.2.3.1.5.2', 'on');
		vars.set('1.3.6.1.4.1.318.1.1.26.9.4.3.1.7.2', 'lots');
		vars.set('1.3.6.1.4.1.318.1.1.26.4.3.1.5.1', 'n/a');
		vars.set('1.3.6.1.4.1.318.1.1.26.9.2.3.1.3.3', 7);
		const {pdu, outlets} = split(parsePdu(vars, {source: 'x'}).entities);
		expect(outlets[1]).toMatchObject({state: 'unknown', powerWatts: null});
		expect(outlets[2]!.name).toBe('pve3');
		expect(pdu.powerWatts).toBe(2155); // rPDUIdentDevicePowerWatts when the rPDU2 device row is garbage
	});

	it('a table that ends early is reported as partial', () => {
		const vars = varsOf(fixture('ap7921-rpdu.snmprec'));
		for (const oid of [...vars.keys()]) if (/^1\.3\.6\.1\.4\.1\.318\.1\.1\.12\.3\.5\.1\.1\.\d+\.[6-8]$/.test(oid)) vars.delete(oid);
		const result = parsePdu(vars, {source: 'x'});
		expect(result.entities).toHaveLength(6);
		expect(result.partial).toBe('outlet table ended after 5 of 8 outlets');
	});

	it('sentinels (-1) become null', () => {
		const vars = varsOf(fixture('ap8941-rpdu2.snmprec'));
		vars.set('1.3.6.1.4.1.318.1.1.26.4.3.1.5.1', -1);
		vars.set('1.3.6.1.4.1.318.1.1.12.1.16.0', -1);
		for (const oid of [...vars.keys()]) if (oid.startsWith('1.3.6.1.4.1.318.1.1.26.9.4.3.1.7.')) vars.delete(oid);
		vars.set('1.3.6.1.4.1.318.1.1.12.1.7.0', 4_294_967_295);
		const {pdu} = split(parsePdu(vars, {source: 'x'}).entities);
		expect(pdu.powerWatts).toBeNull();
		expect(pdu.ratingAmps).toBe(16); // falls back to the overload threshold
	});
});

const corpus = snmprecFiles(corpusDir);
if (corpus.length === 0) console.warn(`corpus folder ${corpusDir} is absent: corpus parser tests skipped`);

type Oracle = {sensors: {discovery: {sensors: {sensor_class: string; sensor_index: string; sensor_current: number; sensor_oid: string}[]}}};

describe.skipIf(corpus.length === 0)('parsePdu over ../shared/corpus/snmp-apc-pdu', () => {
	it.each(corpus.map(file => [basename(file), file]))('%s parses without throwing', (_name, file) => {
		const result = parsePdu(varsOf(file), {source: 'corpus'});
		const {pdu, outlets} = split(result.entities);
		expect(pdu.kind).toBe('pdu');
		for (const outlet of outlets) expect(['on', 'off']).toContain(outlet.state);
	});

	it('MasterSwitch: outlets 2, 3 and 5 off', () => {
		const {outlets} = split(parsePdu(varsOf(`${corpusDir}/apc_masterswitch2.snmprec`), {source: 'c'}).entities);
		expect(outlets.filter(outlet => outlet.state === 'off').map(outlet => outlet.number)).toEqual([2, 3, 5]);
	});

	it('AP8959EU3: 24 outlets, outlet 23 off', () => {
		const {pdu, outlets} = split(parsePdu(varsOf(`${corpusDir}/apc_ap8959eu3.snmprec`), {source: 'c'}).entities);
		expect(outlets).toHaveLength(24);
		expect(outlets.filter(outlet => outlet.state === 'off').map(outlet => outlet.number)).toEqual([23]);
		expect(pdu.model).toBe('AP8959EU3');
	});

	it.each(['apc_ap7900b', 'apc_masterswitch2', 'apc_ap8853'].filter(name => existsSync(`${corpusDir}/${name}.json`)))('%s agrees with the LibreNMS oracle', name => {
		const oracle = JSON.parse(readFileSync(`${corpusDir}/${name}.json`, 'utf8')) as Oracle;
		const {pdu, outlets} = split(parsePdu(varsOf(`${corpusDir}/${name}.snmprec`), {source: 'c'}).entities);
		for (const sensor of oracle.sensors.discovery.sensors) {
			if (sensor.sensor_oid.startsWith('.1.3.6.1.4.1.318.1.1.4.4.2.1.3.')) {
				const outlet = outlets.find(entry => entry.number === Number(sensor.sensor_oid.split('.').pop()));
				expect(outlet?.state).toBe(sensor.sensor_current === 1 ? 'on' : 'off');
			} else if (sensor.sensor_class === 'current') {
				const phase = pdu.phases.find(entry => entry.loadAmps === sensor.sensor_current);
				expect(phase, `phase/bank with ${sensor.sensor_current} A`).toBeDefined();
			} else if (sensor.sensor_class === 'power') {
				expect(pdu.powerWatts).toBe(sensor.sensor_current);
			} else if (sensor.sensor_class === 'power_consumed') {
				expect(pdu.energyKwh).toBe(sensor.sensor_current);
			}
		}
	});
});
