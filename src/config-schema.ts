// The JSON Schema of the whole config file (`labdeck config schema`), for editors: every plugin's
// source block (a `oneOf` told apart by `type`), racks, devices and key overrides. Built from the
// same schemas the loader validates with, so it cannot drift from them.
import {sourceBlockSchema} from './config.js';
import type {PluginDefinition} from './plugin-api.js';

const stringList = {type: 'array', items: {type: 'string'}} as const;

const rackSchema = {
	type: 'object',
	required: ['id'],
	properties: {
		id: {type: 'string', description: 'Unique rack id'},
		name: {type: 'string'},
		height: {type: 'integer', minimum: 1, description: 'Rack units; 42 when absent'},
	},
} as const;

const deviceSchema = {
	type: 'object',
	required: ['id'],
	properties: {
		id: {type: 'string', description: 'Unique device id (one entry per device)'},
		name: {type: 'string'},
		rack: {type: 'string', description: 'Id of the rack it sits in'},
		u: {type: 'integer', minimum: 1, description: 'Lowest rack unit it occupies'},
		height: {type: 'integer', minimum: 1, description: 'Rack units it occupies'},
		power: {...stringList, description: 'Outlet entity ids that feed it (outlet:pdu-a/3)'},
		ups: {type: 'string', description: 'UPS entity id behind it (ups:ups-a/ups)'},
		entities: {...stringList, description: 'Entity ids that live in it (host:pve/pve1, gpu:gpus/0)'},
		priority: {type: 'number', description: 'Shed-load order: lower is shed first'},
		neverShed: {type: 'boolean', description: 'Never switched off by a shed-load plan'},
		warnDelaySec: {type: 'number', minimum: 0, description: 'Seconds to warn before a shed step acts on it'},
		graceful: {type: 'object', properties: {
			guests: {...stringList, description: 'Guests shut down before its outlets go off (default: the running guests of its Proxmox node)'},
			stages: {type: 'array', items: {enum: ['guests', 'os', 'outlet']}, description: 'Shed stages in order; the outlet is always last (default guests, os, outlet)'},
			timeoutSec: {type: 'object', properties: {guests: {type: 'number', exclusiveMinimum: 0}, os: {type: 'number', exclusiveMinimum: 0}, outlet: {type: 'number', exclusiveMinimum: 0}}, additionalProperties: false, description: 'Seconds per stage (default guests 300, os 180, outlet 30)'},
		}},
	},
} as const;

export function configFileSchema(plugins: readonly PluginDefinition[]): Record<string, unknown> {
	const sorted = [...plugins].sort((a, b) => a.type.localeCompare(b.type));
	return {
		$schema: 'http://json-schema.org/draft-07/schema#',
		$id: 'https://labdeck.invalid/config.schema.json',
		title: 'labdeck config file',
		type: 'object',
		additionalProperties: false,
		properties: {
			$schema: {type: 'string'},
			lab: {type: 'string', description: 'Name of the lab, shown in the header'},
			sources: {
				type: 'array',
				description: 'One block per source; `type` names the plugin',
				items: {
					type: 'object',
					required: ['id', 'type'],
					properties: {type: {enum: sorted.map(plugin => plugin.type)}},
					oneOf: sorted.map(plugin => sourceBlockSchema(plugin)),
				},
			},
			racks: {type: 'array', items: rackSchema},
			devices: {type: 'array', items: deviceSchema},
			keys: {type: 'object', description: 'Command → key or list of keys', additionalProperties: {anyOf: [{type: 'string'}, stringList]}},
			notify: notifySchema,
		},
	};
}

/** `notify` (labdeck serve's notifications; parsed by src/notify-config.ts). */
const notifySchema = {
	type: 'object',
	description: 'Notifications sent by labdeck serve',
	additionalProperties: false,
	required: ['receivers'],
	properties: {
		receivers: {
			type: 'array',
			minItems: 1,
			items: {
				type: 'object',
				additionalProperties: false,
				required: ['id', 'type'],
				properties: {
					id: {type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$'},
					type: {enum: ['command', 'webhook', 'ntfy', 'alertmanager']},
					command: {type: 'array', items: {type: 'string'}, minItems: 1, description: 'argv (no shell); the event as JSON on stdin'},
					url: {type: 'string', description: 'webhook URL, ntfy topic URL, or Alertmanager base URL'},
					headers: {type: 'object', additionalProperties: {type: 'string'}},
					minSeverity: {enum: ['critical', 'warning', 'info']},
					timeout: {type: 'number', exclusiveMinimum: 0},
				},
			},
		},
		minDuration: {type: 'number', minimum: 0, description: 'Seconds an alert must stay active before it is notified'},
		repeatInterval: {type: 'number', minimum: 0, description: 'Seconds between reminders (0: never)'},
		flapping: {type: 'object', additionalProperties: false, properties: {window: {type: 'number', exclusiveMinimum: 0}, maxChanges: {type: 'integer', minimum: 1}}},
		quietHours: {type: 'object', additionalProperties: false, required: ['from', 'to'], properties: {from: {type: 'string', pattern: '^\\d{2}:\\d{2}$'}, to: {type: 'string', pattern: '^\\d{2}:\\d{2}$'}}},
		groupBy: {enum: ['alert', 'incident'], description: 'incident (default): one notification per incident; alert: one per alert'},
	},
} as const;
