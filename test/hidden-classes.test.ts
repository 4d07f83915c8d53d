// Objects made per entity per poll, and per cell per frame, share one hidden class. On Node 20
// (V8 11.3) `{...base, extra}` gives every result of an optimised function a map of its own: a map
// and a descriptor array per object, and every later read megamorphic (src/poll-link.ts,
// scripts/bundle/ink-output.js). The check needs V8's intrinsics, so it runs in a child process.
import {spawnSync} from 'node:child_process';
import path from 'node:path';
import {expect, test} from 'vitest';

test('entities of a poll and cells of a row each share one hidden class', () => {
	const child = path.join(import.meta.dirname, 'support', 'hidden-classes-child.ts');
	const result = spawnSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', child], {encoding: 'utf8', timeout: 60_000});
	expect(result.stderr).toBe('');
	expect(JSON.parse(result.stdout)).toEqual({entities: true, cells: true});
});
