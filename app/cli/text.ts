// Plain-text output of the one-shot queries without `--json`: for people at a shell, not for
// scripts (scripts use `--json`, whose schema is stable). Entity tables are drawn from the kind
// modules' columns, fitted to the width as the console fits them (src/table-fit.ts), so narrow
// output keeps the part of a name that tells rows apart (a GPU's model number).
import type {Entity, EntityKind} from '../../src/entities.js';
import {dash, fit, formatDuration} from '../../src/format.js';
import {machines, type Machine} from '../../src/devices.js';
import {kindModule} from '../../src/kinds/index.js';
import {machineColumns} from '../../src/machine-columns.js';
import type {KindColumn, KindContext, KindModule} from '../../src/kinds/kind-module.js';
import {staleness} from '../../src/staleness.js';
import type {Snapshot} from '../../src/store.js';
import type {Topology} from '../../src/topology.js';
import {cellText, fitColumns, measureColumns, type Column} from '../../src/table-fit.js';
import type {JsonDocument, JsonIncident} from './json.js';
import {sanitizeText} from '../../src/sanitize.js';
import {statusLines} from './status-text.js';
import {wrapText} from '../../src/wrap.js';

/** What the text output draws from: the snapshot and topology the document was made from. */
export type QueryView = {
	readonly snapshot: Snapshot;
	readonly topology: Topology;
	readonly now: number;
	readonly kinds: readonly EntityKind[];
	/** Lines under the tables (why a host has no CPU %). */
	readonly notes?: readonly string[];
};

type Item = Readonly<Record<string, unknown>>;
type TextColumn = {readonly title: string; readonly width: number; readonly value: (item: Item) => string};

const text = (value: unknown): string => (value === null || value === undefined ? dash : String(value));

/** Tables of documents whose items are not entities of a registered kind. */
const itemColumns: Record<string, readonly TextColumn[]> = {
	racks: [
		{title: 'DEVICE', width: 20, value: item => text(item['name'])},
		{title: 'RACK', width: 10, value: item => text(item['rack'])},
		{title: 'U', width: 4, value: item => text(item['u'])},
		{title: 'STATE', width: 8, value: item => text(item['state'])},
		{title: 'POWER', width: 30, value: item => (item['power'] as readonly string[]).join(' ') || dash},
	],
	automation: [
		{title: 'NAME', width: 30, value: item => text(item['name'])},
		{title: 'HUB', width: 14, value: item => text(item['hub'])},
		{title: 'ENABLED', width: 8, value: item => (item['isEnabled'] === null ? dash : item['isEnabled'] ? 'yes' : 'no')},
		{title: 'LAST TRIGGERED', width: 24, value: item => text(item['lastTriggered'])},
	],
};

function itemTable(columns: readonly TextColumn[], items: readonly Item[]): string[] {
	return [columns.map(column => fit(column.title, column.width)).join(' ').trimEnd(), ...items.map(item => columns.map(column => fit(column.value(item), column.width)).join(' ').trimEnd())];
}

/** One kind's entities as a table: the module's columns fitted to the width, stale rows marked. */
export function kindTable<K extends EntityKind>(module: KindModule<K>, entities: readonly Entity[], context: KindContext, width: number): string[] {
	const columns: readonly Column<Entity>[] = (module.columns as unknown as readonly KindColumn<Entity>[]).map(column => {
		const {cell, variants, sortValue: _sort, tone: _tone, ...layout} = column;
		return {...layout, cell: row => cell(row, context), ...(variants ? {variants: (row: Entity) => variants(row, context)} : {})};
	});
	const fitted = fitColumns(columns, width, 0, measureColumns(columns, entities));
	const lines = [fitted.map(column => fit(column.title, column.shown, column.align)).join(' ').trimEnd()];
	for (const entity of entities) {
		const {isStale, ageSec} = staleness(entity, context.snapshot, context.now);
		const row = fitted.map(column => cellText(column, entity)).join(' ').trimEnd();
		lines.push(isStale ? `${row} (stale ${formatDuration(ageSec)})` : row);
	}
	return lines;
}

