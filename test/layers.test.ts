// The layers hold and there is no import cycle (type-only imports included): dependency-cruiser
// runs over the tree with .dependency-cruiser.cjs. A small tree that breaks every rule shows
// that the rules bite.
import {execFile} from 'node:child_process';
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterAll, describe, expect, it} from 'vitest';
import {repoRoot} from './support/cli.js';

const run = promisify(execFile);
const depcruise = path.join(repoRoot, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const config = path.join(repoRoot, '.dependency-cruiser.cjs');

type Violation = {readonly rule: {readonly name: string}; readonly from: string; readonly to: string};

async function violations(cwd: string, roots: readonly string[]): Promise<readonly Violation[]> {
	const {stdout} = await run(process.execPath, [depcruise, '--config', config, '--output-type', 'json', ...roots], {cwd, maxBuffer: 64 * 1024 * 1024, timeout: 120_000}).catch((error: {stdout?: string}) => ({stdout: error.stdout ?? ''}));
	const result = JSON.parse(stdout) as {summary: {violations: Violation[]; totalCruised: number}};
	expect(result.summary.totalCruised).toBeGreaterThan(0);
	return result.summary.violations;
}

const broken = mkdtempSync(path.join(tmpdir(), 'labdeck-layers-'));
afterAll(() => rmSync(broken, {recursive: true, force: true}));

describe('layers', () => {
	it('the tree keeps its layers and has no cycle', async () => {
		const found = await violations(repoRoot, ['src', 'views', 'plugins', 'protocols', 'app', 'bin']);
		expect(found.map(item => `${item.rule.name}: ${item.from} → ${item.to}`)).toEqual([]);
	}, 120_000);
	it('only bin/ calls process.exit (commands and the console return their exit code)', () => {
		const callers = ['src', 'views', 'plugins', 'protocols', 'app'].flatMap(folder => readdirSync(path.join(repoRoot, folder), {recursive: true, encoding: 'utf8'}).map(file => path.join(folder, file)))
			.filter(file => /\.(ts|tsx|js|mjs)$/.test(file) && !/\.test\.tsx?$/.test(file))
			.filter(file => /process\.exit\(/.test(readFileSync(path.join(repoRoot, file), 'utf8')));
		expect(callers).toEqual([]);
		expect(readFileSync(path.join(repoRoot, 'bin', 'labdeck.js'), 'utf8')).toMatch(/process\.exit\(/);
	});
	it('a tree that breaks each rule is reported, rule by rule', async () => {
		const files: Record<string, string> = {
			'tsconfig.json': '{"compilerOptions": {"module": "nodenext", "moduleResolution": "nodenext", "jsx": "react-jsx"}}',
			'src/core.ts': "import {pane} from '../views/pane.js';\nimport type {Cycle} from './cycle.js';\nexport const core = pane;\nexport type Core = Cycle;\n",
			'src/cycle.ts': "import type {Core} from './core.js';\nexport type Cycle = {readonly core?: Core};\n",
			'views/pane.ts': "import {plugin} from '../plugins/p/index.js';\nimport {wire} from '../protocols/wire.js';\nexport const pane = [plugin, wire];\n",
			'protocols/wire.ts': "import {plugin} from '../plugins/p/index.js';\nexport const wire = plugin;\n",
			'plugins/p/index.ts': "import {cli} from '../../app/cli.js';\nexport const plugin = cli;\n",
			'app/cli.ts': 'export const cli = 1;\n',
		};
		for (const [file, text] of Object.entries(files)) {
			mkdirSync(path.dirname(path.join(broken, file)), {recursive: true});
			writeFileSync(path.join(broken, file), text);
		}
		const found = await violations(broken, ['src', 'views', 'plugins', 'protocols', 'app']);
		expect(new Set(found.map(item => item.rule.name))).toEqual(new Set(['core-imports-outer-layer', 'views-import-plugins-or-app', 'plugins-import-views-or-app', 'core-or-views-import-protocols', 'protocols-import-outer-layer', 'no-circular']));
	}, 120_000);
});
