// The built bundle (npm run build): the chunks that a production poll loads for any plugin (its
// index.ts chunk and everything that chunk imports statically, plus the CLI entry's own static
// closure) hold no simulator code. Checked on the esbuild metafile (no input under a `sim/`
// folder or app/demo/sims/) and on the chunks' text (strings only the simulators contain).
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {plugins} from '../plugins/registry.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const metaFile = path.join(root, '.tmp/build-meta.json');
type Meta = {outputs: Record<string, {inputs: Record<string, unknown>; imports: {path: string; kind: string; external?: boolean}[]}>};
/** String literals that only simulators hold (ssh, nut, proxmox). */
const markers = ['<<garbage>> lorem ipsum', 'upsd 2.8.0 - labdeck simulator', 'pve-sim.localdomain'];
const isSimInput = (input: string) => /(^|\/)sim\//.test(input) || input.startsWith('app/demo/sims/');

describe.skipIf(!existsSync(metaFile))('built chunks: no simulator in what a production poll loads', () => {
	const meta = existsSync(metaFile) ? (JSON.parse(readFileSync(metaFile, 'utf8')) as Meta) : {outputs: {}};
	const closure = (start: string): Set<string> => {
		const seen = new Set<string>();
		const visit = (output: string) => {
			if (seen.has(output) || !meta.outputs[output]) return;
			seen.add(output);
			for (const item of meta.outputs[output]!.imports) if (item.kind === 'import-statement' && !item.external) visit(item.path);
		};
		visit(start);
		return seen;
	};
	const chunkOf = (input: string) => Object.keys(meta.outputs).find(output => input in meta.outputs[output]!.inputs);

	it('the simulators are in the bundle (the demo lab needs them), so the markers can be found', () => {
		const all = Object.keys(meta.outputs).filter(output => output.endsWith('.js')).map(output => readFileSync(path.join(root, output), 'utf8')).join('\n');
		for (const marker of markers) expect(all, marker).toContain(marker);
		expect(Object.values(meta.outputs).some(output => Object.keys(output.inputs).some(isSimInput))).toBe(true);
	});

	it.each([['cli entry', 'app/cli/main.ts'], ...plugins.types.map(type => [type, `plugins/${type}/index.ts`])])('%s: its chunk and static imports hold no simulator', (_name, input) => {
		const chunk = chunkOf(input);
		expect(chunk, `no chunk holds ${input}: run npm run build`).toBeDefined();
		for (const output of closure(chunk!)) {
			expect(Object.keys(meta.outputs[output]!.inputs).filter(isSimInput), output).toEqual([]);
			const text = readFileSync(path.join(root, output), 'utf8');
			for (const marker of markers) expect(text.includes(marker), `${output} contains "${marker}"`).toBe(false);
		}
	});
});
