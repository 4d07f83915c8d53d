import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {DeviceReplyError} from '../../src/errors.js';
import {atsRules} from '../../src/kinds/ats.js';
import {firingRules} from '../../test/support/rule-check.js';
import {parseSnmprec, snmprecToVarMap} from '../../protocols/snmp/sim/snmprec.js';
import {parsePdu} from './parse.js';

const varsOf = (path: string) => snmprecToVarMap(parseSnmprec(readFileSync(fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url)), 'utf8')));

describe('apc-pdu: agents that are not rPDUs', () => {
	it('a rack ATS becomes an ats entity: both sources, the selected one, banks, redundancy lost', () => {
		const result = parsePdu(varsOf('apc-pdu/ap4423-ats.snmprec'), {source: 'ats3'});
		expect(result.generation).toBeUndefined();
		expect(result.entities).toEqual([{
			id: 'ats:ats3/ats', kind: 'ats', source: 'ats3', localId: 'ats', name: 'ats-rack-3', model: 'AP4423',
			inputs: [{name: 'Source A', status: 'fail', volts: 0, frequencyHz: 0}, {name: 'Source B', status: 'ok', volts: 231, frequencyHz: 50}],
			selectedInput: 'Source B', preferredInput: 'Source A', isRedundant: false, loadAmps: 8.8, powerWatts: 1883, outputVolts: 231,
			banks: [{name: 'total', loadAmps: 8.8, powerWatts: 1883}, {name: 'bank 1', loadAmps: 5.1, powerWatts: 1102}, {name: 'bank 2', loadAmps: 3.7, powerWatts: 781}],
			statusText: 'redundancy lost, source Source A failed, on source Source B, not the preferred source Source A',
		}]);
		expect(firingRules(atsRules, 'ats3', result.entities)).toEqual(['ats.redundancy-lost ats:ats3/ats']);
	});

	it('an Easy PDU (ePDU tables): model, power, phase current and voltage, outlet states', () => {
		const result = parsePdu(varsOf('apc-pdu/epdu1016m.snmprec'), {source: 'easy'});
		const [pdu, ...outlets] = result.entities;
		expect(pdu).toMatchObject({kind: 'pdu', name: 'easy-pdu-7', model: 'EPDU1016M', powerWatts: 785, loadAmps: 3.5, outletCount: 4, phases: [{name: 'Phase 1', loadAmps: 3.53}]});
		expect(outlets.map(outlet => outlet.kind === 'outlet' && `${outlet.number}:${outlet.state}`)).toEqual(['1:on', '2:on', '3:off', '4:on']);
		expect(result.generation).toBeUndefined();
	});

	it('a UPS network card is refused as what it is, not accepted as a PDU with 0 outlets', () => {
		expect(() => parsePdu(varsOf('ups/smart-ups-3000-nmc2.snmprec'), {source: 'u'})).toThrow(/not a rack PDU: the agent is an APC UPS network management card \(Smart-UPS 3000\): poll it with the `ups` plugin/);
	});

	it('a modular PDU (xPDU) is refused with what it is', () => {
		expect(() => parsePdu(varsOf('apc-pdu/xpdu-modular.snmprec'), {source: 'x'})).toThrow(/not a rack PDU: the agent is an APC modular power distribution unit/);
	});

	it('an AP96xx card with no PDU table is a network card, not a MasterSwitch', () => {
		const vars = new Map<string, string | number>([['1.3.6.1.2.1.1.1.0', 'APC Web/SNMP Management Card (MB:v3.9.2 MN:AP9631 HR:05)'], ['1.3.6.1.4.1.318.1.1.10.2.3.2.1.4.1', 21]]);
		expect(() => parsePdu(vars, {source: 'n'})).toThrow(DeviceReplyError);
		expect(() => parsePdu(vars, {source: 'n'})).toThrow(/network management card \(AP9631\)/);
		const masterswitch = parsePdu(new Map<string, string | number>([['1.3.6.1.2.1.1.1.0', 'APC (MN: AP9606 HR: F5)'], ['1.3.6.1.4.1.318.1.1.4.4.2.1.3.1', 1]]), {source: 'm'});
		expect(masterswitch.entities[0]).toMatchObject({model: 'MasterSwitch (AP9606 card)'});
	});
});
