// Plain-text tables for the one-shot queries without `--json`: for people at a shell, not for
// scripts (scripts use `--json`, whose schema is stable).
import {dash, fit, formatBytesOf, formatDuration, formatNumber, formatPercent} from '../format.js';
import type {JsonDocument} from './json.js';

type Item = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON items, read for display only
type Column = {readonly title: string; readonly width: number; readonly value: (item: Item) => string; readonly align?: 'right'};

const stale = (item: Item) => (item.isStale ? ` (stale ${formatDuration(item.ageSec as number)})` : '');

const columns: Record<string, readonly Column[]> = {
	hosts: [
		{title: 'NAME', width: 20, value: item => `${item.name}${stale(item)}`},
		{title: 'KIND', width: 8, value: item => (item.kind === 'storage' ? 'storage' : item.role)},
		{title: 'CPU', width: 6, align: 'right', value: item => (item.kind === 'host' ? formatPercent(item.cpu.usage) : '')},
		{title: 'MEMORY', width: 14, value: item => (item.kind === 'host' ? formatBytesOf(item.memory.usedBytes, item.memory.totalBytes) : formatBytesOf(item.usedBytes, item.totalBytes))},
		{title: 'UPTIME', width: 8, value: item => (item.kind === 'host' ? formatDuration(item.uptimeSec) : '')},
		{title: 'SOURCE', width: 14, value: item => item.source},
	],
	vms: [
		{title: 'VMID', width: 6, value: item => String(item.vmid)},
		{title: 'NAME', width: 22, value: item => `${item.name}${stale(item)}`},
		{title: 'TYPE', width: 5, value: item => item.guestType},
		{title: 'NODE', width: 10, value: item => item.node},
		{title: 'STATUS', width: 9, value: item => item.status},
		{title: 'CPU', width: 6, align: 'right', value: item => formatPercent(item.cpuPercent)},
		{title: 'MEMORY', width: 14, value: item => formatBytesOf(item.memory.usedBytes, item.memory.maxBytes)},
		{title: 'UPTIME', width: 8, value: item => formatDuration(item.uptimeSec)},
	],
	gpus: [
		{title: 'HOST', width: 12, value: item => item.host},
		{title: '#', width: 2, value: item => String(item.index)},
		{title: 'NAME', width: 22, value: item => `${item.name}${stale(item)}`},
		{title: 'UTIL', width: 5, align: 'right', value: item => formatPercent(item.utilization.gpu)},
		{title: 'MEMORY', width: 12, value: item => formatBytesOf(item.memory.usedBytes, item.memory.totalBytes)},
		{title: 'TEMP', width: 5, align: 'right', value: item => formatNumber(item.temperature.celsius, '°')},
		{title: 'POWER', width: 10, value: item => `${formatNumber(item.power.drawWatts)}/${formatNumber(item.power.limitWatts, 'W')}`},
		{title: 'GUEST', width: 12, value: item => item.ownerGuest ?? dash},
	],
	power: [
		{title: 'ID', width: 22, value: item => item.id.replace(/^[a-z]+:/, '')},
		{title: 'KIND', width: 7, value: item => item.kind},
		{title: 'NAME', width: 18, value: item => `${item.name}${stale(item)}`},
		{title: 'STATE', width: 18, value: item => (item.kind === 'ups' ? item.statusText : item.kind === 'outlet' ? item.state : item.loadState)},
		{title: 'LOAD', width: 8, value: item => (item.kind === 'ups' ? formatPercent(item.loadPercent) : formatNumber(item.loadAmps, 'A', 1))},
		{title: 'RUNTIME', width: 8, value: item => (item.kind === 'ups' ? formatDuration(item.runtimeSec) : '')},
	],
	racks: [
		{title: 'DEVICE', width: 20, value: item => item.name},
		{title: 'RACK', width: 10, value: item => item.rack ?? dash},
		{title: 'U', width: 4, value: item => (item.u === null ? dash : String(item.u))},
		{title: 'STATE', width: 8, value: item => item.state},
		{title: 'POWER', width: 30, value: item => (item.power as string[]).join(' ') || dash},
	],
	automations: [
		{title: 'NAME', width: 30, value: item => `${item.name}${stale(item)}`},
		{title: 'HUB', width: 14, value: item => item.hub},
		{title: 'KIND', width: 10, value: item => item.automationType},
		{title: 'STATE', width: 11, value: item => item.state},
		{title: 'VALUE', width: 12, value: item => item.value ?? dash},
		{title: 'LAST TRIGGERED', width: 24, value: item => item.lastTriggered ?? dash},
	],
};

export function renderText(document: JsonDocument, width: number): string {
	const lines: string[] = [];
	if (document.command === 'status' || document.command === 'alerts') {
		if (document.command === 'status') {
			for (const notice of document.notices) lines.push(notice);
			lines.push(`${document.lab}: ${document.sources.length} sources`);
			for (const source of document.sources) {
				const latency = source.latencyMs === null ? '' : ` ${source.latencyMs} ms`;
				lines.push(`  ${fit(source.id, 16)} ${fit(source.type, 12)} ${fit(source.status, 9)}${latency}${source.lastError ? `  ${source.lastError}` : ''}`);
			}
		}
		lines.push(document.alerts.length === 0 ? 'No active alerts.' : `${document.alerts.length} alerts:`);
		for (const alert of document.alerts) {
			const impact = alert.impact.length > 0 ? ` → affects ${alert.impact.slice(0, 6).map(entry => entry.name).join(', ')}${alert.impact.length > 6 ? '…' : ''}` : '';
			lines.push(`  ${fit(alert.severity.toUpperCase(), 8)} ${alert.message}${impact}`);
		}
		return `${lines.map(line => line.slice(0, Math.max(width, 40))).join('\n')}\n`;
	}
	const table = columns[document.command] ?? [];
	if (document.items.length === 0) lines.push(`No ${document.command} found (configured sources: ${document.sources.map(source => source.id).join(', ') || 'none'}).`);
	else {
		lines.push(table.map(column => fit(column.title, column.width, column.align)).join(' ').trimEnd());
		for (const item of document.items) lines.push(table.map(column => fit(column.value(item as Item), column.width, column.align)).join(' ').trimEnd());
	}
	for (const source of document.sources.filter(source => source.status === 'down' || source.status === 'disabled')) lines.push(`! ${source.id} ${source.status}: ${source.lastError ?? ''}`);
	return `${lines.join('\n')}\n`;
}

