// The storage kind: a Proxmox storage (a node's local disk pool or a shared one). It has no
// dedicated pane: the generic kind pane shows it (`:storage`, `labdeck storage`), and the hosts
// pane's summary line lists it.
import {percent, type StorageEntity} from '../entities.js';
import {formatBytesOf, formatPercent} from '../format.js';
import type {KindModule} from './kind-module.js';
import {limits, within} from './range-limits.js';
import {nullableNumber, nullableString, usageTone} from './tones.js';

const used = (s: StorageEntity) => percent(s.usedBytes, s.totalBytes);
/** The node, or every node that sees a shared storage. */
const nodesOf = (s: StorageEntity): readonly string[] => (s.nodes && s.nodes.length > 0 ? s.nodes : [s.node]);

export const storageKind: KindModule<'storage'> = {
	kind: 'storage',
	title: 'Storage',
	noun: 'storage',
	command: 'storage',
	describe: 'Proxmox storages and their usage; a shared storage once, with its nodes',
	columns: [
		{id: 'name', title: 'NAME', width: 10, maxWidth: 24, priority: 0, isFlexible: true, cell: s => s.name, sortValue: s => s.name},
		{id: 'node', title: 'NODES', width: 6, maxWidth: 24, priority: 0, cell: s => nodesOf(s).join(','), variants: s => [nodesOf(s).join(','), nodesOf(s).length > 1 ? `${nodesOf(s).length} nodes` : s.node], sortValue: s => nodesOf(s).join(',')},
		{id: 'used', title: 'USED', width: 4, maxWidth: 5, priority: 0, align: 'right', cell: s => formatPercent(used(s)), tone: s => usageTone(used(s)), sortValue: used},
		{id: 'size', title: 'SIZE', width: 11, maxWidth: 15, priority: 1, align: 'right', cell: s => formatBytesOf(s.usedBytes, s.totalBytes), sortValue: s => s.totalBytes},
		{id: 'type', title: 'TYPE', width: 6, maxWidth: 10, priority: 2, cell: s => s.storageType ?? '', sortValue: s => s.storageType},
		{id: 'shared', title: 'SHARED', width: 6, maxWidth: 6, priority: 3, cell: s => (s.isShared ? 'shared' : ''), sortValue: s => String(s.isShared)},
		{id: 'content', title: 'CONTENT', width: 8, maxWidth: 32, priority: 4, cell: s => s.content.join(','), sortValue: s => s.content.join(',')},
		{id: 'source', title: 'SOURCE', width: 8, maxWidth: 20, priority: 5, cell: s => s.source, sortValue: s => s.source},
	],
	filterFields: s => ({node: nodesOf(s), type: s.storageType, content: s.content, shared: s.isShared ? ['shared', 'yes', 'true'] : ['no', 'false'], active: s.isActive === false ? 'no' : 'yes'}),
	detail: s => [
		{
			title: s.isShared ? `${s.name} (shared by ${nodesOf(s).join(', ')})` : `${s.name}@${s.node}`,
			fields: [
				{label: 'used', value: `${formatBytesOf(s.usedBytes, s.totalBytes)} (${formatPercent(used(s))})`, tone: usageTone(used(s))},
				{label: 'type', value: s.storageType ?? '–'},
				{label: 'shared', value: s.isShared ? 'yes' : 'no'},
				{label: 'active', value: s.isActive === null ? '–' : s.isActive ? 'yes' : 'no'},
				{label: 'content', value: s.content.join(', ') || '–'},
			],
		},
	],
	history: s => ({used: used(s)}),
	charts: [{metric: 'used', label: 'used', range: {min: 0, max: 100}, format: formatPercent}],
	ranges: within(limits.bytes, 'usedBytes', 'totalBytes'),
	jsonSchema: {
		required: ['node', 'storageType', 'usedBytes', 'totalBytes', 'isShared', 'isActive', 'content'],
		properties: {node: {type: 'string'}, nodes: {type: 'array', items: {type: 'string'}}, storageType: nullableString, usedBytes: nullableNumber, totalBytes: nullableNumber, isShared: {type: 'boolean'}, isActive: {type: ['boolean', 'null']}, content: {type: 'array', items: {type: 'string'}}},
	},
};
