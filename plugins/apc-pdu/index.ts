// Plugin `apc-pdu`: APC switched/metered rack PDUs over SNMP (PowerNet-MIB: MasterSwitch sPDU,
// AP79xx rPDU, 2G rPDU2). Entities: one `pdu` and one `outlet` per outlet; actions: outlet on,
// off, reboot (SNMP SET with the write credentials).
import {Type} from '@sinclair/typebox';
import {definePlugin} from '../../src/plugin-api.js';
import {checkSnmp, snmpFields, snmpOptionsFrom, snmpSecretFields} from '../../protocols/snmp/config.js';
import {outletActions} from './actions.js';
import {fetchPdu} from './client.js';
import type {Generation} from './oids.js';
import {parsePdu} from './parse.js';

export const plugin = definePlugin({
	type: 'apc-pdu',
	description: 'APC rack PDU over SNMP (MasterSwitch, AP79xx incl. AP7921, 2G AP79xxB/AP8xxx): load, outlets, outlet on/off/reboot',
	schema: Type.Object({
		...snmpFields,
		ratingAmps: Type.Optional(Type.Number({exclusiveMinimum: 0, description: 'Rated current, when the PDU does not report it.'})),
	}),
	secretFields: snmpSecretFields,
	defaults: {interval: 10, timeout: 5},
	check: checkSnmp,
	create(config, deps) {
		const options = snmpOptionsFrom(config);
		const {ratingAmps} = config;
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
});
