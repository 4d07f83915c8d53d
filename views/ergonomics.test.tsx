// Console ergonomics (issue 14) at 80×24 and 200×60: the command line with arguments, completion
// and history; the filter grammar's errors and readline keys; per-pane state; htop keys; remaps
// in the footer; the "too small" screen, "N more" and narrow tabs. Without colour throughout.
import {describe, expect, it} from 'vitest';
import {appStarter, expectFits, keys} from './test-fixtures/harness.js';
import {failSource, labStore, t0} from './test-fixtures/lab.js';
import {setColorless} from './theme.js';

setColorless(true);
const start = appStarter();
const f1 = '\u001BOP';
const f3 = '\u001BOR';
const f10 = '\u001B[21~';
const ctrl = (letter: string) => String.fromCodePoint(letter.codePointAt(0)! - 96);
/** The line of the frame that carries the cursor mark "›" at its start. */
const selectedLine = (frame: string) => frame.split('\n').find(line => line.startsWith('›')) ?? '';
/** The status line (the command line while it is open): the frame's last line. */
const lastLine = (frame: string) => frame.split('\n').at(-1)!.trimEnd();
/** The hints line above it (completions while the command line is open). */
const hintLine = (frame: string) => frame.split('\n').at(-2)!.trimEnd();
/** The pane's bottom line (the filter being typed, or its error). */
const filterLine = (frame: string) => frame.split('\n').at(-3)!.trimEnd();

