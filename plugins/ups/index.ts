// Plugin `ups`: UPSes over SNMP, APC PowerNet-MIB (upsBasic/upsAdv/high precision) and the
// standard UPS-MIB (RFC 1628) for other vendors. Entity: one `ups` per source.
import {Type} from '@sinclair/typebox';
import {definePlugin} from '../../src/plugin-api.js';
import {checkSnmp, snmpFields, snmpOptionsFrom, snmpSecretFields} from '../../protocols/snmp/config.js';
import {fetchUps} from './client.js';
import {parseUps} from './parse.js';

export const plugin = definePlugin({
	type: 'ups',
	description: 'UPS over SNMP: APC PowerNet (incl. high-precision NMC2/NMC3 values) and the RFC 1628 UPS-MIB',
	schema: Type.Object({
		...snmpFields,
		nominalWatts: Type.Optional(Type.Number({exclusiveMinimum: 0, description: 'Nominal real power, W, for load in watts from load %.'})),
	}),
	secretFields: snmpSecretFields,
	defaults: {interval: 10, timeout: 5},
	check: checkSnmp,
	create(config) {
		const options = snmpOptionsFrom(config);
		const {nominalWatts} = config;
		return {
			async poll(signal) {
				const vars = await fetchUps(options, signal);
				return {entities: [parseUps(vars, {source: config.id, ...(config.name ? {name: config.name} : {}), ...(nominalWatts ? {nominalWatts} : {})})]};
			},
		};
	},
});
