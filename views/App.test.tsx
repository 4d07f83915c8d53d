import {describe, expect, it} from 'vitest';
import {appStarter, keys} from './test-fixtures/harness.js';
import {failSource, labStore, t0} from './test-fixtures/lab.js';
import {setColorless} from './theme.js';

setColorless(true);
const start = appStarter();

describe.each([
	[80, 24],
	[200, 60],
])('console at %i×%i', (width, height) => {
	it('draws rows - 1 lines, no wider than the terminal, with header, health strip and footer', async () => {
		const app = start({width, height, pane: 'hosts'});
		const frame = await app.waitForText('workstation');
		const lines = frame.split('\n');
		expect(lines.length).toBeLessThanOrEqual(height - 1);
		for (const line of lines) expect(line.length).toBeLessThanOrEqual(width);
		expect(frame).toContain('labdeck · homelab');
		expect(frame).toContain('pve-demo ok');
		expect(frame).toMatch(/\? help/);
	});

	it('switches panes by number, Tab and Shift-Tab', async () => {
		const app = start({width, height});
		await app.waitForText('Hosts 5'); // machines: the local one, three nodes, gpu-box-1 (its GPUs)
		app.press('3');
		await app.waitForText('VMs 12');
		app.press(keys.tab);
		await app.waitForText('Power · 1 UPS · 8 outlets');
		app.press(keys.shiftTab, keys.shiftTab);
		await app.waitForText('GPUs 3');
		app.press('1');
		await app.waitForText('Racks');
		expect(app.frame()).toContain('gpu-box-1');
	});

	it('navigates the table and opens the detail view', async () => {
		const app = start({width, height, pane: 'vms'});
		await app.waitForText('VMs 12');
		app.press(keys.down, keys.down, keys.enter);
		const detail = await app.waitForText('› detail');
		expect(detail).toContain('120 ml-train');
		expect(detail).toContain('0000:41:00.0');
		expect(detail).toContain('pve2 GPU0 RTX 4080');
		app.press(keys.escape);
		await app.waitFor(frame => frame.includes('VMs 12') && !frame.includes('› detail'));
		app.press(keys.end, keys.enter);
		expect(await app.waitForText('› detail')).toContain('210 pihole');
	});
});

describe('table keys', () => {
	it('pages with PgDn/PgUp and Home/End in a long table', async () => {
		const app = start({width: 80, height: 12, pane: 'vms'});
		await app.waitForText('VMs 12');
		expect(app.frame()).not.toContain('pihole');
		app.press(keys.pageDown, keys.pageDown, keys.pageDown, keys.pageDown);
		await app.waitForText('pihole');
		app.press(keys.home);
		await app.waitFor(frame => frame.includes('nginx') && !frame.includes('pihole'));
		app.press('G');
		await app.waitForText('pihole');
		app.press('g');
		await app.waitForText('nginx');
	});

	it('filters with the VMs grammar and free text, regex and inversion', async () => {
		const app = start({pane: 'vms'});
		await app.waitForText('VMs 12');
		app.press('/', ...'node:pve2');
		await app.waitForText('/node:pve2');
		app.press(keys.enter);
		const frame = await app.waitForText('filter node:pve2');
		expect(frame).toMatch(/VMs 5\/12/);
		expect(frame).toContain('ml-train');
		expect(frame).not.toContain('nginx');
		app.press(keys.escape);
		await app.waitForText(/VMs 12\n/);
		app.press('/', ...'tag:gpu', keys.enter);
		await app.waitForText('VMs 1/12');
		app.press(keys.escape);
		await app.waitForText(/VMs 12\n/);
		app.press('/', ...'status:stopped', keys.enter);
		expect(await app.waitForText('VMs 2/12')).toContain('pihole');
		app.press(keys.escape);
		await app.waitForText(/VMs 12\n/);
		app.press('/', ...'!text:/^1[0-9]0 /', keys.enter);
		await app.waitForText('filter !text:');
		expect(app.frame()).not.toMatch(/ 120 ml-train/);
		app.press(keys.escape);
		await app.waitForText(/VMs 12\n/);
		// A bare regex runs over the name, anchored as written.
		app.press('/', ...'/^ml/', keys.enter);
		expect(await app.waitForText('VMs 1/12')).toContain('ml-train');
		app.press(keys.escape);
		await app.waitForText(/VMs 12\n/);
		app.press('/', ...'GRAF', keys.enter);
		expect(await app.waitForText('VMs 1/12')).toContain('grafana');
	});

	it('sorts with s (each column up, then down, then the next) and reverses with R', async () => {
		const app = start({pane: 'vms'});
		await app.waitForText('VMs 12');
		app.press('s');
		const first = await app.waitForText(/sort \S+↑/);
		const column = /sort (\S+)↑/.exec(first)![1]!;
		app.press('s');
		await app.waitForText(`sort ${column}↓`);
		app.press('s', 's', 's');
		const byName = await app.waitForText('sort NAME↑');
		expect(byName.indexOf('backup')).toBeLessThan(byName.indexOf('web'));
		app.press('s');
		const reversed = await app.waitForText('sort NAME↓');
		expect(reversed.indexOf('web')).toBeLessThan(reversed.indexOf('backup'));
		app.press('R');
		await app.waitForText('sort NAME↑');
	});

	it('marks rows with space', async () => {
		const app = start({pane: 'vms'});
		await app.waitForText('VMs 12');
		app.press(keys.space, keys.space);
		expect(await app.waitForText('2 marked')).toMatch(/ \* ► +100/);
		expect(app.frame()).toMatch(/›  ► +120/);
		app.press(keys.escape);
		await app.waitFor(frame => !frame.includes('marked'));
	});
});

