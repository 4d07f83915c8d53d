// The automation kind: hub automations, scripts, scenes, HS4 events, MQTT topics and the
// read-only sensors and devices a hub source is told to show, one table across hubs. Its alert
// rules run whichever plugin reported the entity: an automation or script that became
// unavailable, and a watched automation (`expectedWithinSec` from its source's config) that has
// not triggered within its period.
import type {AutomationEntity, Entity} from '../entities.js';
import {dash, formatAge, formatDuration} from '../format.js';
import type {AlertRule} from '../plugin-api.js';
import type {DetailField, KindModule, Tone} from './kind-module.js';
import {limits, within} from './range-limits.js';

const lastMs = (a: AutomationEntity): number | null => {
	if (!a.lastTriggered) return null;
	const ms = Date.parse(a.lastTriggered);
	return Number.isNaN(ms) ? null : ms;
};

export function automationStateTone(a: AutomationEntity): Tone {
	switch (a.state) {
		case 'unavailable':
			return 'status.crit';
		case 'running':
			return 'accent';
		case 'off':
			return 'muted';
		case 'on':
			return 'status.ok';
		default:
			return 'plain';
	}
}

/** Never triggered at all: as overdue as it gets. */
const neverSec = 1e9;

/** Seconds past the watched period (a watched automation that never triggered: 1e9); null when not watched. */
export function overdueSec(a: AutomationEntity, now: number): number | null {
	if (a.expectedWithinSec === null || a.state === 'unavailable') return null;
	const last = lastMs(a);
	if (last === null) return neverSec;
	return (now - last) / 1000 - a.expectedWithinSec;
}

/** Shorter forms of a topic that keep its end, which tells topics apart (`…/rack-a/temperature`). */
function topicForms(topic: string): string[] {
	const parts = topic.split('/');
	return parts.length > 2 ? [`…/${parts.slice(-2).join('/')}`, `…/${parts.at(-1)!}`] : parts.length === 2 ? [`…/${parts[1]!}`] : [];
}

const isRunnable = (a: AutomationEntity) => a.automationType === 'automation' || a.automationType === 'script';

export const automationRules: readonly AlertRule[] = [
	{
		id: 'automation.unavailable',
		kind: 'automation',
		severity: 'warning',
		metric: (entity: Entity) => (entity.kind === 'automation' && isRunnable(entity) ? (entity.state === 'unavailable' ? 1 : 0) : null),
		trigger: 1,
		clear: 0.5,
		forSec: 0,
		message: entity => `${entity.name}${entity.kind === 'automation' ? ` (${entity.hub})` : ''}: unavailable`,
	},
	{
		id: 'automation.overdue',
		kind: 'automation',
		severity: 'warning',
		metric: (entity: Entity, now: number) => (entity.kind === 'automation' ? overdueSec(entity, now) : null),
		trigger: 0,
		clear: -60,
		forSec: 0,
		message: (entity, value) => {
			const period = entity.kind === 'automation' ? formatDuration(entity.expectedWithinSec) : dash;
			if (value >= neverSec) return `${entity.name}: never triggered (expected every ${period})`;
			return `${entity.name}: not triggered within ${period} (${formatDuration(Math.round(value))} overdue)`;
		},
	},
];

function field(label: string, value: string | null, tone?: Tone): DetailField {
	return tone ? {label, value: value ?? dash, tone} : {label, value: value ?? dash};
}

