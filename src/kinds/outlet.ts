// The outlet kind: one switched PDU outlet, its state and load, and what it powers (from the
// topology's devices). Shown in the power pane.
import type {OutletEntity} from '../entities.js';
import {formatNumber} from '../format.js';
import type {KindContext, KindModule} from './kind-module.js';
import {limits, within} from './range-limits.js';
import {nullableNumber} from './tones.js';

/** Names of the devices this outlet feeds. */
export function outletPowers(outlet: OutletEntity, context: KindContext): readonly string[] {
	return context.topology.devices.filter(device => device.power.includes(outlet.id)).map(device => device.name);
}

/** The name of the outlet's PDU (its entity's name, else its id without the kind). */
export function outletPduName(outlet: OutletEntity, context: KindContext): string {
	return context.snapshot.entities.get(outlet.pdu)?.name ?? outlet.pdu.replace(/^pdu:/, '');
}

export const outletKind: KindModule<'outlet'> = {
	kind: 'outlet',
	title: 'Outlets',
	noun: 'outlet',
	command: 'outlets',
	describe: 'PDU outlets: state, load and what each powers',
	shownBy: 'power',
	columns: [
		{id: 'pdu', title: 'PDU', width: 8, maxWidth: 24, priority: 2, cell: outletPduName, sortValue: outletPduName},
		{id: 'number', title: '#', width: 2, priority: 0, align: 'right', cell: o => String(o.number), sortValue: o => o.number},
		{id: 'name', title: 'OUTLET', width: 10, maxWidth: 32, priority: 0, isFlexible: true, cell: o => o.name, sortValue: o => o.name},
		{id: 'state', title: 'STATE', width: 5, maxWidth: 7, priority: 0, cell: o => o.state, tone: o => (o.state === 'on' ? 'status.ok' : o.state === 'off' ? 'status.crit' : 'muted'), sortValue: o => o.state},
		{id: 'load', title: 'LOAD', width: 6, maxWidth: 6, priority: 1, align: 'right', cell: o => formatNumber(o.loadAmps, 'A', 1), sortValue: o => o.loadAmps},
		{id: 'watts', title: 'W', width: 5, maxWidth: 5, priority: 3, align: 'right', cell: o => formatNumber(o.powerWatts), sortValue: o => o.powerWatts},
		{id: 'powers', title: 'POWERS', width: 16, maxWidth: 60, priority: 1, cell: (o, c) => outletPowers(o, c).join(', ') || '–', sortValue: (o, c) => outletPowers(o, c).join(',')},
	],
	filterFields: (o, c) => ({pdu: [outletPduName(o, c), o.pdu], state: o.state, powers: outletPowers(o, c), number: String(o.number), type: 'outlet'}),
	detail: (o, c) => [
		{
			title: `${outletPduName(o, c)}:${o.number} ${o.name}`,
			fields: [
				{label: 'state', value: o.state, tone: o.state === 'on' ? 'status.ok' : o.state === 'off' ? 'status.crit' : 'muted'},
				{label: 'load', value: `${formatNumber(o.loadAmps, 'A', 1)} · ${formatNumber(o.powerWatts, 'W')}`},
				{label: 'powers', value: outletPowers(o, c).join(', ') || '–'},
			],
		},
	],
	history: o => ({load: o.loadAmps}),
	charts: [{metric: 'load', label: 'load', format: value => formatNumber(value, 'A', 1)}],
	ranges: [...within(limits.amps, 'loadAmps'), ...within(limits.watts, 'powerWatts')],
	jsonSchema: {
		required: ['pdu', 'number', 'state', 'loadAmps', 'powerWatts'],
		properties: {number: {type: 'integer'}, state: {enum: ['on', 'off', 'unknown']}, loadAmps: nullableNumber, powerWatts: nullableNumber},
	},
};
