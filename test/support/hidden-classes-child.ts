// Child of test/hidden-classes.test.ts, run with --allow-natives-syntax: prints whether objects made
// on the hot paths share one hidden class, after enough rounds for V8 to optimise those paths.
// @ts-expect-error -- a plain JavaScript module of the build, without types
import {styledCharsOf} from '../../scripts/bundle/ink-output.js';
import {prepareSteps} from '../../src/poll-link.js';
import {runStepsNow} from '../../src/slices.js';
import {applyPoll, emptySnapshot, setSources, type Snapshot} from '../../src/store.js';
import {guest} from '../../views/test-fixtures/entities.js';
import {source} from '../../views/test-fixtures/lab.js';

// V8's intrinsic, which is no valid TypeScript: compiled at run time.
const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: unknown, b: unknown) => boolean;

let snapshot: Snapshot = setSources(emptySnapshot('t'), [source('pve', 'proxmox')]);
const drafts = (round: number) => Array.from({length: 200}, (_, index) => guest('pve', 100 + index, `vm-${index}`, {cpuPercent: (round * 7 + index) % 100}));
for (let round = 0; round < 60; round++) snapshot = applyPoll(snapshot, 'pve', {entities: drafts(round)}, 1000 + round, 5);
const prepared = runStepsNow(prepareSteps(snapshot, 'pve', {entities: drafts(61)}, 99_000));
const entities = prepared.entities;

let cells: {value: string}[] = [];
for (let round = 0; round < 400; round++) cells = (styledCharsOf as (line: string) => {value: string}[])(`\u001B[32mrow ${round}\u001B[39m \u001B[1mbold\u001B[22m plain`);

process.stdout.write(`${JSON.stringify({
	entities: entities.length > 1 && entities.every(entity => sameMap(entity, entities[0])),
	cells: cells.length > 1 && cells.every(cell => sameMap(cell, cells[0])),
})}\n`);
