import {describe, expect, it} from 'vitest';
import {completeCommandLine, runCommandLine, verbs} from './command-line.js';
import {labStore} from './test-fixtures/lab.js';

const snapshot = labStore().getSnapshot();

describe('command line', () => {
	it('pane words with arguments become filters: a node for :vms, a severity for :alerts, text otherwise', () => {
		expect(runCommandLine('vms pve2', snapshot)).toEqual({type: 'pane', pane: 'vms', filter: 'node:pve2'});
		expect(runCommandLine('vms ml', snapshot)).toEqual({type: 'pane', pane: 'vms', filter: 'ml'});
		expect(runCommandLine('alerts crit', snapshot)).toEqual({type: 'pane', pane: 'alerts', filter: 'severity:critical'});
		expect(runCommandLine('hosts pve2', snapshot)).toEqual({type: 'pane', pane: 'hosts', filter: 'pve2'});
		expect(runCommandLine('vms tag:gpu', snapshot)).toEqual({type: 'pane', pane: 'vms', filter: 'tag:gpu'});
		expect(runCommandLine(':gpus', snapshot)).toEqual({type: 'pane', pane: 'gpus'});
		expect(runCommandLine('storage', snapshot)).toEqual({type: 'pane', pane: 'kind.storage'});
	});
	it('jumps to an entity by vmid, name or a unique prefix; says when none or several match', () => {
		expect(runCommandLine('vm 120', snapshot)).toEqual({type: 'pane', pane: 'vms', filter: '', focusId: 'guest:pve-demo/120'});
		expect(runCommandLine('vm ml-train', snapshot)).toMatchObject({focusId: 'guest:pve-demo/120'});
		expect(runCommandLine('vm gra', snapshot)).toMatchObject({focusId: 'guest:pve-demo/170'});
		expect(runCommandLine('host pve3', snapshot)).toMatchObject({pane: 'hosts', focusId: 'host:pve-demo/pve3'});
		expect(runCommandLine('vm zzz', snapshot)).toEqual({type: 'error', text: 'no VM "zzz" (Tab lists them)'});
		const several = runCommandLine('vm i', snapshot);
		expect(several.type).toBe('error');
		expect(several.type === 'error' && several.text).toMatch(/^"i": \d+ match: /);
	});
	it('commands, quitting and unknown words; every error fits 80 columns', () => {
		expect(runCommandLine('q', snapshot)).toEqual({type: 'command', command: 'app.quit'});
		expect(runCommandLine('  ', snapshot)).toEqual({type: 'none'});
		const unknown = runCommandLine(`${'x'.repeat(200)} y`, snapshot);
		expect(unknown.type === 'error' && unknown.text.length).toBeLessThanOrEqual(78);
		const several = runCommandLine(`vm ${'e'}`, snapshot);
		expect(several.type === 'error' && several.text.length).toBeLessThanOrEqual(78);
	});
	it('Tab completes verbs, then names, as far as they agree', () => {
		expect(verbs()).toContain('vms');
		expect(completeCommandLine('al', snapshot)).toEqual({text: 'alerts ', candidates: ['alerts']});
		expect(completeCommandLine('ho', snapshot).text).toBe('host');
		expect(completeCommandLine('ho', snapshot).candidates).toEqual(['host', 'hosts']);
		expect(completeCommandLine('vm ml', snapshot).text).toBe('vm ml-train');
		expect(completeCommandLine('vm 1', snapshot).candidates).toEqual(['100', '101', '120', '130', '140', '150', '160', '170', '180', '190']);
		expect(completeCommandLine('vms pve', snapshot).candidates).toEqual(['pve1', 'pve2', 'pve3']);
		expect(completeCommandLine('zz', snapshot)).toEqual({text: 'zz', candidates: []});
	});
});
