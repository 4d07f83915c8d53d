// The console's heap governor (app/cli/heap.ts): its first full collection frees dead objects in the
// old space. In a child process, so that the test runner's own heap is not collected.
import {spawnSync} from 'node:child_process';
import path from 'node:path';
import {expect, test} from 'vitest';

test('the first full collection frees the dead objects of the old space', () => {
	const child = path.join(import.meta.dirname, '..', '..', 'test', 'support', 'heap-child.ts');
	const result = spawnSync(process.execPath, ['--import', 'tsx', child], {encoding: 'utf8', timeout: 60_000});
	expect(result.stderr).toBe('');
	const figures = JSON.parse(result.stdout) as {collected: boolean; freedMb: number};
	expect(figures.collected).toBe(true);
	// ≈ 25–35 MB; a look that collects nothing frees nothing (a scavenge never shrinks the old space).
	expect(figures.freedMb).toBeGreaterThan(8);
});
