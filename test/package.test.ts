// The npm package as a user gets it: `npm pack` (of the bundle `npm test` built: --ignore-scripts,
// so the build is not redone under the other tests' feet), installed globally into a temporary
// prefix and locally inside another project, then run from there: --version (the build's, never
// the host project's), --help, the man page, and `demo --serve` + `status --json`. npm runs with
// --prefer-offline: the runtime dependencies come from npm's cache when they are in it.
import {execFile, spawn, type ChildProcess} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {createInterface} from 'node:readline';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {labdeckVersion} from '../src/version.js';
import {labdeckBin, repoRoot} from './support/cli.js';

const run = promisify(execFile);
const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {version: string; dependencies: Record<string, string>; man: string[]};
const work = mkdtempSync(path.join(tmpdir(), 'labdeck-package-'));
const globalPrefix = path.join(work, 'global');
const hostProject = path.join(work, 'host');
const globalBin = path.join(globalPrefix, 'bin', 'labdeck');
const localBin = path.join(hostProject, 'node_modules', '.bin', 'labdeck');
// npm's own variables from an enclosing `npm test` must not steer the npm calls made here.
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
const userEnv = {...cleanEnv, HOME: path.join(work, 'home'), LABDECK_STATE_DIR: path.join(work, 'state'), XDG_CONFIG_HOME: path.join(work, 'config'), LABDECK_CONFIG: '', CI: 'true', NO_COLOR: '1'};
const npm = async (args: readonly string[], cwd: string) => run('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {cwd, env: cleanEnv, timeout: 150_000, maxBuffer: 16 * 1024 * 1024});
const labdeck = async (bin: string, args: readonly string[], cwd = work) => run(bin, [...args], {cwd, env: userEnv, timeout: 30_000});
let packed: {filename: string; files: {path: string}[]; size: number; unpackedSize: number};

beforeAll(async () => {
	if (!existsSync(path.join(repoRoot, 'dist', 'cli.js'))) throw new Error('package test: dist/ is missing: run "npm run build" first');
	const {stdout} = await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], repoRoot);
	packed = (JSON.parse(stdout) as (typeof packed)[])[0]!;
	const tarball = path.join(work, packed.filename);
	mkdirSync(hostProject, {recursive: true});
	mkdirSync(userEnv.HOME, {recursive: true});
	writeFileSync(path.join(hostProject, 'package.json'), JSON.stringify({name: 'host-project', version: '9.9.9', private: true}));
	await Promise.all([npm(['install', '--global', '--prefix', globalPrefix, tarball], work), npm(['install', tarball], hostProject)]);
}, 300_000);

afterAll(() => rmSync(work, {recursive: true, force: true}));

describe('the packed npm package', () => {
	it('holds no source maps, ships the man page and declares only what is loaded from node_modules', () => {
		const files = packed.files.map(file => file.path);
		expect(files.filter(file => file.endsWith('.map'))).toEqual([]);
		expect(files).toEqual(expect.arrayContaining(['bin/labdeck.js', 'dist/cli.js', 'dist/console.js', 'dist/labdeck.1', 'fixtures/proxmox/demo-cluster.json']));
		expect(manifest.man).toEqual(['./dist/labdeck.1']);
		expect(Object.keys(manifest.dependencies).sort()).toEqual(['net-snmp', 'ssh2']);
		const installed = readdirSync(path.join(globalPrefix, 'lib', 'node_modules', 'labdeck', 'node_modules'));
		for (const bundled of ['ink', 'react', 'yargs', 'conf', 'undici']) expect(installed).not.toContain(bundled);
	});

	it('prints its own version from a checkout (the bundle\'s, fixed at build time) and from source', async () => {
		expect((await labdeck(process.execPath, [labdeckBin, '--version'], hostProject)).stdout.trim()).toBe(manifest.version);
		expect(readFileSync(path.join(repoRoot, 'dist', 'cli.js'), 'utf8')).not.toMatch(/LABDECK_VERSION/);
		expect(labdeckVersion).toBe(manifest.version);
	});

	it('prints its own version from a global install and from a local install inside another project', async () => {
		expect((await labdeck(globalBin, ['--version'])).stdout.trim()).toBe(manifest.version);
		expect((await labdeck(localBin, ['--version'], hostProject)).stdout.trim()).toBe(manifest.version);
	});

	it('prints --help, and its man page names every command --help lists', async () => {
		const {stdout} = await labdeck(globalBin, ['--help']);
		const commands = [...stdout.matchAll(/^ {2}labdeck ([a-z][\w-]*)/gm)].map(match => match[1]!);
		expect(commands).toEqual(expect.arrayContaining(['status', 'act', 'doctor', 'config', 'demo', 'completion']));
		const man = readFileSync(path.join(globalPrefix, 'lib', 'node_modules', 'labdeck', 'dist', 'labdeck.1'), 'utf8');
		expect(man).toMatch(/^\.TH LABDECK 1 /m);
		expect(man).toContain(`labdeck ${manifest.version}`);
		expect(commands.filter(command => !man.includes(`\\fBlabdeck\\fR \\fB${command.replaceAll('-', '\\-')}\\fR`))).toEqual([]);
		// npm links the `man` entry where man(1) finds it.
		expect(existsSync(path.join(globalPrefix, 'share', 'man', 'man1', 'labdeck.1'))).toBe(true);
	});

	it('runs the demo lab and answers status --json from the global install', {timeout: 90_000}, async () => {
		const demo: ChildProcess = spawn(globalBin, ['demo', '--serve'], {cwd: work, env: userEnv, stdio: ['ignore', 'pipe', 'pipe']});
		let stderr = '';
		demo.stderr!.on('data', chunk => (stderr += chunk));
		try {
			const line = await new Promise<string>((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error(`demo --serve printed nothing within 30 s: ${stderr}`)), 30_000);
				createInterface({input: demo.stdout!}).once('line', text => {
					clearTimeout(timer);
					resolve(text);
				});
				demo.once('exit', code => reject(new Error(`demo --serve exited ${code}: ${stderr}`)));
			});
			const {config} = JSON.parse(line) as {config: string};
			const {stdout} = await labdeck(globalBin, ['status', '--json', '--config', config]);
			const status = JSON.parse(stdout) as {schema: string; sources: {id: string; status: string}[]};
			expect(status.schema).toBe('labdeck/1');
			// Sources that load ssh2 and net-snmp from the installed node_modules, and the demo's fixtures.
			const ok = status.sources.filter(source => source.status === 'ok').map(source => source.id);
			expect(ok).toEqual(expect.arrayContaining(['pve-demo', 'gpus-box-1', 'pdu-a', 'ups-a', 'nut-demo']));
		} finally {
			if (demo.exitCode === null) {
				const exited = new Promise(resolve => demo.once('exit', resolve));
				demo.kill('SIGTERM');
				await exited;
			}
		}
	});
});
