// `labdeck serve --metrics` scraped by the real Prometheus from Debian (own config and storage on a
// free loopback port), and the exposition checked by `promtool check metrics`.
import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {existsSync, mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {freePort, startServeRig, stopChild, type ServeRig} from './support/serve.js';

const prometheusBin = '/usr/bin/prometheus';
const hasPrometheus = existsSync(prometheusBin) && existsSync('/usr/bin/promtool');
if (!hasPrometheus) console.warn('serve-prometheus: skipped: prometheus (Debian package "prometheus") is not installed');

let rig: ServeRig;
let prometheus: ChildProcess | undefined;
let prometheusUrl = '';

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe().catch(() => undefined);
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 200));
	}
}

async function startPrometheus(target: string, dir: string): Promise<void> {
	const config = path.join(dir, 'prometheus.yml');
	writeFileSync(config, `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: labdeck\n    static_configs:\n      - targets: ['${target}']\n`);
	// A free port from the OS; Prometheus needs a fixed one, so retry when another process took it meanwhile.
	for (let attempt = 0; attempt < 3; attempt++) {
		const port = await freePort();
		mkdirSync(path.join(dir, `data-${attempt}`), {recursive: true});
		const child = spawn(prometheusBin, [`--config.file=${config}`, `--storage.tsdb.path=${path.join(dir, `data-${attempt}`)}`, `--web.listen-address=127.0.0.1:${port}`], {stdio: ['ignore', 'ignore', 'pipe']});
		let log = '';
		child.stderr!.on('data', chunk => (log += chunk));
		prometheus = child;
		prometheusUrl = `http://127.0.0.1:${port}`;
		try {
			await waitFor('prometheus ready', async () => (child.exitCode === null ? ((await fetch(`${prometheusUrl}/-/ready`)).ok ? true : undefined) : Promise.reject(new Error(log))), 30_000);
			return;
		} catch (error) {
			await stopChild(child);
			if (!/address already in use/.test(log)) throw error;
		}
	}
	throw new Error('prometheus: no free port after 3 attempts');
}

beforeAll(async () => {
	if (!hasPrometheus) return;
	rig = await startServeRig({serveArgs: ['--metrics', '127.0.0.1:0']});
	await startPrometheus(rig.metrics!, rig.home.dir);
}, 60_000);

afterAll(async () => {
	await stopChild(prometheus);
	await rig?.stop();
});

describe.skipIf(!hasPrometheus)('labdeck serve --metrics', () => {
	it('serves OpenMetrics that promtool accepts, with no sample for an unknown value', async () => {
		const text = await waitFor('ups metrics', async () => {
			const response = await fetch(`http://${rig.metrics}/metrics`);
			expect(response.headers.get('content-type')).toContain('application/openmetrics-text');
			const body = await response.text();
			return ['labdeck_ups_runtime_seconds{', 'labdeck_gpu_temperature_celsius{', 'labdeck_guest_up{', 'labdeck_outlet_on{'].every(name => body.includes(name)) ? body : undefined;
		});
		expect(text.endsWith('# EOF\n')).toBe(true);
		const check = spawnSync('/usr/bin/promtool', ['check', 'metrics'], {input: text, encoding: 'utf8'});
		expect(check.stdout + check.stderr).toBe('');
		expect(check.status).toBe(0);
		for (const name of ['labdeck_source_up', 'labdeck_ups_on_battery', 'labdeck_outlet_on', 'labdeck_guest_up']) expect(text).toContain(`# TYPE ${name} gauge`);
		expect(text).not.toMatch(/ NaN$/m);
		expect((await fetch(`http://${rig.metrics}/other`)).status).toBe(404);
	});

	it('Prometheus scrapes it: a query through its HTTP API returns the demo UPS runtime', {timeout: 60_000}, async () => {
		const exposition = await (await fetch(`http://${rig.metrics}/metrics`)).text();
		const expected = Number(/^labdeck_ups_runtime_seconds\{source="ups-a"[^}]*\} (\S+)$/m.exec(exposition)?.[1]);
		expect(expected).toBeGreaterThan(0);
		const value = await waitFor('the query result', async () => {
			const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent('labdeck_ups_runtime_seconds{source="ups-a"}')}`);
			const body = (await response.json()) as {data: {result: {metric: Record<string, string>; value: [number, string]}[]}};
			return body.data.result[0];
		});
		expect(value.metric).toMatchObject({job: 'labdeck', source: 'ups-a', id: 'ups:ups-a/ups'});
		expect(Number(value.value[1])).toBe(expected);
		// Every source the exposition says is up, counted by Prometheus. A source still in its first
		// poll when one was read and up when the other was: both are read again until they agree.
		const counts = async () => {
			const up = (await (await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent('sum(labdeck_source_up)')}`)).json()) as {data: {result: {value: [number, string]}[]}};
			const now = await (await fetch(`http://${rig.metrics}/metrics`)).text();
			return {prometheus: Number(up.data.result[0]?.value[1]), exposition: now.match(/^labdeck_source_up\{[^}]*\} 1$/gm)?.length ?? 0};
		};
		const last = {prometheus: -1, exposition: -2};
		await waitFor('Prometheus and the exposition to count the same sources up', async () => {
			Object.assign(last, await counts());
			return last.prometheus === last.exposition ? true : undefined;
		}, 15_000).catch(() => undefined);
		expect(last.prometheus).toBe(last.exposition);
		expect(last.exposition).toBeGreaterThan(0);
	});
});
