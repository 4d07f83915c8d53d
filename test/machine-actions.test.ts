// Machine actions end to end: the whole demo lab (every simulator on loopback), its config loaded
// and opened as a real lab, and each machine action planned and run through the real action layer
// (confirm gates, audit log, --readonly) against the simulators, which keep the state.
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startDemo, type DemoLab} from '../app/demo/demo.js';
import {plugins} from '../plugins/registry.js';
import type {AuditRecord} from '../src/audit.js';
import {loadConfig} from '../src/config.js';
import type {GuestEntity, HostEntity} from '../src/entities.js';
import {ActionRefusedError} from '../src/errors.js';
import {openLab, type Lab} from '../src/lab.js';
import {kindModule} from '../src/kinds/index.js';
import {globalActions} from '../src/plans/global-actions.js';

let demo: DemoLab;
let lab: Lab;
let readonlyLab: Lab;
const stateDir = mkdtempSync(path.join(tmpdir(), 'labdeck-machine-'));
const readonlyDir = mkdtempSync(path.join(tmpdir(), 'labdeck-machine-ro-'));

beforeAll(async () => {
	demo = await startDemo(undefined);
	const config = await loadConfig({path: demo.configPath, plugins, env: {}, defaultPath: demo.configPath});
	lab = openLab({config, globalActions, stateDir, shouldRestore: false, shouldPersist: false});
	readonlyLab = openLab({config, globalActions, isReadonly: true, stateDir: readonlyDir, shouldRestore: false, shouldPersist: false});
	await Promise.all([lab.poller.pollOnce(), readonlyLab.poller.pollOnce()]);
}, 60_000);

afterAll(async () => {
	await lab?.close();
	await readonlyLab?.close();
	await demo?.stop();
	rmSync(stateDir, {recursive: true, force: true});
	rmSync(readonlyDir, {recursive: true, force: true});
});

const audit = (dir = stateDir) => readFileSync(path.join(dir, 'audit.jsonl'), 'utf8').trim().split('\n').map(line => JSON.parse(line) as AuditRecord);
const entity = (id: string) => lab.store.getSnapshot().entities.get(id);

/** Polls until the condition holds (bounded). */
async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
	const deadline = Date.now() + ms;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await lab.poller.pollOnce();
	}
}

describe('a machine’s detail', () => {
	it('lists a node’s guests, its GPUs (with the guest each is passed to) and its storage, also from its SSH side', () => {
		const context = {snapshot: lab.store.getSnapshot(), topology: lab.config.topology, now: Date.now()};
		const module = kindModule('host')!;
		for (const id of ['host:pve-demo/pve2', 'host:pve2-ssh/pve2']) {
			const sections = module.detail(entity(id) as never, context);
			const text = (title: string) => sections.find(section => section.title.startsWith(title))?.lines?.map(line => line.text).join('\n') ?? '';
			expect(text('guests')).toMatch(/120\s+vm ml-train/);
			expect(text('GPUs')).toMatch(/RTX 4080.*→ 120 ml-train/);
			expect(text('storage')).toMatch(/local-zfs/);
		}
	});
});

