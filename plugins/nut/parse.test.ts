import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {hasNoData, isPdu, num, outletsFromVars, parseDev, parseStatus, pduFromVars, tokenize, upsFromVars} from './parse.js';

const fixtures = fileURLToPath(new URL('../../fixtures/nut/', import.meta.url));
const corpus = fileURLToPath(new URL('../../../shared/corpus/nut/', import.meta.url));
const facts = {source: 'nut-test', ups: 'desk'};

describe('tokenize', () => {
	it('splits words and honours quotes and escapes', () => {
		expect(tokenize('VAR desk ups.status "OB LB"')).toEqual(['VAR', 'desk', 'ups.status', 'OB LB']);
		expect(tokenize('VAR desk x "a \\"quoted\\" \\\\ word"')).toEqual(['VAR', 'desk', 'x', 'a "quoted" \\ word']);
		expect(tokenize('VAR desk x ""')).toEqual(['VAR', 'desk', 'x', '']);
	});
	it('rejects an unterminated quote', () => {
		expect(tokenize('VAR desk x "open')).toBeUndefined();
	});
});

describe('parseStatus', () => {
	const cases: [string, string[], string][] = [
		['OL', ['online'], 'online'],
		['OL CHRG', ['online', 'charging'], 'online, charging'],
		['OB DISCHRG', ['on-battery', 'discharging'], 'on battery, discharging'],
		['OB LB DISCHRG', ['on-battery', 'low-battery', 'discharging'], 'on battery, low battery, discharging'],
		['OB LB RB', ['on-battery', 'low-battery', 'replace-battery'], 'on battery, low battery, replace battery'],
		['OL DISCHRG', ['online', 'discharging'], 'online, discharging'],
		['OL HE', ['online', 'high-efficiency'], 'online, high-efficiency mode'],
		['OL BYPASS OVER', ['online', 'bypass', 'overload'], 'online, on bypass, overloaded'],
		['OFF', ['off'], 'off'],
		['FSD OB LB', ['forced-shutdown', 'on-battery', 'low-battery'], 'forced shutdown, on battery, low battery'],
		['OL CAL', ['online', 'calibrating'], 'online, calibrating'],
		['OL TRIM ALARM', ['online'], 'online, trimming voltage, alarm'],
		['', [], 'unknown'],
	];
	for (const [status, flags, text] of cases) {
		it(`maps "${status}"`, () => {
			expect(parseStatus(status)).toEqual({flags, text});
		});
	}
	it('never maps an on-battery status to online', () => {
		expect(parseStatus('OB').flags).not.toContain('online');
	});
});

describe('num', () => {
	it('reads floats, and makes -1, blanks and words null', () => {
		expect(num({a: '70680.00'}, 'a')).toBe(70_680);
		expect(num({a: '-1.00'}, 'a')).toBeNull();
		expect(num({a: ''}, 'a')).toBeNull();
		expect(num({a: 'n/a'}, 'a')).toBeNull();
		expect(num({}, 'a')).toBeNull();
	});
});

describe('parseDev', () => {
	it('drops comments, inline comments and reads TIMER steps', () => {
		const dump = parseDev('# header\nups.status: OB\t#BAD: bogus\nbattery.charge: 90\nTIMER 5\nups.status: OB LB\nTIMER 1\n');
		expect(dump.vars).toEqual({'ups.status': 'OB', 'battery.charge': '90'});
		expect(dump.steps).toEqual([{afterSec: 5, vars: {'ups.status': 'OB LB'}}, {afterSec: 1, vars: {}}]);
	});
});

describe('upsFromVars over the fixtures', () => {
	it('reads the desk UPS, its watts and its outlets', () => {
		const vars = parseDev(readFileSync(`${fixtures}desk.dev`, 'utf8')).vars;
		const ups = upsFromVars({...facts, timeOnBatterySec: null}, vars);
		expect(ups).toMatchObject({
			id: 'ups:nut-test/desk',
			model: 'EATON 5PX 1500',
			flags: ['online'],
			chargePercent: 100,
			runtimeSec: 2400,
			loadPercent: 18,
			loadWatts: 180,
			nominalWatts: 1000,
			inputVolts: 231,
			outputVolts: 230,
			batteryTempCelsius: 27.5,
			selfTestResult: 'Done and passed',
			selfTestDate: '2026-10-04',
			timeOnBatterySec: null,
		});
		const outlets = outletsFromVars(facts, vars);
		expect(outlets.map(outlet => [outlet.id, outlet.pdu, outlet.name, outlet.state, outlet.powerWatts, outlet.loadAmps])).toEqual([
			['outlet:nut-test/desk.1', 'ups:nut-test/desk', 'Workstation', 'on', 140, 0.61],
			['outlet:nut-test/desk.2', 'ups:nut-test/desk', 'Monitor and dock', 'on', 40, 0.17],
		]);
	});
	it('derives watts from load % × real-power nominal, and leaves unknowns null', () => {
		const vars = parseDev(readFileSync(`${fixtures}closet.dev`, 'utf8')).vars;
		const ups = upsFromVars(facts, vars);
		expect(ups.loadWatts).toBe(81);
		expect(ups.flags).toEqual(['online', 'charging']);
		expect(ups.batteryTempCelsius).toBeNull();
		expect(ups.selfTestDate).toBeNull();
		expect(outletsFromVars(facts, vars)).toEqual([]);
	});
	it('treats WAIT and a missing status as no data', () => {
		expect(hasNoData({'ups.status': 'WAIT'})).toBe(true);
		expect(hasNoData({})).toBe(true);
		expect(hasNoData({'ups.status': 'OL'})).toBe(false);
	});
	it('survives a garbage and a truncated dump', () => {
		const garbage = parseDev('\u0000\u00ff<html>\n: :\nnot a line\n');
		expect(upsFromVars(facts, garbage.vars).statusText).toBe('unknown');
		const truncated = parseDev('battery.charge: 5\nups.sta');
		expect(upsFromVars(facts, truncated.vars)).toMatchObject({chargePercent: 5, flags: []});
	});
});

