// `labdeck status` text: counts first, then every source with its whole error wrapped under it
// (never cut at a column), within the width.
import {describe, expect, it} from 'vitest';
import {setSources, type SourceHealth} from '../../src/store.js';
import {failSource, labStore, t0} from '../../views/test-fixtures/lab.js';
import {jsonSchemaVersion, jsonSources, type JsonDocument} from './json.js';
import {renderText} from './text.js';

const longError = `pdu-a: poll: no answer from 127.0.0.1:16161 within 5 s after 2 retries (${Array.from({length: 8}, (_, index) => `1.3.6.1.4.1.318.1.1.12.3.5.1.1.${index + 1}`).join(' ')}) last-word`;

function statusDocument(): JsonDocument {
	const store = labStore();
	failSource(store, 'pdu-a', longError, t0);
	const disabled: SourceHealth = {id: 'nas-ups', type: 'nut', name: 'nas-ups', status: 'disabled', interval: 5, lastSuccess: null, downSince: null, lastError: 'source "nas-ups" (nut): password: environment variable NUT_PASSWORD is not set', errorName: 'ConfigError', latencyMs: null, consecutiveFailures: 0};
	store.apply(s => setSources(s, [...Object.values(s.sources), disabled]));
	const snapshot = store.getSnapshot();
	return {
		schema: jsonSchemaVersion, command: 'status', generatedAt: new Date(t0).toISOString(), lab: 'homelab', sources: jsonSources(snapshot), items: [], alerts: [],
		notices: ['insecure TLS: pve-demo does not verify its certificate, which is a long notice that must not be cut at the edge of the terminal'],
		summary: {entities: {host: 4, guest: 12, gpu: 3, outlet: 8, pdu: 1, ups: 1, storage: 0}, alerts: {critical: 1, warning: 2, info: 0}, sources: {ok: 5, down: 1, disabled: 1}},
	};
}

const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe('status text', () => {
	it.each([80, 200])('at %i columns: counts, then each source with its whole error', width => {
		const document = statusDocument();
		const text = renderText(document, width);
		const lines = text.trimEnd().split('\n');
		for (const line of lines) expect(line.length).toBeLessThanOrEqual(width);
		expect(text.replace(/\s+/g, ' ')).toContain('homelab: 7 sources (1 down, 1 disabled, 5 ok) · 29 entities (4 host, 12 guest, 3 gpu, 8 outlet, 1 pdu, 1 ups) · alerts: 1 critical, 2 warning');
		const shown = words(text);
		for (const word of [...words(longError), ...words(document.sources.find(source => source.id === 'nas-ups')!.lastError!), ...words(document.notices[0]!)]) expect(shown).toContain(word);
		const pdu = lines.findIndex(line => /^ {2}pdu-a\s+apc-pdu\s+down$/.test(line));
		expect(pdu).toBeGreaterThan(0);
		expect(lines[pdu + 1]).toMatch(/^ {4}error: pdu-a: poll: no answer/);
		expect(lines.find(line => line.startsWith('  nas-ups'))).toMatch(/disabled$/);
		expect(text).toContain('No active alerts.');
	});
});
