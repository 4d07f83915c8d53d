// The demo lab as scripts see it: `labdeck demo --serve` started for real (every simulator on
// loopback), then every query's --json validated against the shipped schema, and actions run
// end to end through the CLI.
import type {ChildProcess} from 'node:child_process';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli, tempHome} from './support/cli.js';
import {startDemoSims, stopChild} from './support/serve.js';
import {schemaErrors} from './support/schema.js';

const home = tempHome();
let demo: ChildProcess;
let config = '';

beforeAll(async () => {
	const sims = await startDemoSims({...process.env, ...home.env});
	demo = sims.child;
	config = sims.config;
	expect(sims.stderr()).toBe('');
}, 30_000);

afterAll(async () => {
	await stopChild(demo);
	home.cleanup();
});

type Doc = {items: Record<string, any>[]; sources: {id: string; status: string; note?: string | null}[]; alerts: unknown[]};

async function query(command: string): Promise<Doc> {
	const result = await runCli([command, '--json', '--config', config], {env: home.env});
	expect(result.stderr).toBe('');
	expect(result.code).toBe(0);
	const document = JSON.parse(result.stdout) as Doc;
	expect(schemaErrors(document)).toBe('');
	return document;
}

describe('the demo lab through the CLI', () => {
	it('every source answers, and status counts everything', async () => {
		const status = await query('status');
		expect(status.sources.filter(source => source.status !== 'ok')).toEqual([]);
		// The demo's simulators report plausible numbers only: no value was cleared by a kind's range.
		expect(status.sources.filter(source => source.note).map(source => `${source.id}: ${source.note}`)).toEqual([]);
		expect(status.sources.map(source => source.id)).toEqual(expect.arrayContaining(['local', 'pve-demo', 'gpus-box-1', 'pdu-a', 'ups-a', 'nut-demo', 'wol-demo', 'pve1-bmc', 'pve2-bmc', 'pve3-bmc', 'ha-demo', 'hs4-demo', 'mqtt-demo']));
	});

	it('vms --json: the three-node cluster’s guests, with the GPU passthrough', async () => {
		const vms = await query('vms');
		expect(vms.items.length).toBeGreaterThanOrEqual(12);
		expect(vms.items.find(item => item.vmid === 120)).toMatchObject({name: 'ml-train', node: 'pve2', pciDevices: ['0000:41:00.0']});
	});

	it('gpus --json: every GPU across the hosts, and the one owned by a guest', async () => {
		const gpus = await query('gpus');
		expect(gpus.items).toHaveLength(5);
		expect(gpus.items.find(item => item.id === 'gpu:gpus-pve2/0')).toMatchObject({host: 'pve2', pciBusId: '0000:41:00.0', ownerGuest: 'guest:pve-demo/120'});
	});

	it('power --json: the UPSes, the PDU and its outlets', async () => {
		const power = await query('power');
		const kinds = power.items.map(item => item.kind as string);
		expect(kinds.filter(kind => kind === 'ups')).toHaveLength(2);
		expect(kinds.filter(kind => kind === 'outlet').length).toBeGreaterThanOrEqual(8);
		expect(power.items.find(item => item.id === 'ups:ups-a/ups')).toMatchObject({flags: expect.arrayContaining(['online'])});
	});

	it('racks and hosts --json: devices with their state and feed; nodes and SSH hosts', async () => {
		const racks = await query('racks');
		expect(racks.items.find(item => item.id === 'device:pve1')).toMatchObject({rack: 'main', u: 20, state: 'up', power: ['outlet:pdu-a/1']});
		const hosts = await query('hosts');
		expect(hosts.items.filter(item => item.kind === 'host').map(item => item.role)).toEqual(expect.arrayContaining(['local', 'node', 'remote']));
	});

	it('bmcs --json: a BMC per Proxmox node (iLO 4, iDRAC 9, CIMC), each on its machine in racks', async () => {
		const bmcs = await query('bmcs');
		expect(bmcs.items.map(item => item.source).sort()).toEqual(['pve1-bmc', 'pve2-bmc', 'pve3-bmc']);
		expect(bmcs.items.every(item => item.kind === 'bmc' && item.powerState === 'on')).toBe(true);
		expect(bmcs.items.map(item => item.manufacturer as string).join(' ')).toMatch(/HP.*Dell.*Cisco/);
		const racks = await query('racks');
		expect(racks.items.find(item => item.id === 'device:pve2')!.entities).toEqual(expect.arrayContaining([expect.stringMatching(/^bmc:pve2-bmc\//)]));
	});

	it('automations --json: Home Assistant on guest 102, the HS4 hub', async () => {
		const automations = await query('automations');
		const ha = automations.items.filter(item => item.source === 'ha-demo');
		expect(ha.length).toBeGreaterThan(3);
		expect(ha.every(item => item.runsOn === 'guest:pve-demo/102')).toBe(true);
		expect(automations.items.some(item => item.source === 'hs4-demo' && item.automationType === 'event')).toBe(true);
	});

	it('storage --json and text: a kind without a dedicated pane is a query of its own, from its kind module', async () => {
		const storage = await query('storage');
		expect(storage.items.length).toBeGreaterThan(0);
		expect(storage.items.every(item => item.kind === 'storage')).toBe(true);
		const text = await runCli(['storage', '--config', config], {env: home.env});
		expect(text.code).toBe(0);
		expect(text.stdout.split('\n')[0]).toMatch(/^NAME\s+NODES\s+USED\s+SIZE/);
		// A shared storage is one row with its nodes.
		expect(text.stdout).toMatch(/nas-backup\s+pve1,pve2,pve3/);
		expect(text.stdout.match(/nas-backup/g)).toHaveLength(1);
	});

	it('act: an outlet that powers a host needs its name typed; a spare one --yes; the new state reads back', async () => {
		const refused = await runCli(['act', 'outlet:pdu-a/7', 'outlet.off', '--yes', '--config', config], {env: home.env});
		expect(refused.code).toBe(5);
		expect(refused.stderr).toContain('--confirm "dev-ws"');
		const dry = await runCli(['act', 'outlet:pdu-a/7', 'outlet.off', '--dry-run', '--config', config], {env: home.env});
		expect(dry.stdout).toContain('dev-ws');
		const done = await runCli(['act', 'outlet:pdu-a/8', 'outlet.off', '--yes', '--json', '--config', config], {env: home.env});
		expect(done.code).toBe(0);
		expect(schemaErrors(JSON.parse(done.stdout))).toBe('');
		const power = await query('power');
		expect(power.items.find(item => item.id === 'outlet:pdu-a/8')).toMatchObject({state: 'off'});
	});

	it('act: a guest start waits on its task; read-only refuses', async () => {
		const readonly = await runCli(['act', 'guest:pve-demo/121', 'guest.start', '--yes', '--readonly', '--config', config], {env: home.env});
		expect(readonly.code).toBe(1);
		const started = await runCli(['act', 'guest:pve-demo/121', 'guest.start', '--yes', '--config', config], {env: home.env, timeoutMs: 30_000});
		expect(started.stderr).toMatch(/guest.start: 121 running/);
		expect(started.code).toBe(0);
		const vms = await query('vms');
		expect(vms.items.find(item => item.vmid === 121)).toMatchObject({status: 'running'});
	}, 40_000);

	it('hosts: one row per machine, each named once, with the sources that see it; an outlet switched off shows it powered off, and its uptime restarts when it comes back', async () => {
		type Machine = {name: string; state: string; sources: string[]; cpuPercent: number | null; uptimeSec: number | null; stateReason: string | null};
		const machinesOf = async () => ((await query('hosts')) as Doc & {machines: Machine[]}).machines;
		const before = await machinesOf();
		// The demo's own links agree: each BMC reports its machine's host name.
		expect(((await query('hosts')) as Doc & {notices: string[]}).notices.join(' ')).not.toMatch(/different hostnames/);
		const names = before.map(machine => machine.name);
		expect(new Set(names).size).toBe(names.length);
		expect(names).toEqual(expect.arrayContaining(['pve1', 'pve2', 'pve3', 'gpu-box-1', 'gpu-box-2', 'dev-ws']));
		expect(before.find(machine => machine.name === 'pve2')).toMatchObject({state: 'up'});
		expect([...(before.find(machine => machine.name === 'pve2')?.sources ?? [])].sort()).toEqual(['gpus-pve2', 'pve-demo', 'pve2-bmc', 'pve2-ssh']);
		// dev-ws: nothing sees its OS; Racks and Hosts say the same.
		expect(before.find(machine => machine.name === 'dev-ws')).toMatchObject({state: 'unknown'});
		const racks = await query('racks');
		expect(racks.items.find(item => item.id === 'device:dev-ws')).toMatchObject({state: 'unknown', machineState: 'unknown'});
		const text = await runCli(['hosts', '--config', config], {env: home.env});
		expect(text.stdout.match(/^\S+ +up +pve2 /gm) ?? text.stdout.match(/ pve2 /g)).toHaveLength(1);

		const off = await runCli(['act', 'outlet:pdu-a/5', 'outlet.off', '--confirm', 'gpu-box-2', '--config', config], {env: home.env});
		expect(off.code).toBe(0);
		const dead = (await runCli(['hosts', '--json', '--config', config], {env: home.env})).stdout;
		const gpuBox2 = (JSON.parse(dead) as {machines: Machine[]}).machines.find(machine => machine.name === 'gpu-box-2');
		expect(gpuBox2).toMatchObject({state: 'off', cpuPercent: null, uptimeSec: null, stateReason: expect.stringContaining('off')});
		const gpus = await runCli(['gpus', '--config', config], {env: home.env});
		for (const line of gpus.stdout.split('\n').filter(row => row.startsWith('gpu-box-2'))) expect(line).toMatch(/■ off/);

		const on = await runCli(['act', 'outlet:pdu-a/5', 'outlet.on', '--yes', '--config', config], {env: home.env});
		expect(on.code).toBe(0);
		const back = (await machinesOf()).find(machine => machine.name === 'gpu-box-2')!;
		expect(back.state).toBe('up');
		expect(back.uptimeSec).toBeLessThan(600);
	}, 60_000);
});
