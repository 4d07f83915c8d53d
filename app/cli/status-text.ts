// The text of `labdeck status` above its alerts: counts (sources by health, entities by kind,
// alerts by severity), then one line per source with every error whole, wrapped under it, and
// the notices whole: a person at a shell reads why a source is down or disabled here.
import {fit} from '../../src/format.js';
import {wrapWords} from '../../src/timeline-events.js';
import type {JsonDocument} from './json.js';

type Summary = {readonly entities?: Readonly<Record<string, number>>; readonly alerts?: Readonly<Record<string, number>>; readonly sources?: Readonly<Record<string, number>>};

const statusOrder = ['down', 'disabled', 'degraded', 'pending', 'ok'];

/** `3 ok, 1 down`: the non-zero counts, in the given order then the rest. */
function counts(tally: Readonly<Record<string, number>> | undefined, order: readonly string[] = []): string {
	const entries = Object.entries(tally ?? {}).filter(([, count]) => count > 0);
	entries.sort(([a], [b]) => (order.indexOf(a) + 1 || order.length + 1) - (order.indexOf(b) + 1 || order.length + 1));
	return entries.map(([key, count]) => `${count} ${key}`).join(', ');
}

export function statusLines(document: JsonDocument, width: number): string[] {
	const summary = (document.summary ?? {}) as Summary;
	const lines: string[] = [];
	for (const notice of document.notices) lines.push(...wrapWords(`note: ${notice}`, width));
	const entityTotal = Object.values(summary.entities ?? {}).reduce((sum, count) => sum + count, 0);
	lines.push(...wrapWords(`${document.lab}: ${document.sources.length} sources (${counts(summary.sources, statusOrder) || 'none'}) · ${entityTotal} entities (${counts(summary.entities) || 'none'}) · alerts: ${counts(summary.alerts, ['critical', 'warning', 'info']) || 'none'}`, width));
	const idWidth = Math.min(24, Math.max(6, ...document.sources.map(source => source.id.length)));
	const typeWidth = Math.min(14, Math.max(4, ...document.sources.map(source => source.type.length)));
	const indent = 4;
	for (const source of document.sources) {
		const latency = source.latencyMs === null ? '' : ` ${source.latencyMs} ms`;
		lines.push(`  ${fit(source.id, idWidth)} ${fit(source.type, typeWidth)} ${source.status}${latency}`);
		if (source.lastError) {
			const label = source.status === 'degraded' ? 'partial' : source.status === 'disabled' ? 'disabled' : source.status === 'ok' ? 'last error' : 'error';
			for (const line of wrapWords(`${label}: ${source.lastError}`, width - indent)) lines.push(`${' '.repeat(indent)}${line}`);
		}
		if (source.note) for (const line of wrapWords(`note: ${source.note}`, width - indent)) lines.push(`${' '.repeat(indent)}${line}`);
	}
	return lines;
}