/** One row per machine (src/devices.ts), as the console's hosts pane draws it. */
function machineTable(context: KindContext, width: number): string[] {
	const rows = machines(context.snapshot, context.topology);
	const columns: readonly Column<Machine>[] = machineColumns.map(column => {
		const {cell, variants, sortValue: _sort, tone: _tone, ...layout} = column;
		return {...layout, cell: row => cell(row, context), ...(variants ? {variants: (row: Machine) => variants(row, context)} : {})};
	});
	const fitted = fitColumns(columns, width, 0, measureColumns(columns, rows));
	return [fitted.map(column => fit(column.title, column.shown, column.align)).join(' ').trimEnd(), ...rows.map(row => fitted.map(column => cellText(column, row)).join(' ').trimEnd())];
}

export function renderText(document: JsonDocument, width: number, view?: QueryView): string {
	const lines: string[] = [];
	if (document.command === 'status' || document.command === 'alerts') {
		if (document.command === 'status') lines.push(...statusLines(document, Math.max(width, 40)));
		const cols = Math.max(width, 40);
		lines.push(...incidentText(document.incidents ?? [], cols));
		lines.push(document.alerts.length === 0 ? 'No active alerts.' : `${document.alerts.length} alerts:`);
		for (const alert of document.alerts) {
			// The blast radius whole, wrapped: never cut where it matters.
			const names = [...new Set(alert.impact.map(entry => entry.name))];
			const impact = names.length > 0 ? ` → affects ${names.join(', ')}` : '';
			lines.push(...wrapText(`  ${fit(alert.severity.toUpperCase(), 8)} ${alert.message}${impact}`, cols, ' '.repeat(11)));
		}
		return `${lines.map(line => sanitizeText(line)).join('\n')}\n`;
	}
	if (document.items.length === 0) lines.push(`No ${document.command} found (configured sources: ${document.sources.map(source => source.id).join(', ') || 'none'}).`);
	else if (document.command === 'racks') lines.push(...itemTable(itemColumns['racks']!, document.items));
	else if (view) {
		const context = {snapshot: view.snapshot, topology: view.topology, now: view.now};
		if (document.command === 'hosts') lines.push('Machines:', ...machineTable(context, width));
		for (const kind of view.kinds) {
			// `hosts` lists machines, one row each, instead of each source's host view.
			if (document.command === 'hosts' && kind === 'host') continue;
			const entities = view.snapshot.byKind[kind];
			if (entities.length === 0) continue;
			if (lines.length > 0) lines.push('');
			const module = kindModule(kind);
			if (view.kinds.length > 1) lines.push(`${module?.title ?? kind}:`);
			if (module) lines.push(...kindTable(module, entities, context, width));
			else lines.push(...itemTable(itemColumns[kind] ?? [{title: 'ID', width: 40, value: item => text(item['id'])}, {title: 'NAME', width: 30, value: item => text(item['name'])}], document.items.filter(item => item['kind'] === kind)));
		}
	}
	for (const note of view?.notes ?? []) lines.push(`note: ${note}`);
	for (const source of document.sources.filter(source => source.status === 'down' || source.status === 'disabled')) lines.push(`! ${source.id} ${source.status}: ${source.lastError ?? ''}`);
	return `${lines.map(line => sanitizeText(line)).join('\n')}\n`;
}

/** Open incidents: root cause and figure, then what it takes down, wrapped whole. */
function incidentText(incidents: readonly JsonIncident[], cols: number): string[] {
	if (incidents.length === 0) return [];
	const lines = [`${incidents.length} incident${incidents.length === 1 ? '' : 's'}:`];
	for (const incident of incidents) {
		lines.push(...wrapText(`  ${fit(incident.planned ? 'PLANNED' : incident.severity.toUpperCase(), 8)} ${incident.title} · ${incident.figure}`, cols, ' '.repeat(11)));
		const names = incident.affected.map(entry => entry.name);
		lines.push(...wrapText(`           affects ${names.length}: ${names.join(', ') || 'nothing else known'}`, cols, ' '.repeat(13)));
		if (incident.planned) lines.push(...wrapText(`           planned: ${incident.planned.action} by ${incident.planned.user} (${incident.planned.origin}) at ${incident.planned.at}`, cols, ' '.repeat(13)));
		for (const step of incident.plannedSteps) lines.push(...wrapText(`           planned: ${step.name}: ${step.change.action} (${step.change.origin}) at ${step.change.at}`, cols, ' '.repeat(13)));
		const folded = incident.alerts.filter(alert => alert.entityId !== incident.subject && `source:${alert.source}` !== incident.subject);
		if (folded.length > 0) lines.push(...wrapText(`           folded: ${folded.map(alert => alert.message).join(' · ')}`, cols, ' '.repeat(13)));
	}
	return lines;
}