describe('machine actions through the action layer', () => {
	it('offers OS, power and bulk actions on a Proxmox node and an SSH host', () => {
		const node = lab.actions.available(entity('host:pve-demo/pve1')!).map(action => action.id);
		expect(node).toEqual(expect.arrayContaining(['host.shutdown', 'host.reboot', 'host.shutdown-guests', 'host.migrate-guests', 'host.power-on', 'host.power-off']));
		const ssh = lab.actions.available(entity('host:gpu-box-2/gpu-box-2')!).map(action => action.id);
		expect(ssh).toEqual(expect.arrayContaining(['host.shutdown', 'host.reboot', 'host.power-on', 'host.power-off']));
		expect(readonlyLab.actions.available(readonlyLab.store.getSnapshot().entities.get('host:gpu-box-2/gpu-box-2')!)).toEqual([]);
	});

	it('refuses under --readonly, and audits the refusal', async () => {
		const plan = readonlyLab.actions.plan('host.shutdown', ['host:gpu-box-2/gpu-box-2']);
		await expect(readonlyLab.actions.execute(plan, {isConfirmed: true}, {origin: 'cli'})).rejects.toMatchObject({reason: 'readonly'});
		expect(audit(readonlyDir).at(-1)).toMatchObject({action: 'host.shutdown', result: 'refused'});
	});

	it('shuts an SSH host down with the default command once confirmed; the host stops answering', async () => {
		const plan = lab.actions.plan('host.shutdown', ['host:gpu-box-2/gpu-box-2']);
		expect(plan.risk).toBe('high');
		expect(plan.lines.join('\n')).toContain('runs "sudo -n systemctl poweroff" over SSH');
		const refused = await lab.actions.execute(plan, {isConfirmed: false}, {origin: 'cli'}).catch((error: unknown) => error);
		expect(refused).toBeInstanceOf(ActionRefusedError);
		expect(audit().at(-1)).toMatchObject({action: 'host.shutdown', result: 'refused'});
		const progress: string[] = [];
		const outcome = await lab.actions.execute(plan, {isConfirmed: true}, {origin: 'cli', onProgress: line => progress.push(line)});
		expect(outcome).toMatchObject({ok: true, message: 'gpu-box-2 shut down (no longer answering)'});
		expect(progress).toEqual(['gpu-box-2: shutting down', 'gpu-box-2: down']);
		expect(audit().at(-1)).toMatchObject({action: 'host.shutdown', result: 'ok', targets: ['host:gpu-box-2/gpu-box-2']});
		await lab.poller.pollOnce();
		expect(lab.store.getSnapshot().sources['gpu-box-2']?.status).not.toBe('ok');
	}, 30_000);

	it('powers the machine back on through its own outlet, a high-risk power cycle', async () => {
		const plan = lab.actions.plan('host.power-on', ['host:gpu-box-2/gpu-box-2']);
		expect(plan.risk).toBe('high');
		expect(plan.lines.join('\n')).toMatch(/power-cycle .*outlet\.reboot/);
		const outcome = await lab.actions.execute(plan, {isConfirmed: true}, {origin: 'cli'});
		expect(outcome.ok).toBe(true);
		expect(audit().slice(-2).map(record => [record.action, record.result])).toEqual([['outlet.reboot', 'step'], ['host.power-on', 'ok']]);
		await until(() => lab.store.getSnapshot().sources['gpu-box-2']?.status === 'ok', 'gpu-box-2 to answer again');
	}, 30_000);

	it('wakes a machine over Wake-on-LAN when it has no BMC (low risk)', async () => {
		const plan = lab.actions.plan('host.power-on', ['host:wol-demo/dev-ws']);
		expect(plan.risk).toBe('low');
		expect(plan.lines.join('\n')).toContain('host.wake');
		const outcome = await lab.actions.execute(plan, {isConfirmed: true}, {origin: 'cli'});
		expect(outcome).toMatchObject({ok: true});
		expect(audit().at(-2)).toMatchObject({action: 'host.wake', result: 'step'});
	});

	it('cuts a machine hard through its outlet: destructive, the name must be typed', async () => {
		const plan = lab.actions.plan('host.power-off', ['host:gpu-box-1/gpu-box-1']);
		expect(plan.risk).toBe('destructive');
		await expect(lab.actions.execute(plan, {isConfirmed: true, typed: 'nope'}, {origin: 'cli'})).rejects.toMatchObject({reason: 'confirmation'});
		const outcome = await lab.actions.execute(plan, {isConfirmed: true, typed: plan.confirmName!}, {origin: 'cli'});
		expect(outcome.ok).toBe(true);
		await until(() => (entity('outlet:pdu-a/4') as {state?: string} | undefined)?.state === 'off', 'outlet 4 off');
		await lab.actions.execute(lab.actions.plan('outlet.on', ['outlet:pdu-a/4']), {isConfirmed: true}, {origin: 'cli'});
	}, 30_000);

	it('migrates all guests off a node, shuts all guests down, then shuts the node down through the API', async () => {
		const onPve3 = () => (lab.store.getSnapshot().byKind.guest as GuestEntity[]).filter(guest => guest.node === 'pve3');
		const before = onPve3().length;
		expect(before).toBeGreaterThan(0);
		const migrate = lab.actions.plan('host.migrate-guests', ['host:pve-demo/pve3'], {target: 'pve1'});
		expect(migrate.risk).toBe('high');
		const moved = await lab.actions.execute(migrate, {isConfirmed: true}, {origin: 'cli'});
		expect(moved.ok).toBe(true);
		await until(() => onPve3().every(guest => guest.status !== 'running'), 'pve3 to have no running guests');

		const stopAll = lab.actions.plan('host.shutdown-guests', ['host:pve-demo/pve1']);
		expect(stopAll.lines.join('\n')).toMatch(/pve1: shuts down /);
		expect((await lab.actions.execute(stopAll, {isConfirmed: true}, {origin: 'cli'})).ok).toBe(true);
		await until(() => (lab.store.getSnapshot().byKind.guest as GuestEntity[]).filter(guest => guest.node === 'pve1').every(guest => guest.status === 'stopped'), 'pve1 guests stopped');

		const shutdown = lab.actions.plan('host.shutdown', ['host:pve-demo/pve1']);
		expect(shutdown.risk).toBe('high');
		const progress: string[] = [];
		const outcome = await lab.actions.execute(shutdown, {isConfirmed: true}, {origin: 'cli', onProgress: line => progress.push(line)});
		expect(outcome).toMatchObject({ok: true, message: 'pve1 shut down (offline)'});
		expect(progress).toEqual(['pve1: shutting down', 'pve1: offline']);
		await until(() => (entity('host:pve-demo/pve1') as HostEntity | undefined)?.isOnline === false, 'pve1 offline');
		expect(audit().filter(record => record.result === 'ok').map(record => record.action)).toEqual(expect.arrayContaining(['host.migrate-guests', 'host.shutdown-guests', 'host.shutdown']));
	}, 60_000);

	it('a node with running guests is destructive to shut down: the name must be typed', () => {
		const plan = lab.actions.plan('host.reboot', ['host:pve-demo/pve2']);
		expect(plan.risk).toBe('destructive');
		expect(plan.confirmName).toBe('pve2');
		expect(plan.lines.join('\n')).toMatch(/PVE shuts down its \d+ running guests first/);
	});
});

describe('graceful shed plan', () => {
	it('--dry-run stages: guests, then the OS, then the outlet, each with its timeout', () => {
		const plan = lab.actions.plan('power.shed-load', ['ups:ups-a/ups'], {targetMinutes: '100000'});
		const text = plan.lines.join('\n');
		const pve2 = plan.lines.filter(line => line.includes('(pve2'));
		expect(pve2.map(line => line.replace(/^\s+\d+\. /, '').split(':')[0])).toEqual(['guests', 'OS', 'outlet']);
		expect(text).toMatch(/guests: shut down .*ml-train.* up to 300 s/);
		expect(text).toMatch(/OS: shut down pve2 \(pve2; host\.shutdown; .*up to 180 s, else the plan stops before cutting power/);
		expect(text).toMatch(/OS: shut down gpu-box-1 \(gpu-box-1; host\.shutdown; stops its \d+ GPU jobs?/);
	});
});
