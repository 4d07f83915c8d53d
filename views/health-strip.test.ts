import {describe, expect, it} from 'vitest';
import type {HealthItem} from '../src/selectors.js';
import {emptySnapshot, setSources, type SourceHealth} from '../src/store.js';
import {fitHealth} from './Header.js';
import {emptyLine} from './no-sources.js';

const item = (id: string, status: HealthItem['status'], text: string = status): HealthItem => ({id, status, text});

describe('health strip', () => {
	const health = [item('pve-main', 'down', 'down since 14:02'), item('gpu-box-1', 'down', 'down since 14:02'), item('gpu-box-2', 'down', 'down since 14:03'), item('ups-a', 'stale', 'stale 42s'), ...['a', 'b', 'c', 'd'].map(id => item(id, 'ok'))];

	it('lists every source when they fit', () => {
		expect(fitHealth(health, 300)).toBe(health);
	});

	it('keeps the counts first when the problems alone do not fit', () => {
		const texts = fitHealth(health, 60).map(entry => entry.text);
		expect(texts.slice(0, 3)).toEqual(['3 down', 'stale 42s', '4 ok']);
		expect(texts[3]).toBe('down: pve-main, gpu-box-1, gpu-box-2');
	});
});

describe('empty table line', () => {
	const source = (id: string, type: string, over: Partial<SourceHealth>): SourceHealth => ({id, type, name: id, status: 'ok', interval: 5, lastSuccess: null, downSince: null, lastError: null, errorName: null, latencyMs: null, consecutiveFailures: 0, ...over});
	const snapshot = (sources: SourceHealth[]) => ({...setSources(emptySnapshot('lab'), sources), providers: {guest: ['proxmox']}});

	it('names the down source and its error, or the sources still polling', () => {
		const spec = {kinds: ['guest'], noun: 'VM'} as const;
		expect(emptyLine(snapshot([source('pve', 'proxmox', {status: 'down', lastError: 'pve: GET /cluster/resources: API token rejected (HTTP 401)'})]), spec)).toBe('pve: GET /cluster/resources: API token rejected (HTTP 401)');
		expect(emptyLine(snapshot([source('pve', 'proxmox', {status: 'pending'})]), spec)).toBe('waiting for the first answer from pve');
		expect(emptyLine(snapshot([source('pve', 'proxmox', {})]), spec)).toBe('nothing reported yet');
	});
});
