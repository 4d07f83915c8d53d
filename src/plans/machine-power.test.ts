// The routes machine power actions take through a topology device: BMC first, then Wake-on-LAN,
// dead outlets switched on first, and an outlet power cycle only as the last resort.
import {describe, expect, it} from 'vitest';
import type {Entity} from '../entities.js';
import type {Device} from '../model.js';
import {testView} from '../../test/support/actions.js';
import {powerOffAction, powerOffRoute, powerOnAction, powerOnRoute} from './machine-power.js';

const entity = (fields: Record<string, unknown>) => ({seenAt: 1, localId: String(fields.id).split('/').pop(), name: String(fields.id).split('/').pop(), ...fields}) as unknown as Entity;
const host = entity({id: 'host:ssh/box', kind: 'host', source: 'ssh', role: 'remote', isOnline: true});
const bmc = (powerState: string) => entity({id: 'bmc:idrac/system', kind: 'bmc', source: 'idrac', name: 'box-idrac', powerState});
const outlet = (n: number, state: string) => entity({id: `outlet:pdu/${n}`, kind: 'outlet', source: 'pdu', name: `outlet ${n}`, state});
const wol = entity({id: 'host:wol/box', kind: 'host', source: 'wol', role: 'remote', isOnline: null});
const device = (entities: readonly string[], power: readonly string[]): Device => ({id: 'box', name: 'box', entities, power});

function view(entities: readonly Entity[], devices: readonly Device[], offered: Readonly<Record<string, readonly string[]>>) {
	return {...testView(entities, {devices}), actions: (id: string) => offered[id] ?? []};
}

describe('machine power routes', () => {
	it('power on: the BMC’s button, after switching a dead outlet on', () => {
		const d = device(['host:ssh/box', 'bmc:idrac/system'], ['outlet:pdu/1']);
		const v = view([host, bmc('off'), outlet(1, 'off')], [d], {'bmc:idrac/system': ['bmc.power-on'], 'outlet:pdu/1': ['outlet.on']});
		expect(powerOnRoute(v, d).map(step => `${step.action} ${step.targets.join(',')}`)).toEqual(['outlet.on outlet:pdu/1', 'bmc.power-on bmc:idrac/system']);
		expect(powerOnAction.describe!([host], {}, v)).toEqual(['powers on box:', '  1. switch on outlet 1 (outlet.on)', '  2. press the power button through BMC box-idrac (bmc.power-on)']);
		expect(typeof powerOnAction.risk === 'function' && powerOnAction.risk([host], v)).toBe('low');
	});

	it('power on: Wake-on-LAN without a BMC; an outlet cycle (high risk) only as the last resort, never on a shared outlet', () => {
		const d = device(['host:ssh/box', 'host:wol/box'], ['outlet:pdu/1']);
		expect(powerOnRoute(view([host, wol, outlet(1, 'on')], [d], {'host:wol/box': ['host.wake']}), d).map(step => step.action)).toEqual(['host.wake']);
		const bare = device(['host:ssh/box'], ['outlet:pdu/1']);
		const v = view([host, outlet(1, 'on')], [bare], {'outlet:pdu/1': ['outlet.off', 'outlet.reboot']});
		expect(powerOnRoute(v, bare).map(step => step.action)).toEqual(['outlet.reboot']);
		expect(typeof powerOnAction.risk === 'function' && powerOnAction.risk([host], v)).toBe('high');
		const shared = view([host, outlet(1, 'on')], [bare, {id: 'switch', name: 'switch', entities: [], power: ['outlet:pdu/1']}], {'outlet:pdu/1': ['outlet.reboot']});
		expect(powerOnRoute(shared, bare)).toEqual([]);
		expect(powerOnAction.validate!([host], {}, shared)).toBe('no way to power on box: its device has no BMC, no Wake-on-LAN entry and no outlet of its own');
	});

	it('power off hard: the BMC’s force-off before the outlet; a host in no device is refused with what to configure', () => {
		const d = device(['host:ssh/box', 'bmc:idrac/system'], ['outlet:pdu/1']);
		const v = view([host, bmc('on'), outlet(1, 'on')], [d], {'bmc:idrac/system': ['bmc.force-off'], 'outlet:pdu/1': ['outlet.off']});
		expect(powerOffRoute(v, d).map(step => step.action)).toEqual(['bmc.force-off']);
		expect(typeof powerOffAction.risk === 'function' && powerOffAction.risk([host], v)).toBe('destructive');
		expect(powerOffRoute(view([host, outlet(1, 'on')], [d], {'outlet:pdu/1': ['outlet.off']}), d).map(step => step.action)).toEqual(['outlet.off']);
		expect(powerOffAction.validate!([host], {}, view([host], [], {}))).toMatch(/^box is in no topology device: list it in a device's "entities"/);
	});
});
