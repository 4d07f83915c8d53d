// A source whose last poll had values out of range cleared: it stays ok, and its note is shown
// by the sources view (the line above the table) and by `labdeck status` and `--json`.
import {describe, expect, it} from 'vitest';
import {applyPoll} from '../src/store.js';
import {guestDraft} from '../test/support/entities.js';
import {jsonSources} from '../app/cli/json.js';
import {statusLines} from '../app/cli/status-text.js';
import {errorLines} from './SourcesPane.js';
import {labStore, t0} from './test-fixtures/lab.js';

const note = '2 values out of range cleared: guest:pve-demo/101 cpuPercent = -300 (plausible 0…100%)';

describe('a source note', () => {
	it('is shown by the sources view, status text and --json while the source stays ok', () => {
		const store = labStore();
		store.apply(s => applyPoll(s, 'pve-demo', {entities: [guestDraft('pve-demo', 101, 'pve1')]}, t0, 10, {note}));
		const source = store.getSnapshot().sources['pve-demo'];
		expect(source?.status).toBe('ok');
		expect(errorLines(source, 200, 3)).toEqual([`pve-demo note: ${note}`]);
		const sources = jsonSources(store.getSnapshot());
		expect(sources.find(item => item.id === 'pve-demo')?.note).toBe(note);
		expect(sources.find(item => item.id === 'local')?.note).toBeNull();
		const lines = statusLines({schema: 'labdeck/1', command: 'status', generatedAt: '', lab: 'lab', sources, items: [], alerts: [], notices: []}, 200);
		expect(lines).toContain(`    note: ${note}`);
		// The next clean poll clears the note.
		store.apply(s => applyPoll(s, 'pve-demo', {entities: [guestDraft('pve-demo', 101, 'pve1')]}, t0 + 5000, 10));
		expect(store.getSnapshot().sources['pve-demo']?.note).toBeUndefined();
	});
});