describe.each([
	[80, 24],
	[200, 60],
])('console ergonomics at %i×%i', (width, height) => {
	it(':vms pve2 filters by node, :vm 120 and :vm ml-train jump, :hosts and :alerts take arguments', async () => {
		const app = start({width, height});
		await app.waitForText('Hosts');
		app.press(':', ...'vms pve2', keys.enter);
		const filtered = await app.waitForText('filter node:pve2');
		expect(filtered).toMatch(/VMs 5\/12/);
		app.press(':', ...'vm pihole', keys.enter);
		await app.waitFor(frame => /VMs 12/.test(frame) && selectedLine(frame).includes('pihole'));
		app.press(':', ...'vm 120', keys.enter);
		await app.waitFor(frame => selectedLine(frame).includes('ml-train'));
		app.press(keys.home, ':', ...'vm ml-tr', keys.enter);
		await app.waitFor(frame => selectedLine(frame).includes('ml-train'));
		app.press(':', ...'hosts pve2', keys.enter);
		expect(await app.waitForText('filter pve2')).toMatch(/Hosts 1\/\d+/);
		app.press(':', ...'alerts crit', keys.enter);
		await app.waitForText('[6 Alerts]');
		app.press(':', ...'q', keys.enter);
		await app.waitFor(() => app.quits() === 1);
	});

	it('errors fit the line; Tab completes commands and entity names; ↑ recalls the history', async () => {
		const app = start({width, height});
		await app.waitForText('Hosts');
		app.press(':', ...'frobnicate-the-whole-cluster-please now', keys.enter);
		const error = lastLine(await app.waitForText('unknown command'));
		expect(error.length).toBeLessThanOrEqual(width);
		expect(error).toMatch(/unknown command :frobnicate.*Tab completes/);
		app.press(':', ...'vm nosuchthing', keys.enter);
		expect(lastLine(await app.waitForText('no VM'))).toMatch(/^no VM "nosuchthing" \(Tab lists them\)$/);
		app.press(':', ...'hos', keys.tab);
		const both = await app.waitForText(':host▏');
		expect(lastLine(both)).toBe(':host▏');
		expect(hintLine(both)).toBe('host  hosts');
		app.press(...'s', keys.tab);
		await app.waitForText(':hosts ▏');
		app.press(keys.escape);
		await app.waitFor(frame => !lastLine(frame).startsWith(':'));
		app.press(':', ...'vm ml', keys.tab);
		await app.waitForText(':vm ml-train▏');
		app.press(keys.enter);
		await app.waitFor(frame => selectedLine(frame).includes('ml-train'));
		app.press(':', keys.up);
		await app.waitForText(':vm ml-train▏');
		app.press(keys.up);
		await app.waitForText(':vm nosuchthing▏');
		app.press(keys.down, keys.down);
		await app.waitFor(frame => lastLine(frame) === ':▏');
	});

	it('the filter line reports an invalid regex and an unknown field, and edits with readline keys', async () => {
		const app = start({width, height, pane: 'vms'});
		await app.waitForText('VMs 12');
		app.press('/', ...'re:[');
		expect(await app.waitForText('invalid regex')).toMatch(/VMs 12\b/);
		app.press(ctrl('u'));
		await app.waitFor(frame => filterLine(frame).startsWith('/▏'));
		app.press(...'foo:bar', keys.enter);
		const unknown = await app.waitForText('filter: unknown field foo');
		expect(filterLine(unknown)).toMatch(/^filter: unknown field foo: \(fields: .*node/);
		expect(filterLine(unknown).length).toBeLessThanOrEqual(width);
		app.press('/', ctrl('u'), ...'node:pve2 ml', ctrl('w'));
		await app.waitFor(frame => filterLine(frame).startsWith('/node:pve2 ▏'));
		app.press(ctrl('a'), '!');
		await app.waitFor(frame => filterLine(frame).startsWith('/!▏node:pve2'));
		app.press(ctrl('e'), keys.enter);
		expect(await app.waitForText('filter !node:pve2')).toMatch(/VMs 7\/12/);
	});

	it('keeps filter, sort, cursor and marks per pane across switches', async () => {
		const app = start({width, height, pane: 'vms'});
		await app.waitForText('VMs 12');
		app.press('/', ...'node:pve1', keys.enter, 's', keys.down, keys.space);
		await app.waitForText('1 marked');
		const before = await app.waitForText('filter node:pve1');
		app.press('7');
		await app.waitFor(frame => /Hosts \d/.test(frame) && !frame.includes('filter node:pve1'));
		app.press('3');
		const after = await app.waitForText('filter node:pve1');
		expect(after).toContain('1 marked');
		expect(after).toMatch(/sort status↑/);
		expect(selectedLine(after)).toBe(selectedLine(before));
	});

	it('F1 help, F3 filter, F10 quit; S outside the Power pane says where it works', async () => {
		const app = start({width, height, pane: 'vms'});
		await app.waitForText('VMs 12');
		app.press(f1);
		await app.waitForText('next pane');
		app.press(f1);
		await app.waitFor(frame => !frame.includes('next pane'));
		app.press(f3, ...'gitea');
		await app.waitForText('/gitea▏');
		app.press(keys.enter, 'S');
		expect(lastLine(await app.waitForText('only in the Power pane'))).toBe('S: shed-load plan for the UPS on battery: only in the Power pane (4)');
		app.press(f10);
		await app.waitFor(() => app.quits() === 1);
	});

	it('the footer names the keys after a remap; a collision warning fits the status line', async () => {
		const app = start({width, height, keyOverrides: {'pane.next': ['q'], 'row.down': ['k']}});
		const frame = await app.waitForText('Hosts');
		expect(frame).not.toContain('q quit');
		expect(frame).toContain('^C quit');
		const status = lastLine(frame);
		expect(status).toContain('keys: k → row.down, not row.up');
		expect(status.length).toBeLessThanOrEqual(width);
		app.press('q');
		await app.waitForText(/Racks/);
		expect(app.quits()).toBe(0);
	});

	it('the help fits whole words, scrolls, and the tabs show the active pane in brackets', async () => {
		const app = start({width, height, pane: 'vms'});
		expect(await app.waitForText('VMs 12')).toContain('[3 VMs]');
		app.press('?');
		const help = await app.waitForText('Keys');
		expectFits(help, width, height);
		expect(help).not.toContain('…');
		if (width < 120) {
			expect(help).toMatch(/\d+ more ↓/);
			app.press(keys.end);
			const end = await app.waitForText('above ↑');
			expect(end).toContain('shed-load plan');
		}
	});
});

describe('keys in one chunk, and the confirm gate without colour', () => {
	it('a key the focused pane declares but cannot run now says why', async () => {
		const app = start({pane: 'automations'});
		await app.waitForText('nothing to show here yet');
		app.press(keys.enter);
		expect(lastLine(await app.waitForText('has no rows'))).toBe('Enter: this pane has no rows');
	});

	it('a chunk that switches pane, moves and opens acts in order on the new pane', async () => {
		const app = start({pane: 'hosts'});
		await app.waitForText('Hosts');
		app.press('3jj\r');
		expect(await app.waitForText('› detail')).toContain('120 ml-train');
		app.press(keys.escape);
		await app.waitFor(frame => !frame.includes('› detail'));
		app.press('7/pve3\r');
		expect(await app.waitForText('filter pve3')).toMatch(/Hosts 1\/\d+/);
	});

	it.each([
		[80, 24],
		[200, 60],
	])('under NO_COLOR at %i×%i the focused button and the selected choice are marked in the text', async (width, height) => {
		const app = start({width, height, pane: 'vms'});
		await app.waitForText('VMs 12');
		app.press('a');
		const menu = await app.waitForText('Actions for nginx');
		expect(menu).toMatch(/│ › Start/);
		app.press(keys.enter);
		const dialog = await app.waitForText('Start? (low)');
		expect(dialog).toMatch(/\[Cancel\]   Start  /);
		app.press(keys.right);
		expect(await app.waitForText('[Start]')).toMatch(/ Cancel   \[Start\]/);
		app.press(keys.escape);
		await app.waitForText('cancelled');
	});
});

describe('stale rows without colour', () => {
	it.each([
		[80, 24],
		[200, 60],
	])('carry a "~" mark at %i×%i besides their age', async (width, height) => {
		const store = labStore();
		failSource(store, 'pve-demo', 'pve-demo: connect ECONNREFUSED 127.0.0.1:8006', t0 + 30_000);
		const app = start({store, now: t0 + 42_000, pane: 'vms', width, height});
		const frame = await app.waitFor(current => /VMs 12/.test(current) && current.includes('~'));
		const rows = frame.split('\n').filter(line => / (nginx|web|pihole) /.test(line));
		expect(rows.length).toBeGreaterThan(0);
		for (const row of rows) expect(row.slice(2, 3)).toBe('~');
	});
});

describe('small terminals', () => {
	it('below the minimum size says so, and q still quits', async () => {
		const app = start({width: 40, height: 12});
		expect(await app.waitForText("terminal too small")).toContain("need 50×12, have 40×12");
		app.press('q');
		await app.waitFor(() => app.quits() === 1);
	});

	it('at 60×20 the tabs stay readable and a clipped table says how many rows are below', async () => {
		const app = start({width: 60, height: 20, pane: 'vms'});
		const frame = await app.waitForText('VMs 12');
		expectFits(frame, 60, 20);
		const tabs = frame.split('\n')[1]!;
		expect(tabs).toContain('[3 VMs]');
		expect(tabs).not.toContain('…');
		expect(tabs).toMatch(/7 Host/);
		expect(frame).toMatch(/VMs 12 · \d+ more ↓/);
		app.press(keys.end);
		expect(await app.waitForText('above ↑')).not.toContain('more ↓');
	});
});
