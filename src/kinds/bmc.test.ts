// The bmc kind module: cells, filter fields, detail sections and default alert rules over a BMC
// entity as the redfish plugin reports it.
import {emptyTopology} from '../topology.js';
import {describe, expect, it} from 'vitest';
import type {BmcEntity} from '../entities.js';
import {emptySnapshot} from '../store.js';
import {bmcKind, criticalMargin, inletTemperature} from './bmc.js';

const now = Date.parse('2026-12-02T06:00:00Z');
const context = {snapshot: emptySnapshot('lab'), now, topology: emptyTopology};

const bmc: BmcEntity = {
	id: 'bmc:r640-bmc/System.Embedded.1', kind: 'bmc', source: 'r640-bmc', localId: 'System.Embedded.1', name: 'r640', seenAt: now,
	model: 'PowerEdge R640', manufacturer: 'Dell Inc.', serial: 'CN7016389Q0456', hostname: 'r640-a', biosVersion: '2.19.1', bmcFirmware: '7.00.00.172',
	powerState: 'on', chassisPowerState: 'on', health: 'warning',
	subsystems: {system: 'warning', thermal: 'ok', power: 'warning', manager: 'ok'},
	indicatorLed: 'off',
	temperatures: [
		{name: 'CPU1 Temp', celsius: 61, upperNonCritical: 88, upperCritical: 93, upperFatal: 98, health: 'ok'},
		{name: 'Inlet Temp', celsius: 24, upperNonCritical: 37, upperCritical: 42, upperFatal: 47, health: 'ok'},
	],
	fans: [{name: 'Fan1A', value: 6720, unit: 'RPM', health: 'ok'}, {name: 'Fan2A', value: null, unit: 'RPM', health: null}],
	fanRedundancyLost: false,
	powerSupplies: [{name: 'PS1', health: 'ok', inputWatts: 154, lineVolts: 230, capacityWatts: 1100}, {name: 'PS2', health: 'warning', inputWatts: null, lineVolts: null, capacityWatts: 1100}],
	psuRedundancyLost: true,
	powerWatts: 290,
	events: [{id: '7', time: '2026-12-02T05:40:00Z', severity: 'warning', message: 'PS2 input lost', log: 'Sel'}],
	resetTypes: ['On', 'ForceOff'],
};

const firing = (entity: BmcEntity) => (bmcKind.rules ?? []).filter(rule => {
	const value = rule.metric(entity, now);
	return value !== null && value >= rule.trigger;
}).map(rule => rule.id);

describe('bmc kind', () => {
	it('draws the table cells, with unknowns as a dash', () => {
		const cells = Object.fromEntries(bmcKind.columns.map(column => [column.id, column.cell(bmc, context)]));
		expect(cells).toEqual({name: 'r640', power: 'on', health: 'warning', inlet: '24°C', watts: '290 W', psu: 'lost', fans: '1/2', model: 'PowerEdge R640', serial: 'CN7016389Q0456'});
		const unknown: BmcEntity = {...bmc, temperatures: [], powerWatts: null, fans: [], psuRedundancyLost: null, model: null};
		expect(bmcKind.columns.find(column => column.id === 'inlet')!.cell(unknown, context)).toBe('–');
		expect(bmcKind.columns.find(column => column.id === 'watts')!.cell(unknown, context)).toBe('–');
		expect(bmcKind.columns.find(column => column.id === 'fans')!.cell(unknown, context)).toBe('–');
	});

	it('finds the inlet sensor and the margin to the critical threshold', () => {
		expect(inletTemperature(bmc)?.name).toBe('Inlet Temp');
		expect(criticalMargin(bmc)).toBe(-18);
	});

	it('filters by host name and serial (what links the BMC to its machine)', () => {
		expect(bmcKind.filterFields(bmc, context)).toMatchObject({host: 'r640-a', serial: 'CN7016389Q0456', power: 'on', health: 'warning'});
	});

	it('details every subsystem, sensor, supply and event', () => {
		const sections = bmcKind.detail(bmc, context);
		expect(sections.map(section => section.title)).toEqual(['Machine', 'Health', 'Temperatures', 'Fans', 'Power supplies (redundancy lost)', 'Event log']);
		expect(sections[2]!.lines![0]!.text).toBe('CPU1 Temp: 61 °C (warn 88, crit 93, fatal 98)');
		expect(sections[4]!.lines![1]).toEqual({text: 'PS2: warning, in –, –', tone: 'status.warn'});
	});

	it('fires the warning and redundancy rules, not the critical ones', () => {
		expect(firing(bmc).sort()).toEqual(['bmc.power-warning', 'bmc.psu-redundancy-lost', 'bmc.system-warning']);
		const calm: BmcEntity = {...bmc, health: 'ok', subsystems: {system: 'ok', thermal: 'ok', power: 'ok', manager: 'ok'}, psuRedundancyLost: false};
		expect(firing(calm)).toEqual([]);
		const unknown: BmcEntity = {...calm, subsystems: {system: null, thermal: null, power: null, manager: null}, psuRedundancyLost: null};
		expect((bmcKind.rules ?? []).map(rule => rule.metric(unknown, now)).filter(value => value !== null && value > 0)).toEqual([]);
	});
});
