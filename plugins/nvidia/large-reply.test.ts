// Bounded work per poll for nvidia-smi: a 7 MB XML with 100,000 processes is parsed in slices
// that yield to the event loop, with the same result as the one-go parse; the rows cap (processes)
// and the replyBytes cap (the real local transport running a stand-in nvidia-smi) fail the poll
// with one line naming the cap.
import {chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {defaultCaps} from '../../src/caps.js';
import {DeviceReplyError} from '../../src/errors.js';
import {localTransport} from '../../src/local-transport.js';
import {plugin} from './index.js';
import {parseNvidiaXml} from './parse.js';
import {parseNvidiaXmlInSlices} from './sliced.js';

const fixture = readFileSync(path.join(import.meta.dirname, '..', '..', 'fixtures', 'nvidia', 'gpu-box-1.xml'), 'utf8');
const context = {source: 'gpus', host: 'gpu-box-1'};

/** The fixture with `count` processes on its first GPU. */
function withProcesses(count: number): string {
	const start = fixture.indexOf('<process_info>');
	const end = fixture.indexOf('</processes>', start);
	const items = Array.from({length: count}, (_, index) => `<process_info><gpu_instance_id>N/A</gpu_instance_id><compute_instance_id>N/A</compute_instance_id><pid>${10_000 + index}</pid><type>C</type><process_name>/usr/bin/python3 worker-${index}</process_name><used_memory>${index % 900} MiB</used_memory></process_info>\n`);
	return fixture.slice(0, start) + items.join('') + fixture.slice(end);
}

let dir: string;
beforeAll(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'labdeck-nvidia-big-'));
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe('nvidia: large replies', () => {
	it('gives the one-go parse\'s result, processes included', async () => {
		const xml = withProcesses(20_000);
		const sliced = await parseNvidiaXmlInSlices(xml, context, defaultCaps, AbortSignal.timeout(60_000));
		const whole = parseNvidiaXml(xml, context);
		expect(sliced).toEqual(whole);
		expect(sliced[0]!.processes).toHaveLength(20_000);
		expect(sliced[1]!.processes.length).toBeGreaterThan(0);
	});

	it('yields while parsing 100,000 processes (7 MB): a timer set as it starts fires before it ends', async () => {
		const xml = withProcesses(100_000);
		expect(xml.length).toBeGreaterThan(7_000_000);
		let hasFired = false;
		setTimeout(() => {
			hasFired = true;
		}, 0);
		const gpus = await parseNvidiaXmlInSlices(xml, context, defaultCaps, AbortSignal.timeout(60_000));
		expect(hasFired).toBe(true);
		expect(gpus[0]!.processes).toHaveLength(100_000);
	});

	it('refuses more processes than the rows cap before parsing', async () => {
		const error = await parseNvidiaXmlInSlices(withProcesses(2000), context, {...defaultCaps, rows: 1000}, AbortSignal.timeout(60_000)).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(DeviceReplyError);
		expect((error as Error).message).toBe('gpus: nvidia-smi -q -x: reply exceeds the rows cap of 1000 rows (got 2001): raise caps.rows in the source block if this is expected');
	});

	it('fails output over the replyBytes cap with one line naming it (the real local transport)', async () => {
		const xmlFile = path.join(dir, 'big.xml');
		writeFileSync(xmlFile, withProcesses(5000));
		const command = path.join(dir, 'nvidia-smi');
		writeFileSync(command, `#!/bin/sh\nexec cat '${xmlFile}'\n`);
		chmodSync(command, 0o755);
		const deps = {transport: () => undefined, localTransport, warn: () => {}, requestPoll: () => {}};
		const capped = plugin.create({id: 'gpus', type: 'nvidia', interval: 5, timeout: 20, command, caps: {...defaultCaps, replyBytes: 100_000}}, deps);
		const error = await capped.poll(AbortSignal.timeout(30_000)).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(DeviceReplyError);
		expect((error as Error).message).toBe('gpus: nvidia-smi -q -x: reply exceeds the replyBytes cap of 100000 bytes (got more output than that): raise caps.replyBytes in the source block if this is expected');
		const fine = plugin.create({id: 'gpus', type: 'nvidia', interval: 5, timeout: 20, command}, deps);
		const result = await fine.poll(AbortSignal.timeout(30_000));
		expect(result.entities).toHaveLength(2);
	});
});
