// The timeline and sources panes through the view harness (the real App), at 80×24 and 200×60:
// the timeline newest first with whole messages on Enter, live appends and filters; the sources
// with health, latency history, backoff, next poll and whole errors (a disabled source's config
// error included).
import {describe, expect, it} from 'vitest';
import type {SourceHealth} from '../src/store.js';
import {applyPoll, setSources} from '../src/store.js';
import type {TimelineEvent} from '../src/timeline.js';
import {withTimelineEvents} from '../src/timeline-events.js';
import {appStarter, expectFits, keys} from './test-fixtures/harness.js';
import {failSource, labDrafts, labStore, t0} from './test-fixtures/lab.js';
import {setColorless} from './theme.js';

setColorless(true);
const start = appStarter();

const longError = `pdu-a: poll: no answer from 127.0.0.1:16161 within 5 s (SNMP GET of ${Array.from({length: 12}, (_, index) => `1.3.6.1.4.1.318.1.1.12.3.5.1.1.${index + 1}`).join(' ')}) last-word`;

const events: readonly TimelineEvent[] = [
	{at: t0 - 600_000, type: 'source.down', source: 'pdu-a', message: longError, details: {errorName: 'TimeoutError'}},
	{at: t0 - 500_000, type: 'transition', source: 'ups-a', entity: 'ups:ups-a/ups', message: 'ups-a: on battery, 12m runtime left, charge 80%', details: {change: 'ups.on-battery', kind: 'ups'}},
	{at: t0 - 400_000, type: 'action', source: 'pdu-a', entity: 'outlet:pdu-a/7', message: 'outlet.off dev-ws: ok — outlet 7 off [console]', details: {action: 'outlet.off', result: 'ok'}},
	{at: t0 - 300_000, type: 'transition', source: 'pve-demo', entity: 'guest:pve-demo/120', message: 'VM 120 ml-train stopped on pve2', details: {change: 'guest.stopped', kind: 'guest'}},
];

function timelineStore() {
	const store = labStore();
	store.apply(s => withTimelineEvents(s, [...events].reverse()));
	return store;
}

function sourcesStore() {
	const store = labStore();
	// Latency history from real polls, then pdu-a fails twice and backs off; a disabled source.
	const drafts = labDrafts();
	for (const [index, latency] of [12, 40, 25, 90, 30].entries()) store.apply(s => applyPoll(s, 'pve-demo', {entities: drafts['pve-demo']!}, t0 + index, latency));
	failSource(store, 'pdu-a', longError, t0 - 30_000);
	failSource(store, 'pdu-a', longError, t0 - 10_000);
	const disabled: SourceHealth = {id: 'nas-ups', type: 'nut', name: 'nas-ups', status: 'disabled', interval: 5, lastSuccess: null, downSince: null, lastError: 'source "nas-ups" (nut): missing field "host"', errorName: 'ConfigError', latencyMs: null, consecutiveFailures: 0};
	store.apply(s => setSources(s, [...Object.values(s.sources), disabled]));
	store.apply(s => {
		const pdu = s.sources['pdu-a']!;
		const pve = s.sources['pve-demo']!;
		return {...s, sources: {...s.sources, 'pdu-a': {...pdu, nextPollAt: t0 + 20_000, backoffSec: 20}, 'pve-demo': {...pve, nextPollAt: t0 + 5000, backoffSec: 0}}};
	});
	return store;
}

/** Esc closes the detail, a second Esc clears the filter (one at a time: two in one chunk read as Alt-Esc). */
async function backToAll(app: ReturnType<typeof start>) {
	app.press(keys.escape);
	await app.waitForText('Sources 1/7');
	app.press(keys.escape);
	await app.waitForText('Sources 7 (');
}