export const automationKind: KindModule<'automation'> = {
	kind: 'automation',
	title: 'Automations',
	noun: 'automation',
	command: 'automations',
	describe: 'Home-automation automations, scripts, scenes, HS4 events and MQTT topics',
	shownBy: 'automations',
	columns: [
		{id: 'name', title: 'NAME', width: 16, maxWidth: 48, priority: 0, isFlexible: true, cell: a => a.name, variants: a => (a.automationType === 'topic' && a.name === a.localId ? topicForms(a.localId) : []), sortValue: a => a.name.toLowerCase()},
		{id: 'hub', title: 'HUB', width: 10, maxWidth: 20, priority: 1, cell: a => a.hub, sortValue: a => a.hub},
		{id: 'type', title: 'KIND', width: 10, maxWidth: 10, priority: 2, cell: a => a.automationType, variants: a => [a.automationType.slice(0, 4)], sortValue: a => a.automationType},
		{id: 'state', title: 'STATE', width: 7, maxWidth: 11, priority: 0, cell: a => a.state, variants: a => [a.state === 'unavailable' ? 'unavail' : a.state], tone: automationStateTone, sortValue: a => a.state},
		{id: 'value', title: 'VALUE', width: 8, maxWidth: 16, priority: 3, cell: a => a.value ?? dash, sortValue: a => a.value},
		{id: 'last', title: 'LAST', width: 6, maxWidth: 9, priority: 0, align: 'right', cell: (a, c) => formatAge(lastMs(a), c.now), tone: (a, c) => ((overdueSec(a, c.now) ?? -1) > 0 ? 'status.warn' : 'plain'), sortValue: a => lastMs(a)},
		{id: 'mode', title: 'MODE', width: 8, maxWidth: 10, priority: 4, cell: a => a.mode ?? dash, sortValue: a => a.mode},
	],
	filterFields: a => ({
		hub: a.hub,
		kind: a.automationType,
		type: a.automationType,
		state: a.state === 'unavailable' ? ['unavailable', 'unavail'] : a.state,
		mode: a.mode,
		runson: a.runsOn,
	}),
	detail(a, context) {
		const overdue = overdueSec(a, context.now);
		const sections = [
			{
				title: a.name,
				fields: [
					field('Hub', a.hub),
					field('Kind', a.automationType),
					field('State', a.state, automationStateTone(a)),
					field('Last triggered', a.lastTriggered ? `${a.lastTriggered} (${formatAge(lastMs(a), context.now)} ago)` : null),
					field('Mode', a.mode),
					field('Runs now', a.currentRuns === null ? null : String(a.currentRuns)),
					field('Value', a.value),
					field('Expected every', a.expectedWithinSec === null ? null : formatDuration(a.expectedWithinSec), overdue !== null && overdue > 0 ? 'status.warn' : undefined),
					field('Runs on', a.runsOn),
				],
			},
			{title: 'Recent runs', lines: a.recentRuns.length === 0 ? [{text: 'none seen', tone: 'muted' as const}] : a.recentRuns.map(run => ({text: `${run}  ${formatAge(Date.parse(run), context.now)} ago`}))},
		];
		const attributes = Object.entries(a.attributes);
		if (attributes.length > 0) sections.push({title: 'Attributes', lines: attributes.map(([key, value]) => ({text: `${key}: ${value}`}))});
		return sections;
	},
	rules: automationRules,
	ranges: [...within(limits.count, 'currentRuns'), ...within(limits.uptimeSec, 'expectedWithinSec')],
	jsonSchema: {
		properties: {
			hub: {type: 'string'},
			automationType: {enum: ['automation', 'script', 'scene', 'event', 'topic', 'sensor', 'device']},
			state: {enum: ['on', 'off', 'running', 'unavailable', 'unknown']},
			isEnabled: {type: ['boolean', 'null']},
			lastTriggered: {type: ['string', 'null']},
			mode: {type: ['string', 'null']},
			currentRuns: {type: ['number', 'null']},
			value: {type: ['string', 'null']},
			attributes: {type: 'object', additionalProperties: {type: 'string'}},
			recentRuns: {type: 'array', items: {type: 'string'}},
			expectedWithinSec: {type: ['number', 'null']},
			runsOn: {type: ['string', 'null']},
		},
		required: ['hub', 'automationType', 'state', 'isEnabled', 'lastTriggered', 'mode', 'currentRuns', 'value', 'attributes', 'recentRuns', 'expectedWithinSec', 'runsOn'],
	},
};
