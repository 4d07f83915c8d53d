// The racks pane: the elevation beside the table at 200×60 (folded when short), the table alone at 80×24.
import {describe, expect, it} from 'vitest';
import {outlet, pdu} from './test-fixtures/entities.js';
import {appStarter, expectFits, keys} from './test-fixtures/harness.js';
import {labStore} from './test-fixtures/lab.js';
import {setColorless} from './theme.js';

setColorless(true);
const start = appStarter({pane: 'racks'});
const fitsIn = expectFits;
/** The elevation's part of each line (its first 36 columns), trailing blanks dropped. */
const left = (frame: string) => frame.split('\n').map(line => line.slice(0, 36).trimEnd());
const lineOf = (frame: string, pattern: RegExp) => left(frame).findIndex(line => pattern.test(line));

describe('racks pane at 200×60', () => {
	it('draws the rack U by U, top first, with the table beside it and the unracked devices below', async () => {
		const app = start({width: 200, height: 60});
		const frame = await app.waitForText('Racks 8');
		fitsIn(frame, 200, 60);
		const lines = left(frame);
		const u = (n: number) => lines.findIndex(line => line.startsWith(`${String(n).padStart(3)} `) || line.startsWith(`›${String(n).padStart(2)} `));
		expect(lines).toContain('main · 42U');
		expect(u(42)).toBeGreaterThan(0);
		for (let n = 41; n >= 1; n--) expect(u(n)).toBe(u(42) + 42 - n);
		expect(lines[u(40)]).toMatch(/^›40 \[ \? switch +unknown \]$/);
		expect(lines[u(33)]).toMatch(/^ 33 ┌ ● gpu-box-1 +up ┐$/);
		expect(lines[u(32)]).toMatch(/^ 32 │ +│$/);
		expect(lines[u(30)]).toMatch(/^ 30 └─+┘$/);
		expect(lines[u(29)]).toMatch(/^ 29 · +·$/);
		expect(lines[u(21)]).toContain('● pve1');
		expect(lines[u(3)]).toContain('● ups-a');
		expect(lines[u(1)]).toContain('[ ● pdu-a');
		expect(frame).not.toContain('empty');
		expect(lines[u(1) + 1]).toBe('not in a rack (1)');
		expect(lines[u(1) + 2]).toMatch(/^ +\? dev-ws +unknown$/);
		// The table beside it, whole.
		expect(frame).toMatch(/RACK +U +DEVICE +STATE +POWERED BY +ENTITIES/);
		expect(frame).toMatch(/main +U30-33 +gpu-box-1 +● up +pdu-a:4 +2/);
	});

	it('shows a device whose outlet is off as down', async () => {
		const store = labStore({drafts: {'pdu-a': [pdu('pdu-a'), ...['pve1', 'pve2'].map((name, index) => outlet('pdu-a', index + 1, name, {state: index === 0 ? 'off' : 'on'}))]}});
		const frame = await start({width: 200, height: 60, store}).waitForText('Racks 8');
		expect(left(frame)[lineOf(frame, /^ 21 /)]).toMatch(/^ 21 ┌ ■ pve1 +down ┐$/);
		expect(left(frame)[lineOf(frame, /^ 23 /)]).toMatch(/● pve2 +up/);
	});

	it('folds empty runs when the pane is short, every device still shown', async () => {
		const app = start({width: 200, height: 30});
		const frame = await app.waitForText('Racks 8');
		fitsIn(frame, 200, 30);
		const lines = left(frame);
		expect(lines).toContain('    … U4–U19 empty');
		expect(lines).toContain('    … U34–U39 empty');
		for (const name of ['switch', 'gpu-box-1', 'pve3', 'pve2', 'pve1', 'ups-a', 'pdu-a', 'dev-ws']) expect(lines.some(line => line.includes(` ${name} `))).toBe(true);
		expect(lineOf(frame, /U34–U39/)).toBeLessThan(lineOf(frame, /gpu-box-1/));
		expect(lineOf(frame, /U4–U19/)).toBeGreaterThan(lineOf(frame, /pve1/));
	});

	it('marks the table’s selected device in the elevation and follows j/k, Enter and the filter', async () => {
		const app = start({width: 200, height: 60});
		await app.waitFor(frame => lineOf(frame, /^›40 \[ \? switch/) > 0);
		app.press('j');
		let frame = await app.waitFor(frame => lineOf(frame, /^›33 ┌ ● gpu-box-1/) > 0);
		for (const n of [32, 31, 30]) expect(lineOf(frame, new RegExp(`^›${n} `))).toBeGreaterThan(0);
		expect(lineOf(frame, /^›40/)).toBe(-1);
		expect(frame).toMatch(/› +main +U30-33 +gpu-box-1/);
		app.press(keys.end);
		frame = await app.waitFor(frame => lineOf(frame, /^›  \? dev-ws/) > 0);
		app.press('k', keys.enter);
		frame = await app.waitForText('Racks › detail');
		expect(frame).toContain('pdu-a · main U1');
		expect(lineOf(frame, /^› 1 \[ ● pdu-a/)).toBeGreaterThan(0);
		app.press(keys.escape);
		await app.waitFor(frame => !frame.includes('› detail'));
		app.press('/', ...'pve', keys.enter);
		frame = await app.waitForText('Racks 3/8');
		expect(lineOf(frame, /^›25 ┌ ● pve3/)).toBeGreaterThan(0);
		expect(lineOf(frame, /gpu-box-1/)).toBeGreaterThan(0);
	});
});

describe('racks pane at 80×24', () => {
	it('is the table alone, readable, with its keys', async () => {
		const app = start();
		let frame = await app.waitForText('Racks 8');
		fitsIn(frame, 80, 24);
		expect(frame).not.toMatch(/[┌┐└┘│]/);
		expect(frame).not.toContain('…');
		expect(frame).toMatch(/^ {3}RACK +U +DEVICE +STATE +POWERED BY +ENTITIES( +TEMP +WATTS)?$/m);
		expect(frame).toMatch(/^›  main +U40 +switch +\? – +pdu-a:6 +0$/m);
		app.press('j', 'j', keys.enter);
		frame = await app.waitForText('Racks › detail');
		expect(frame).toContain('pve3 · main U24-25');
		app.press(keys.escape);
		await app.waitFor(frame => !frame.includes('› detail'));
		app.press('a');
		await app.waitForText('Actions for pve3');
	});
});
