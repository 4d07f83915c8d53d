// Plugin `ups`: UPSes over SNMP, APC PowerNet-MIB (upsBasic/upsAdv/high precision) and the
// standard UPS-MIB (RFC 1628) for other vendors. Entity: one `ups` per source.
import {join} from 'node:path';
import type {PluginDefinition} from '../../src/plugin-api.js';
import {snmpOptionsFrom, snmpSchemaProperties, snmpSecretFields} from '../snmp-common/config.js';
import {demoOutlets, demoPduEntity, demoUpsSource} from '../snmp-common/demo-lab.js';
import {fetchUps} from './client.js';
import {parseUps} from './parse.js';
import {startUpsSimulator} from './simulator.js';

export const plugin: PluginDefinition = {
	type: 'ups',
	description: 'UPS over SNMP: APC PowerNet (incl. high-precision NMC2/NMC3 values) and the RFC 1628 UPS-MIB',
	schema: {
		type: 'object',
		properties: {
			...snmpSchemaProperties,
			nominalWatts: {type: 'number', exclusiveMinimum: 0, description: 'Nominal real power, W, for load in watts from load %.'},
		},
		required: ['host'],
	},
	secretFields: snmpSecretFields,
	defaults: {interval: 10, timeout: 5},
	create(config) {
		const options = snmpOptionsFrom(config);
		const nominalWatts = typeof config['nominalWatts'] === 'number' ? config['nominalWatts'] : undefined;
		return {
			async poll(signal) {
				const vars = await fetchUps(options, signal);
				return {entities: [parseUps(vars, {source: config.id, ...(config.name ? {name: config.name} : {}), ...(nominalWatts ? {nominalWatts} : {})})]};
			},
		};
	},
	async demo(world) {
		const simulator = await startUpsSimulator({
			fixture: join(world.fixturesDir, 'ups', 'smart-ups-3000-nmc2.snmprec'),
			outletWatts: new Map(demoOutlets.map(entry => [entry.outlet, entry.watts])),
			pduEntityId: demoPduEntity,
			nominalWatts: 2700,
			capacityWh: 600,
			events: world.events,
			scenario: world.scenario,
		});
		return {
			sources: [{
				id: demoUpsSource,
				type: 'ups',
				name: 'UPS A (Smart-UPS 3000)',
				interval: 5,
				timeout: 4,
				host: '127.0.0.1',
				port: simulator.port,
				version: '2c',
				community: simulator.community,
				nominalWatts: 2700,
			}],
			stop: () => simulator.close(),
		};
	},
};
