// Plugin `apc-pdu`: APC switched/metered rack PDUs over SNMP (PowerNet-MIB: MasterSwitch sPDU,
// AP79xx rPDU, 2G rPDU2). Entities: one `pdu` and one `outlet` per outlet; actions: outlet on,
// off, reboot (SNMP SET with the write credentials).
import {join} from 'node:path';
import type {PluginDefinition} from '../../src/plugin-api.js';
import {snmpOptionsFrom, snmpSchemaProperties, snmpSecretFields} from '../snmp-common/config.js';
import {demoOutlets, demoPduEntity, demoPduSource, demoUpsEntity, demoVolts, demoOutletWatts} from '../snmp-common/demo-lab.js';
import {outletActions} from './actions.js';
import {fetchPdu} from './client.js';
import type {Generation} from './oids.js';
import {parsePdu} from './parse.js';
import {startPduSimulator} from './simulator.js';

const rackDevices = [
	{id: 'pve1', name: 'pve1', rack: 'main', u: 20, height: 2},
	{id: 'pve2', name: 'pve2', rack: 'main', u: 22, height: 2},
	{id: 'pve3', name: 'pve3', rack: 'main', u: 24, height: 2},
	{id: 'gpu-box-1', name: 'gpu-box-1', rack: 'main', u: 30, height: 4},
	{id: 'gpu-box-2', name: 'gpu-box-2', rack: 'main', u: 34, height: 4},
	{id: 'switch', name: 'switch', rack: 'main', u: 40, height: 1},
	{id: 'dev-ws', name: 'dev-ws'},
] as const;

export const plugin: PluginDefinition = {
	type: 'apc-pdu',
	description: 'APC rack PDU over SNMP (MasterSwitch, AP79xx incl. AP7921, 2G AP79xxB/AP8xxx): load, outlets, outlet on/off/reboot',
	schema: {
		type: 'object',
		properties: {
			...snmpSchemaProperties,
			ratingAmps: {type: 'number', exclusiveMinimum: 0, description: 'Rated current, when the PDU does not report it.'},
		},
		required: ['host'],
	},
	secretFields: snmpSecretFields,
	defaults: {interval: 10, timeout: 5},
	create(config, deps) {
		const options = snmpOptionsFrom(config);
		const ratingAmps = typeof config['ratingAmps'] === 'number' ? config['ratingAmps'] : undefined;
		let generation: Generation | undefined;
		let isKnown = false;
		const poll = async (signal: AbortSignal) => {
			const vars = await fetchPdu(options, signal);
			const result = parsePdu(vars, {source: config.id, ...(config.name ? {name: config.name} : {}), ...(ratingAmps ? {ratingAmps} : {})});
			generation = result.generation;
			isKnown = true;
			return {entities: result.entities, ...(result.partial ? {partial: result.partial} : {})};
		};
		return {
			poll,
			actions: outletActions({
				options,
				async generation(signal) {
					if (!isKnown) await poll(signal);
					return generation;
				},
				requestPoll: () => deps.requestPoll(),
			}),
		};
	},
	async demo(world) {
		const devices = new Map<number, string>();
		for (const entry of demoOutlets) if (entry.device) devices.set(entry.outlet, entry.device);
		const simulator = await startPduSimulator({
			fixture: join(world.fixturesDir, 'apc-pdu', 'ap8941-rpdu2.snmprec'),
			outletWatts: demoOutletWatts,
			volts: demoVolts,
			events: world.events,
			pduEntityId: demoPduEntity,
			devices,
		});
		const powered = rackDevices.map(device => {
			const entry = demoOutlets.find(outlet => outlet.device === device.id);
			return {
				...device,
				power: entry ? [`outlet:${demoPduSource}/${entry.outlet}`] : [],
				ups: demoUpsEntity,
				...(entry?.priority === undefined ? {} : {priority: entry.priority}),
			};
		});
		return {
			sources: [{
				id: demoPduSource,
				type: 'apc-pdu',
				name: 'PDU A (AP8941)',
				interval: 5,
				timeout: 4,
				host: '127.0.0.1',
				port: simulator.port,
				version: '2c',
				community: simulator.community,
				writeCommunity: simulator.writeCommunity,
			}],
			devices: [
				{id: 'pdu-a', name: 'PDU A', rack: 'main', u: 1, height: 1, ups: demoUpsEntity, entities: [demoPduEntity]},
				{id: 'ups-a', name: 'UPS A', rack: 'main', u: 2, height: 2, entities: [demoUpsEntity]},
				...powered,
			],
			stop: () => simulator.close(),
		};
	},
};
