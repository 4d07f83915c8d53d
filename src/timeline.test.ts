import {appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {Timeline, timelinePath, type TimelineEvent} from './timeline.js';
import {collapseRepeats} from './timeline-events.js';

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'labdeck-timeline-'));
});
afterEach(() => rmSync(dir, {recursive: true, force: true}));

const down = (at: number, source = 'pve'): TimelineEvent => ({at, type: 'source.down', source, message: `${source}: poll: no answer within 5 s`, details: {errorName: 'TimeoutError'}});

describe('timeline', () => {
	it('reads newest first, across a restart (a new instance on the same file)', () => {
		const file = timelinePath(dir, '/etc/labdeck.json');
		const first = new Timeline(file);
		first.append(down(1000));
		first.append({at: 2000, type: 'entity.removed', source: 'pve', entity: 'guest:pve/101', message: 'vm101 removed: no longer reported'});
		first.append({at: 3000, type: 'source.up', source: 'pve', message: 'pve: answering again after 2s down'});
		const reopened = new Timeline(file);
		expect(reopened.read().map(event => event.type)).toEqual(['source.up', 'entity.removed', 'source.down']);
		expect(reopened.read()[2]).toEqual(down(1000));
		expect(statSync(file).mode & 0o777).toBe(0o600);
	});

	it('filters by since and limit, keeping the order of writing within one millisecond', () => {
		const timeline = new Timeline(timelinePath(dir, null));
		for (const at of [1000, 2000, 2000, 3000]) timeline.append(down(at, `s${at}-${timeline.read().length}`));
		expect(timeline.read({since: 2000}).map(event => event.source)).toEqual(['s3000-3', 's2000-2', 's2000-1']);
		expect(timeline.read({limit: 1}).map(event => event.at)).toEqual([3000]);
		expect(timeline.read({since: 5000})).toEqual([]);
	});

	it('keeps one timeline per config file', () => {
		expect(timelinePath(dir, '/a.json')).not.toBe(timelinePath(dir, '/b.json'));
		new Timeline(timelinePath(dir, '/a.json')).append(down(1));
		expect(new Timeline(timelinePath(dir, '/b.json')).read()).toEqual([]);
	});

	it('stays under its size bound by rotating, dropping the oldest events', () => {
		const file = timelinePath(dir, null);
		const maxBytes = 20_000;
		const timeline = new Timeline(file, {maxBytes});
		for (let index = 0; index < 1000; index++) timeline.append(down(index));
		const rotated = file.replace(/\.jsonl$/, '.1.jsonl');
		expect(existsSync(rotated)).toBe(true);
		expect(statSync(file).size + statSync(rotated).size).toBeLessThanOrEqual(maxBytes);
		const events = timeline.read();
		expect(events[0]!.at).toBe(999);
		expect(events.length).toBeGreaterThan(50);
		expect(events.at(-1)!.at).toBeGreaterThan(0);
		// Contiguous: rotation loses only the oldest.
		expect(events.map(event => event.at)).toEqual(events.map((_, index) => 999 - index));
	});

	it('skips a line cut by a crash and never glues the next event to it', () => {
		const file = timelinePath(dir, null);
		new Timeline(file).append(down(1000));
		appendFileSync(file, '{"at":2000,"type":"source.do');
		const reopened = new Timeline(file);
		reopened.append(down(3000));
		writeFileSync(`${file}.other`, '');
		expect(reopened.read().map(event => event.at)).toEqual([3000, 1000]);
		expect(readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(3);
	});

	it('ignores lines that are not events (foreign or unknown types)', () => {
		const file = timelinePath(dir, null);
		writeFileSync(file, '[1,2]\n{"at":"x","type":"source.up","message":"m"}\n{"at":1,"type":"nonsense","message":"m"}\nnull\n');
		const timeline = new Timeline(file);
		timeline.append(down(5));
		expect(timeline.read()).toEqual([down(5)]);
	});

	it('flattens messages to one line and drops oversized details, keeping the event', () => {
		const timeline = new Timeline(timelinePath(dir, null));
		timeline.append({at: 1, type: 'transition', message: 'line one\nline two', details: {blob: 'x'.repeat(10_000)}});
		const [event] = timeline.read();
		expect(event).toMatchObject({message: 'line one line two', details: {isTruncated: true}});
	});

	it('tells subscribers of each append', () => {
		const timeline = new Timeline(timelinePath(dir, null));
		const seen: TimelineEvent[] = [];
		const unsubscribe = timeline.subscribe(event => seen.push(event));
		timeline.append(down(1));
		unsubscribe();
		timeline.append(down(2));
		expect(seen).toEqual([down(1)]);
	});

	it('reads the newest events from the end of the files, across the rotation, as read() does', () => {
		const file = timelinePath(dir, null);
		const timeline = new Timeline(file, {maxBytes: 200_000});
		for (let index = 0; index < 2000; index++) timeline.append(down(index, `s${index % 7}`));
		expect(existsSync(file.replace(/\.jsonl$/, '.1.jsonl'))).toBe(true);
		const all = timeline.read();
		for (const limit of [1, 10, 500, all.length - 1, all.length + 50]) expect(new Timeline(file).readRecent(limit)).toEqual(all.slice(0, limit));
		expect(new Timeline(timelinePath(dir, '/none.json')).readRecent(10)).toEqual([]);
	});

	it('collapses the copy of an event that a second process recorded, never a real repeat', () => {
		const off = (at: number): TimelineEvent => ({at, type: 'transition', entity: 'outlet:pdu/5', message: 'outlet 5 switched off'});
		const on = (at: number): TimelineEvent => ({at, type: 'transition', entity: 'outlet:pdu/5', message: 'outlet 5 switched on'});
		// Newest first: off, on, off (flapping) stays whole; off recorded twice within a minute is one.
		expect(collapseRepeats([off(30_000), on(20_000), off(10_000)])).toEqual([off(30_000), on(20_000), off(10_000)]);
		expect(collapseRepeats([off(12_000), down(11_000), off(10_000)])).toEqual([down(11_000), off(10_000)]);
		expect(collapseRepeats([off(200_000), off(10_000)])).toEqual([off(200_000), off(10_000)]);
	});
});