const hasCorpus = existsSync(corpus);
if (!hasCorpus) console.warn(`nut corpus tests skipped: ${corpus} not found`);

describe.skipIf(!hasCorpus)('corpus: every .dev/.seq file of ../shared/corpus/nut', () => {
	const files = hasCorpus ? readdirSync(corpus).filter(name => /\.(dev|seq)$/.test(name)) : [];
	for (const file of files) {
		it(`parses ${file}`, () => {
			const dump = parseDev(readFileSync(`${corpus}${file}`, 'utf8'));
			const ups = upsFromVars(facts, dump.vars);
			expect(hasNoData(dump.vars)).toBe(false);
			if (!isPdu(dump.vars)) expect(ups.flags.length).toBeGreaterThan(0);
			for (const value of [ups.chargePercent, ups.runtimeSec, ups.loadPercent, ups.loadWatts, ups.inputVolts]) {
				if (value !== null) expect(Number.isFinite(value) && value >= 0).toBe(true);
			}
			for (const outlet of outletsFromVars(facts, dump.vars)) expect(['on', 'off', 'unknown']).toContain(outlet.state);
		});
	}
	const read = (name: string) => parseDev(readFileSync(`${corpus}${name}`, 'utf8'));
	it('reads the on-battery Smart-UPS 1000 as on battery, not online', () => {
		const ups = upsFromVars(facts, read('APC__Smart-UPS_1000__snmp-ups__2.7.4__01.dev').vars);
		expect(ups.flags).toEqual(['on-battery']);
		expect(ups.chargePercent).toBe(93);
	});
	it('reads "OB LB RB" despite the inline #BAD comment', () => {
		expect(upsFromVars(facts, read('Tripp_Lite__SU6000RT4U__usbhid-ups__2.1.0__01.dev').vars).flags).toEqual(['on-battery', 'low-battery', 'replace-battery']);
	});
	it('keeps the OL DISCHRG firmware quirk as reported', () => {
		expect(upsFromVars(facts, read('APC__Back-UPS_BK650M2-CH__usbhid-ups__2.8.0__01.dev').vars).flags).toEqual(['online', 'discharging']);
	});
	it('reads OL HE and the measured real power', () => {
		const ups = upsFromVars(facts, read('APC__Smart-UPS_750__apc_modbus__2.8.2__01.dev').vars);
		expect(ups.flags).toEqual(['online', 'high-efficiency']);
		expect(ups.loadWatts).toBeCloseTo(25.94);
		expect(ups.nominalWatts).toBe(500);
		expect(ups.lastTransferReason).toBe('AcceptableInput');
	});
	it('leaves the missing load and voltages of the Smart-UPS X 750 null', () => {
		const ups = upsFromVars(facts, read('APC__Smart-UPS_X_750__usbhid-ups__2.7.4__01.dev').vars);
		expect([ups.loadPercent, ups.inputVolts, ups.outputVolts]).toEqual([null, null, null]);
	});
	it('reads the Eaton ePDU as a pdu entity with 42 outlets', () => {
		const vars = read('Eaton__EPDU_MI_38U-A__snmp-ups__2.7.4__01.dev').vars;
		expect(pduFromVars(facts, vars)).toMatchObject({id: 'pdu:nut-test/desk', loadAmps: 0.08, powerWatts: 6, ratingAmps: 24, loadState: 'normal', outletCount: 42, phases: [{name: 'L1', loadAmps: 0.08}]});
		const outlets = outletsFromVars(facts, vars);
		expect(outlets).toHaveLength(42);
		expect(outlets[0]).toMatchObject({pdu: 'pdu:nut-test/desk', name: 'Outlet A1'});
		expect(outlets.every(outlet => outlet.state === 'on')).toBe(true);
	});
	it('follows the evolution500 sequence to OB LB DISCHRG', () => {
		const dump = read('nut__data__evolution500.seq');
		expect(upsFromVars(facts, dump.vars).flags).toEqual(['online', 'charging']);
		const last = dump.steps.map(step => step.vars['ups.status']).filter(Boolean);
		expect(last.map(status => parseStatus(status).flags)).toEqual([['on-battery', 'discharging'], ['on-battery', 'low-battery', 'discharging']]);
		expect(outletsFromVars(facts, dump.vars).map(outlet => outlet.state)).toEqual(['on', 'on']);
	});
});
