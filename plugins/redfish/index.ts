// The `redfish` plugin: server BMCs (HPE iLO, Dell iDRAC, Cisco CIMC, Supermicro) over Redfish.
// Each computer system the BMC manages becomes a `bmc` entity: power state, health per
// subsystem, thermal and power readings with the BMC's thresholds, event log, power actions.
import {Type} from '@sinclair/typebox';
import {bmcKind} from '../../src/kinds/bmc.js';
import {definePlugin, type PluginConfig} from '../../src/plugin-api.js';
import {Port, tlsPinFields} from '../../src/schema-types.js';
import {bmcActions} from './actions.js';
import {RedfishClient} from './client.js';
import {RedfishSource} from './source.js';

const schema = Type.Object({
	host: Type.String({minLength: 1, description: 'Address of the BMC'}),
	port: Type.Optional(Port('HTTPS port; 443 when absent')),
	user: Type.String({minLength: 1, description: 'BMC account'}),
	password: Type.Optional(Type.String({description: 'BMC password (prefer passwordEnv or passwordCommand)'})),
	...tlsPinFields('BMC certificate'),
	inventoryInterval: Type.Optional(Type.Number({exclusiveMinimum: 0, description: 'Seconds between re-reads of model, serial, firmware and links; 14400 when absent'})),
	maxInFlight: Type.Optional(Type.Integer({minimum: 1, maximum: 8, description: 'Requests in flight at once to this BMC; 3 when absent'})),
});

export type RedfishConfig = PluginConfig<typeof schema>;

export const plugin = definePlugin({
	type: 'redfish',
	description: 'Server BMCs over Redfish (iLO, iDRAC, CIMC, Supermicro): power, health, thermal, power supplies, event log, power actions',
	schema,
	secretFields: ['password'],
	defaults: {interval: 30, timeout: 20},
	alertRules: bmcKind.rules,
	check(config) {
		return config.password === undefined ? '"password" is required (or passwordEnv / passwordCommand)' : undefined;
	},
	create(config, deps) {
		const rawConfig = config;
		const isInsecure = config.insecure === true;
		if (isInsecure) deps.warn(`${rawConfig.id}: TLS verification is disabled (insecure: true)`);
		if (isInsecure && config.fingerprint) deps.warn(`${rawConfig.id}: "fingerprint" is set, so it is checked although insecure is true`);
		const client = new RedfishClient({
			source: rawConfig.id,
			host: config.host,
			port: config.port ?? 443,
			user: config.user,
			password: config.password ?? '',
			fingerprint: config.fingerprint,
			isInsecure,
			timeoutMs: rawConfig.timeout * 1000,
			maxInFlight: config.maxInFlight ?? 3,
		});
		const redfish = new RedfishSource(client, {source: rawConfig.id, name: rawConfig.name ?? rawConfig.id, inventoryTtlMs: (config.inventoryInterval ?? 14_400) * 1000});
		return {
			poll: async signal => redfish.poll(signal),
			actions: bmcActions({source: rawConfig.id, client, redfish, requestPoll: () => deps.requestPoll()}),
			close: async () => client.close(),
		};
	},
});
