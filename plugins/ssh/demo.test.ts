import {EventEmitter} from 'node:events';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {UnreachableError} from '../../src/errors.js';
import {localTransport} from '../../src/local-transport.js';
import type {PluginInstance, SourceConfig} from '../../src/plugin-api.js';
import {plugin as nvidia} from '../nvidia/index.js';
import {plugin as ssh} from './index.js';
import {fixturesDir} from './test-helpers.js';

describe('ssh demo contribution', () => {
	it('starts gpu-box-1, gpu-box-2 and pve2 with their GPUs, follows power events, stops', async () => {
		const tmpDir = mkdtempSync(join(tmpdir(), 'labdeck-demo-'));
		const events = new EventEmitter();
		const contribution = await ssh.demo!({events, scenario: 'gpu-overheat', fixturesDir, tmpDir});
		const instances = new Map<string, PluginInstance>();
		try {
			expect(contribution.sources.map(source => source.id)).toEqual(['gpu-box-1', 'gpus-box-1', 'gpu-box-2', 'gpus-box-2', 'pve2-ssh', 'gpus-pve2']);
			expect(contribution.devices).toContainEqual(expect.objectContaining({id: 'gpu-box-1', rack: 'main', u: 30, height: 4, power: ['outlet:pdu-a/4']}));
			const deps = {transport: (id: string) => instances.get(id)?.transport, localTransport, warn: () => {}, requestPoll: () => {}};
			for (const block of contribution.sources) {
				const config = block as SourceConfig;
				instances.set(config.id, (config.type === 'ssh' ? ssh : nvidia).create(config, deps));
			}
			const ids: string[] = [];
			for (const [id, instance] of instances) {
				const {entities} = await instance.poll(AbortSignal.timeout(5000));
				ids.push(...entities.map(entity => entity.id));
				if (id === 'gpus-pve2') expect(entities[0]).toMatchObject({host: 'pve2', pciBusId: '0000:41:00.0', name: 'NVIDIA GeForce RTX 4080'});
			}
			// Every entity a device claims is one the sources really report.
			for (const device of contribution.devices ?? []) for (const id of device.entities as string[]) expect(ids).toContain(id);
			events.emit('power', {device: 'gpu-box-2', isOn: false});
			await expect(instances.get('gpus-box-2')!.poll(AbortSignal.timeout(5000))).rejects.toThrow(UnreachableError);
			expect((await instances.get('gpus-box-1')!.poll(AbortSignal.timeout(5000))).entities).toHaveLength(2);
		} finally {
			for (const instance of instances.values()) await instance.close?.();
			await contribution.stop();
			rmSync(tmpDir, {recursive: true, force: true});
		}
	});
});