describe('help, command line, quit, refresh', () => {
	it('? shows help generated from the key table, with remaps', async () => {
		const app = start({keyOverrides: {'pane.next': ['n']}});
		await app.waitForText('Hosts');
		app.press('?');
		const help = await app.waitForText('Keys');
		expect(help).toContain('next pane');
		expect(help).toMatch(/n +next pane/);
		app.press('?');
		await app.waitFor(frame => !frame.includes('next pane'));
		app.press('n');
		await app.waitForText('Racks');
	});

	it(':vms, :gpu, :power, unknown commands and :q', async () => {
		const app = start();
		await app.waitForText('Hosts');
		app.press(':', ...'vms', keys.enter);
		await app.waitForText('VMs 12');
		app.press(':', ...'gpu', keys.enter);
		await app.waitForText('GPUs 3');
		app.press(':', ...'power');
		await app.waitForText(':power');
		app.press(keys.enter);
		await app.waitForText('Power · 1 UPS · 8 outlets');
		app.press(':', ...'nope', keys.enter);
		await app.waitForText('unknown command :nope');
		app.press(':', 'q', keys.enter);
		await app.waitFor(() => app.quits() === 1);
		app.press('q');
		await app.waitFor(() => app.quits() === 2);
	});

	it('r asks for a re-poll', async () => {
		const app = start();
		await app.waitForText('Hosts');
		app.press('r');
		await app.waitForText('re-polling');
		expect(app.refreshes()).toBe(1);
	});
});

describe('health and staleness', () => {
	it('dims stale rows with their age and shows a down source in the header and its error', async () => {
		const store = labStore();
		failSource(store, 'pve-demo', 'pve-demo: connect ECONNREFUSED 127.0.0.1:8006', t0 + 30_000);
		const app = start({store, now: t0 + 42_000, pane: 'vms', width: 100});
		const frame = await app.waitForText('stale 42s');
		expect(frame).toMatch(/pve-demo down since/);
		expect(frame).toContain('pve-demo down: pve-demo: connect ECONNREFUSED');
		app.clock.set(t0 + 50_000);
		await app.waitForText('stale 50s');
	});

	it('shows header notices', async () => {
		const app = start({store: labStore({notices: ['insecure TLS: pve-lab']})});
		expect(await app.waitForText('insecure TLS: pve-lab')).toBeTruthy();
	});

	it('a pane without sources says so in one line', async () => {
		const app = start({store: labStore({without: ['gpus-box-1', 'gpus-pve2']}), pane: 'gpus', width: 100});
		await app.waitForText('No GPU sources configured — add a source of type nvidia: see README › Config');
		app.press('5');
		await app.waitForText('No plugin in this version reports automation data: nothing to show here yet');
	});
});

describe('keys in one chunk', () => {
	it('keys sent right after a pane switch reach the new pane', async () => {
		const app = start({pane: 'hosts'});
		await app.waitForText('Hosts 5'); // machines: the local one, three nodes, gpu-box-1 (its GPUs)
		app.press('3', keys.down, keys.down, keys.enter);
		expect(await app.waitForText('› detail')).toContain('120 ml-train');
	});
});
