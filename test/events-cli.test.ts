// `labdeck events`: the real binary reads the timeline that a lab wrote for its config (no poll),
// newest first, `--since` windows it, `--json` validates against the shipped schema, text fits
// the width with whole messages, and bad input gets one line and its exit code.
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {renderEventsText, eventsDocument, parseDuration} from '../app/cli/events.js';
import {Timeline, timelinePath, type TimelineEvent} from '../src/timeline.js';
import {runCli, tempHome} from './support/cli.js';
import {schemaErrors} from './support/schema.js';

const home = tempHome();
afterAll(() => home.cleanup());

const now = Date.now();
const config = home.writeConfig({lab: 'drill', sources: [{id: 'pve', type: 'proxmox', host: '127.0.0.1', tokenId: 'a@pve!b', token: 'x'}]});
const longMessage = `pdu-a: poll: ${'no answer from 127.0.0.1:161 within 5 s after 2 retries; '.repeat(4)}end`;
const recorded: TimelineEvent[] = [
	{at: now - 3 * 3_600_000, type: 'source.down', source: 'pdu-a', message: longMessage, details: {errorName: 'TimeoutError'}},
	{at: now - 90 * 60_000, type: 'transition', source: 'ups-a', entity: 'ups:ups-a/ups', message: 'UPS A: on battery, 12m runtime left, charge 80%', details: {change: 'ups.on-battery', kind: 'ups'}},
	{at: now - 20 * 60_000, type: 'action', source: 'pdu-a', entity: 'outlet:pdu-a/7', message: 'outlet.off dev-ws: ok — outlet 7 off [console]', details: {action: 'outlet.off', result: 'ok'}},
	{at: now - 5 * 60_000, type: 'source.up', source: 'pdu-a', message: 'pdu-a: answering again after 2h55m down'},
];
const timeline = new Timeline(timelinePath(path.join(home.dir, 'state'), config));
for (const event of recorded) timeline.append(event);
// Another lab's timeline (another config) is not read.
new Timeline(timelinePath(path.join(home.dir, 'state'), '/elsewhere.json')).append({at: now, type: 'source.down', source: 'other', message: 'other lab'});

type Document = {command: string; lab: string; since: string | null; items: {at: string; type: string; message: string; source: string | null; entity: string | null}[]};

describe('labdeck events', () => {
	it('--json: one schema-valid document, every event newest first, from the log alone', async () => {
		const result = await runCli(['events', '--json', '--config', config], {env: home.env});
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		const document = JSON.parse(result.stdout) as Document;
		expect(schemaErrors(document)).toBe('');
		expect(document).toMatchObject({command: 'events', lab: 'drill', since: null});
		expect(document.items.map(item => item.type)).toEqual(['source.up', 'action', 'transition', 'source.down']);
		expect(document.items[2]).toMatchObject({entity: 'ups:ups-a/ups', source: 'ups-a', at: new Date(now - 90 * 60_000).toISOString()});
		expect(document.items[3]!.message).toBe(longMessage);
		// A wrong field type is caught by the schema.
		expect(schemaErrors({...document, items: [{...document.items[0], at: 42}]})).not.toBe('');
	});

	it('--since keeps the window: 1h, 2h, 30s', async () => {
		const types = async (since: string) => (JSON.parse((await runCli(['events', '--json', '--since', since, '--config', config], {env: home.env})).stdout) as Document).items.map(item => item.type);
		expect(await types('1h')).toEqual(['source.up', 'action']);
		expect(await types('2h')).toEqual(['source.up', 'action', 'transition']);
		expect(await types('30s')).toEqual([]);
	});

	it('text: one entry per event, whole messages wrapped within the width, a line when there is nothing', async () => {
		const result = await runCli(['events', '--config', config], {env: home.env});
		expect(result.code).toBe(0);
		const lines = result.stdout.trimEnd().split('\n');
		expect(lines[0]).toBe('drill: 4 events, newest first');
		expect(lines[1]).toMatch(/^\d\d-\d\d \d\d:\d\d:\d\d UP\s+pdu-a\s+pdu-a: answering again after 2h55m down$/);
		for (const line of lines) expect(line.length).toBeLessThanOrEqual(200);
		// The long error is whole, over several lines.
		expect(lines.slice(4).map(line => line.trim()).join(' ')).toContain(longMessage.replace(/^pdu-a: /, ''));
		const empty = await runCli(['events', '--since', '10s', '--config', config], {env: home.env});
		expect(empty.stdout).toMatch(/^No events recorded for drill since \d\d-\d\d \d\d:\d\d:\d\d\./);
	});

	it('text at 80 columns keeps every line within 80 and every word of every message', () => {
		const document = eventsDocument({config}, home.env, undefined, now);
		const text = renderEventsText(document, 80);
		for (const line of text.trimEnd().split('\n')) expect(line.length).toBeLessThanOrEqual(80);
		const words = text.split(/\s+/);
		for (const event of recorded) for (const word of event.message.split(' ')) expect(words).toContain(word);
	});

	it('bad input: a bad duration is a usage error (2), a missing config an error (1), each one line', async () => {
		const bad = await runCli(['events', '--since', 'yesterday', '--config', config], {env: home.env});
		expect(bad.code).toBe(2);
		expect(bad.stdout).toBe('');
		expect(bad.stderr).toBe('labdeck: events: --since "yesterday": expected a duration such as 30m, 2h or 1d\n');
		const missing = await runCli(['events', '--config', path.join(home.dir, 'nope.json')], {env: home.env});
		expect(missing.code).toBe(1);
		expect(missing.stderr.trim().split('\n')).toHaveLength(1);
		expect(missing.stderr).toContain('nope.json');
		expect(missing.stderr).toContain('no such file');
	});

	it('parses durations', () => {
		expect(parseDuration('30m')).toBe(1_800_000);
		expect(parseDuration('2h')).toBe(7_200_000);
		expect(parseDuration('1d')).toBe(86_400_000);
		expect(parseDuration('1h30m')).toBe(5_400_000);
		expect(parseDuration('90S')).toBe(90_000);
		for (const bad of ['', '0m', '5', 'm', '-1h', '1y', '2 h']) expect(parseDuration(bad), bad).toBeUndefined();
	});
});