const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe.each([
	[80, 24],
	[200, 60],
])('triage panes at %i×%i', (width, height) => {
	it('timeline: newest first, labelled, fits; Enter shows an event whole', async () => {
		const app = start({width, height, pane: 'timeline', store: timelineStore()});
		const frame = await app.waitForText('Timeline 4 events, newest first');
		expectFits(frame, width, height);
		const rows = frame.split('\n').filter(line => /CHANGE|ACTION|DOWN/.test(line));
		expect(rows.map(row => row.match(/CHANGE|ACTION|DOWN/)![0])).toEqual(['CHANGE', 'ACTION', 'CHANGE', 'DOWN']);
		expect(rows[0]).toContain('VM 120 ml-train stopped on pve2');
		expect(rows[0]).toMatch(/\d\d:\d\d:\d\d/);
		// The oldest row, whose message is longer than the screen: Enter shows it whole.
		app.press('G', keys.enter);
		const detail = await app.waitForText('Timeline › detail');
		expectFits(detail, width, height);
		const shown = words(detail);
		for (const word of words(longError)) expect(shown).toContain(word);
		expect(detail).toContain('errorName: TimeoutError');
		app.press(keys.escape);
		await app.waitForText('Timeline 4 events');
	});

	it('timeline: a new event appears on top as it is recorded; filters by field', async () => {
		const store = timelineStore();
		const app = start({width, height, pane: 'timeline', store});
		await app.waitForText('Timeline 4 events');
		store.apply(s => withTimelineEvents(s, [{at: t0, type: 'source.up', source: 'pdu-a', message: 'pdu-a: answering again after 10m down'}]));
		const frame = await app.waitForText('Timeline 5 events');
		expect(frame.split('\n').find(line => /\bUP\b/.test(line))).toContain('pdu-a: answering again after 10m down');
		app.press('/', ...'what:action', keys.enter);
		const filtered = await app.waitForText('Timeline 1/5 events');
		expect(filtered).toContain('outlet.off dev-ws');
		expect(filtered).not.toContain('ml-train');
	});

	it('sources: health, latency history, backoff and next poll; the selected error whole above the table', async () => {
		const app = start({width, height, pane: 'sources', store: sourcesStore()});
		const frame = await app.waitForText(/Sources 7 \(1 down, 1 disabled, 5 ok\)/);
		expectFits(frame, width, height);
		const lines = frame.split('\n');
		const row = (id: string) => lines.find(line => line.slice(3).startsWith(`${id} `)) ?? '';
		expect(row('pdu-a')).toMatch(/down 31s/);
		expect(row('pve-demo')).toMatch(/ok\s+30 ms/);
		expect(row('nas-ups')).toContain('disabled');
		if (width >= 200) {
			expect(row('pdu-a')).toMatch(/20s ×2/);
			expect(row('pve-demo')).toContain('in 4s');
			expect(row('pve-demo')).toMatch(/[▁▂▃▄▅▆▇█]{5}/);
		}
		// Worst first: down, then disabled, then the rest in config order.
		expect(lines.filter(line => /^[› ] {2}\S/.test(line)).map(line => line.slice(3).split(' ')[0])).toEqual(['SOURCE', 'pdu-a', 'nas-ups', 'local', 'pve-demo', 'gpus-box-1', 'gpus-pve2', 'ups-a']);
		// The cursor starts on the down source, whose error is wrapped above the table.
		const heading = lines.findIndex(line => line.startsWith('Sources 7'));
		expect(lines[heading + 1]).toMatch(/^pdu-a error: pdu-a: poll: no answer from 127\.0\.0\.1:16161/);
		const above = lines.slice(heading + 1, lines.findIndex(line => line.includes('SOURCE')));
		// At 200 columns all of it (three lines); at 80 the first lines, and Enter for the rest.
		if (width >= 200) expect(words(above.join(' '))).toEqual(words(`pdu-a error: ${longError}`));
		else expect(above.at(-1)).toMatch(/… \(Enter: whole\)$/);
	});

	it('sources: Enter on a down source shows its whole error, its backoff, next poll and latency; a disabled one its config error', async () => {
		const app = start({width, height, pane: 'sources', store: sourcesStore()});
		await app.waitForText('Sources 7');
		app.press('/', ...'pdu-a', keys.enter);
		await app.waitForText('· filter pdu-a');
		app.press(keys.enter);
		const detail = await app.waitForText('Sources › detail');
		expectFits(detail, width, height);
		expect(detail).toMatch(/status\s+down 31s/);
		expect(detail).toMatch(/backoff\s+20s ×2/);
		expect(detail).toMatch(/next poll\s+in 19s/);
		const shown = words(detail);
		for (const word of words(longError)) expect(shown).toContain(word);
		await backToAll(app);
		app.press('/', ...'nas-ups', keys.enter);
		await app.waitForText('· filter nas-ups');
		app.press(keys.enter);
		const disabled = await app.waitForText('Sources › detail');
		expect(disabled).toContain('disabled by the config: source "nas-ups" (nut): missing field "host"');
		await backToAll(app);
		app.press('/', ...'pve-demo', keys.enter);
		await app.waitForText('· filter pve-demo');
		app.press(keys.enter);
		const healthy = await app.waitForText(/latency\s+[▁▂▃▄▅▆▇█]{6}\s+30 ms/);
		expect(healthy).toMatch(/next poll\s+in 4s/);
		expect(healthy).toMatch(/backoff\s+none/);
	});

	it(':timeline, :events and :sources open the tabs', async () => {
		const app = start({width, height, store: timelineStore()});
		await app.waitForText('Hosts');
		app.press(':', ...'events', keys.enter);
		await app.waitForText('Timeline 4 events');
		app.press(':', ...'sources', keys.enter);
		await app.waitForText(/Sources \d+ \(/);
		app.press(':', ...'timeline', keys.enter);
		await app.waitForText('Timeline 4 events');
	});
});
