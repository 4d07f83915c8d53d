import {describe, expect, it} from 'vitest';
import type {Entity} from '../../src/entities.js';
import {guestDraft, hostDraft} from '../../test/support/entities.js';
import {editDistance, resolveEntity} from './resolve-entity.js';
import {progressPrinter} from './act.js';

const entities = [
	hostDraft('pve-main', 'pve2'),
	hostDraft('pve2-ssh', 'pve2'),
	guestDraft('pve-main', 101, 'pve1', {name: 'web'}),
	guestDraft('pve-main', 120, 'pve2', {name: 'ml-train'}),
	guestDraft('pve-lab', 1201, 'lab1', {name: 'ml-test'}),
].map(draft => ({...draft, seenAt: 1}) as Entity);

const id = (token: string, kind?: Entity['kind']) => {
	const result = resolveEntity(token, entities, kind);
	return 'entity' in result ? result.entity.id : result.error;
};

describe('labdeck act entity resolution', () => {
	it('takes an id, a vmid, a name or a unique suffix', () => {
		expect(id('guest:pve-main/101')).toBe('guest:pve-main/101');
		expect(id('101', 'guest')).toBe('guest:pve-main/101');
		expect(id('ml-train')).toBe('guest:pve-main/120');
		expect(id('pve-main/120')).toBe('guest:pve-main/120');
		expect(id('main/120')).toBe('guest:pve-main/120');
	});

	it('prefers the action’s kind, and lists the candidates when a name is ambiguous', () => {
		expect(id('pve2', 'host')).toBe('"pve2" matches 2 entities: host:pve-main/pve2, host:pve2-ssh/pve2; give the full id');
	});

	it('suggests close matches for an unknown entity', () => {
		expect(id('ml-trian')).toBe('unknown entity "ml-trian"; did you mean guest:pve-main/120 (ml-train)?');
		expect(id('zzzzzzzz')).toBe('unknown entity "zzzzzzzz" (labdeck hosts, vms, gpus or power list the ids)');
		expect(editDistance('kitten', 'sitting')).toBe(3);
	});
});

describe('act progress', () => {
	it('prints one line per state change, not one per tick', () => {
		const lines: string[] = [];
		const print = progressPrinter({err: text => lines.push(text)});
		for (const line of ['guest.start: 101 running (0 s)', 'guest.start: 101 running (0 s)', 'guest.start: 101 running (1 s)', 'guest.start: 101 running (2 s)', 'guest.start: 101 OK (3 s)']) print(line);
		expect(lines).toEqual(['guest.start: 101 running (0 s)\n', 'guest.start: 101 OK (3 s)\n']);
	});
});
