// The CLI's text tables are drawn from the kind modules' columns, fitted to the width: names
// that tell rows apart survive narrowing, and generic kinds get their own query command.
import {describe, expect, it} from 'vitest';
import {applyPoll} from '../../src/store.js';
import {gpu} from '../../views/test-fixtures/entities.js';
import {labStore, t0, topology} from '../../views/test-fixtures/lab.js';
import {gpuKind} from '../../src/kinds/gpu.js';
import {guestKind} from '../../src/kinds/guest.js';
import {queryCommands} from './query.js';
import {kindTable, renderText} from './text.js';
import type {JsonDocument} from './json.js';

const store = labStore();
store.apply(s => applyPoll(s, 'gpus-box-1', {entities: [gpu('gpus-box-1', 'gpu-box-1', 0, 'NVIDIA GeForce RTX 3090'), gpu('gpus-box-1', 'gpu-box-1', 1, 'NVIDIA GeForce RTX 4090')]}, t0, 5));
const snapshot = store.getSnapshot();
const context = {snapshot, topology, now: t0 + 1000};

describe('text tables from kind columns', () => {
	it('narrow: GPU names keep their model number, every line fits', () => {
		const lines = kindTable(gpuKind, snapshot.byKind.gpu, context, 40);
		for (const line of lines) expect(line.length).toBeLessThanOrEqual(40);
		expect(lines.some(line => /RTX 3090/.test(line))).toBe(true);
		expect(lines.some(line => /RTX 4090/.test(line))).toBe(true);
		expect(lines.join('\n')).not.toMatch(/GeF…|NVIDIA Ge/);
	});
	it('200 columns: every column and the whole names', () => {
		const lines = kindTable(gpuKind, snapshot.byKind.gpu, context, 200);
		expect(lines[0]).toMatch(/HOST\s+#\s+NAME\s+UTIL\s+MEM\s+TEMP\s+POWER\s+FAN\s+THROTTLE\s+OWNER/);
		expect(lines.join('\n')).toMatch(/NVIDIA GeForce RTX 4090/);
		expect(lines.join('\n')).toMatch(/120 ml-train/);
	});
	it('renders a query document by kind, with a title per kind when several', () => {
		const document: JsonDocument = {schema: 'labdeck/1', command: 'vms', generatedAt: '', lab: 'lab', sources: [], items: [{}], alerts: [], notices: []};
		const text = renderText(document, 80, {snapshot, topology, now: t0 + 1000, kinds: ['guest']});
		expect(text.split('\n')[0]).toMatch(/VMID\s+NAME/);
		expect(text).toMatch(/120 ml-train\s+vm\s+pve2/);
		expect(kindTable(guestKind, snapshot.byKind.guest, context, 80).length).toBe(13);
	});
	it('a kind without a dedicated pane is a query command of its own', () => {
		expect(queryCommands['storage']?.kinds).toEqual(['storage']);
		expect(queryCommands['vms']?.kinds).toEqual(['guest']);
	});
	it('status: counts, and whole errors wrapped under their source at 80 columns', () => {
		const error = 'pdu-a: snmp get: no answer within 2 s (community "public" at 10.0.0.5:161; check the PDU’s SNMP access list)';
		const document: JsonDocument = {
			schema: 'labdeck/1', command: 'status', generatedAt: '', lab: 'lab', items: [], alerts: [], notices: [],
			sources: [{id: 'pdu-a', type: 'apc-pdu', status: 'down', latencyMs: null, lastError: error} as JsonDocument['sources'][number]],
			summary: {entities: {host: 3, guest: 12, gpu: 0}, alerts: {critical: 0, warning: 0, info: 0}, sources: {ok: 4, down: 1}},
		};
		const lines = renderText(document, 80).split('\n');
		expect(lines.every(line => line.length <= 80)).toBe(true);
		// The whole error, wrapped under its source (app/cli/status-text.ts).
		expect(lines.filter(line => line.startsWith('    ')).map(line => line.trim()).join(' ')).toBe(`error: ${error}`);
		expect(lines[0]).toContain('15 entities (3 host, 12 guest)');
		expect(lines[0]).toContain('1 down, 4 ok');
	});
});
