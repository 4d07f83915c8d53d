// The `--json` output schema (schema/labdeck-output.schema.json), generated: the document
// frame and the non-entity items are written here; each entity kind's definition comes from its
// kind module's `jsonSchema` fragment (src/kinds/), and the query commands from the CLI's table.
// `npm run schema` writes the file; output-schema.test.ts fails when the checked-in file differs.
import {eventsJsonSchema} from '../app/cli/events.js';
import {queryCommands} from '../app/cli/query.js';
import {entityKinds} from '../src/entities.js';
import {kindModules} from '../src/kinds/index.js';
import {machineSchema} from '../src/machine-json.js';

const fixedDefinitions = {
	"nullableNumber": {
		"type": [
			"number",
			"null"
		]
	},
	"nullableString": {
		"type": [
			"string",
			"null"
		]
	},
	"source": {
		"type": "object",
		"required": [
			"id",
			"type",
			"name",
			"status",
			"lastSuccess",
			"lastError",
			"errorName",
			"latencyMs"
		],
		"properties": {
			"id": {
				"type": "string",
				"pattern": "^[a-z0-9][a-z0-9-]*$"
			},
			"type": {
				"type": "string"
			},
			"name": {
				"type": "string"
			},
			"status": {
				"enum": [
					"pending",
					"ok",
					"degraded",
					"down",
					"disabled"
				]
			},
			"lastSuccess": {
				"type": [
					"string",
					"null"
				],
				"format": "date-time"
			},
			"lastError": {
				"$ref": "#/definitions/nullableString"
			},
			"errorName": {
				"$ref": "#/definitions/nullableString"
			},
			"latencyMs": {
				"$ref": "#/definitions/nullableNumber"
			},
			"note": {
				"$ref": "#/definitions/nullableString"
			}
		},
		"additionalProperties": false
	},
	"alert": {
		"type": "object",
		"required": [
			"id",
			"ruleId",
			"severity",
			"entityId",
			"source",
			"message",
			"since",
			"impact"
		],
		"properties": {
			"id": {
				"type": "string"
			},
			"ruleId": {
				"type": "string"
			},
			"severity": {
				"enum": [
					"critical",
					"warning",
					"info"
				]
			},
			"entityId": {
				"$ref": "#/definitions/nullableString"
			},
			"source": {
				"type": "string"
			},
			"message": {
				"type": "string"
			},
			"since": {
				"type": "string",
				"format": "date-time"
			},
			"impact": {
				"type": "array",
				"items": {
					"type": "object",
					"required": [
						"id",
						"name"
					],
					"properties": {
						"id": {
							"type": "string"
						},
						"name": {
							"type": "string"
						}
					}
				}
			},
			"condition": {
				"type": "string",
				"description": "Rules sharing a condition raise one alert per entity, the worst"
			}
		},
		"additionalProperties": false
	},
	"incident": {
		"type": "object",
		"description": "Alerts grouped under one root cause; symptoms folded under it do not page on their own",
		"required": ["id", "cause", "severity", "title", "figure", "subject", "since", "affected", "alerts", "planned", "plannedSteps"],
		"properties": {
			"id": {"type": "string"},
			"cause": {"enum": ["ups-on-battery", "outlet-off", "machine-off", "node-down", "source-down", "hub-stopped", "alert"]},
			"severity": {"enum": ["critical", "warning", "info"]},
			"title": {"type": "string"},
			"figure": {"type": "string"},
			"subject": {"type": "string"},
			"since": {"type": "string", "format": "date-time"},
			"affected": {"type": "array", "items": {"type": "object", "required": ["id", "name"], "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}},
			"alerts": {"type": "array", "items": {"$ref": "#/definitions/alert"}},
			"planned": {"oneOf": [{"type": "null"}, {"$ref": "#/definitions/plannedChange"}]},
			"plannedSteps": {"type": "array", "items": {"type": "object", "required": ["subject", "name", "change"], "properties": {"subject": {"type": "string"}, "name": {"type": "string"}, "change": {"$ref": "#/definitions/plannedChange"}}}}
		},
		"additionalProperties": false
	},
	"plannedChange": {
		"type": "object",
		"required": ["action", "at", "user", "origin"],
		"properties": {"action": {"type": "string"}, "at": {"type": "string", "format": "date-time"}, "user": {"type": "string"}, "origin": {"type": "string"}}
	},
	"usage": {
		"type": "object",
		"required": [
			"totalBytes",
			"usedBytes"
		],
		"properties": {
			"totalBytes": {
				"$ref": "#/definitions/nullableNumber"
			},
			"usedBytes": {
				"$ref": "#/definitions/nullableNumber"
			}
		}
	},
	"device": {
		"type": "object",
		"required": [
			"kind",
			"id",
			"name",
			"rack",
			"u",
			"height",
			"state",
			"power",
			"ups",
			"entities",
			"priority"
		],
		"properties": {
			"kind": {
				"const": "device"
			},
			"id": {
				"type": "string",
				"pattern": "^device:"
			},
			"state": {
				"enum": [
					"up",
					"down",
					"stale",
					"unknown"
				]
			},
			"machineState": {
				"enum": [
					"up",
					"off",
					"down",
					"unreachable",
					"unknown",
					null
				]
			},
			"stateReason": {
				"$ref": "#/definitions/nullableString"
			},
			"power": {
				"type": "array",
				"items": {
					"type": "string"
				}
			},
			"entities": {
				"type": "array",
				"items": {
					"type": "string"
				}
			}
		}
	},
	"doctorDocument": {
		"type": "object",
		"required": [
			"lab",
			"configPath",
			"items"
		],
		"properties": {
			"command": {
				"const": "doctor"
			},
			"items": {
				"type": "array",
				"items": {
					"type": "object",
					"required": [
						"id",
						"type",
						"status",
						"isReachable",
						"isAuthenticated",
						"latencyMs",
						"error"
					]
				}
			}
		}
	},
	"actDocument": {
		"type": "object",
		"required": [
			"plan"
		],
		"properties": {
			"command": {
				"const": "act"
			},
			"dryRun": {
				"type": "boolean"
			},
			"plan": {
				"type": "object",
				"required": [
					"action",
					"label",
					"risk",
					"targets",
					"lines",
					"impact",
					"confirmName",
					"params"
				],
				"properties": {
					"risk": {
						"enum": [
							"read",
							"low",
							"high",
							"destructive"
						]
					}
				}
			},
			"outcome": {
				"type": "object",
				"required": [
					"ok",
					"message"
				],
				"properties": {
					"ok": {
						"type": "boolean"
					},
					"message": {
						"type": "string"
					}
				}
			}
		}
	},
	"configCheckDocument": {
		"type": "object",
		"required": [
			"path",
			"lab",
			"isValid",
			"sources",
			"warnings"
		],
		"properties": {
			"command": {
				"const": "config check"
			}
		}
	}
};

const header = {
	$schema: 'http://json-schema.org/draft-07/schema#',
	$id: 'https://labdeck.invalid/schema/labdeck-output.schema.json',
	title: 'labdeck --json output (schema labdeck/1)',
	description: 'One document per run on stdout. Keys are camelCase; numbers are numbers; a value the device did not report is null. New fields may be added within labdeck/1; fields are never renamed or removed without a new schema version.',
	type: 'object',
	required: ['schema', 'command', 'generatedAt'],
	properties: {
		schema: {const: 'labdeck/1'},
		command: {type: 'string'},
		generatedAt: {type: 'string', format: 'date-time'},
	},
	oneOf: [{$ref: '#/definitions/queryDocument'}, {$ref: '#/definitions/doctorDocument'}, {$ref: '#/definitions/actDocument'}, {$ref: '#/definitions/configCheckDocument'}, {$ref: '#/definitions/eventsDocument'}],
};

const entityBase = {
	type: 'object',
	required: ['id', 'kind', 'source', 'localId', 'name', 'seenAt', 'isStale', 'ageSec'],
	properties: {
		id: {type: 'string', pattern: '^[a-z]+:[a-z0-9][a-z0-9-]*/.+$'},
		kind: {enum: [...entityKinds]},
		source: {type: 'string'},
		localId: {type: 'string'},
		name: {type: 'string'},
		seenAt: {type: 'string', format: 'date-time'},
		isStale: {type: 'boolean'},
		ageSec: {type: 'number', minimum: 0},
	},
};

/** The whole schema, from the kind registry and the CLI's query commands. */
export function outputSchema(): Record<string, unknown> {
	const kinds: Record<string, unknown> = {};
	for (const module of kindModules) {
		kinds[module.kind] = {
			allOf: [{$ref: '#/definitions/entityBase'}],
			...(module.jsonSchema.required ? {required: [...module.jsonSchema.required]} : {}),
			properties: {kind: {const: module.kind}, ...module.jsonSchema.properties},
		};
	}
	const described = new Set(kindModules.map(module => module.kind as string));
	const others = entityKinds.filter(kind => !described.has(kind));
	const items = [...kindModules.map(module => ({$ref: `#/definitions/${module.kind}`})), ...(others.length > 0 ? [{$ref: '#/definitions/otherEntity'}] : []), {$ref: '#/definitions/device'}];
	return {
		...header,
		definitions: {
			...fixedDefinitions,
			entityBase,
			...kinds,
			...(others.length > 0 ? {otherEntity: {allOf: [{$ref: '#/definitions/entityBase'}], properties: {kind: {enum: others}}}} : {}),
			item: {oneOf: items},
			eventsDocument: eventsJsonSchema,
			machine: machineSchema,
			queryDocument: {
				type: 'object',
				required: ['lab', 'sources', 'items', 'alerts', 'notices'],
				properties: {
					command: {enum: Object.keys(queryCommands)},
					lab: {type: 'string'},
					sources: {type: 'array', items: {$ref: '#/definitions/source'}},
					items: {type: 'array', items: {$ref: '#/definitions/item'}},
					alerts: {type: 'array', items: {$ref: '#/definitions/alert'}},
					incidents: {type: 'array', items: {$ref: '#/definitions/incident'}},
					notices: {type: 'array', items: {type: 'string'}},
					summary: {type: 'object', required: ['entities', 'alerts', 'sources']},
					machines: {type: 'array', items: {$ref: '#/definitions/machine'}},
				},
			},
		},
	};
}

/** The file's text: tab-indented JSON and a final newline. */
export function outputSchemaText(): string {
	return `${JSON.stringify(outputSchema(), null, '\t')}\n`;
}
