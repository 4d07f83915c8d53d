// Child of app/cli/heap.test.ts: dead objects left in the old space, then the governor's first look
// with a threshold already passed. Prints whether it collected and how much of the old space it freed
// (the promoted objects, and the young garbage promoted with them).
import {getHeapSpaceStatistics} from 'node:v8';
import {keepHeapSmall} from '../../app/cli/heap.js';

const oldUsed = () => getHeapSpaceStatistics().find(space => space.space_name === 'old_space')!.space_used_size;
let kept: unknown[] | null = Array.from({length: 400_000}, (_, index) => ({index, name: `object ${index}`}));
// Young garbage until the kept objects have been promoted (two scavenges survived).
const start = oldUsed();
for (let round = 0; round < 100 && oldUsed() - start < 5 * 2 ** 20; round++) for (let index = 0; index < 200_000; index++) void new Array(8);
if (kept.length === 0) throw new Error('nothing kept');
kept = null;
const before = oldUsed();
const governor = keepHeapSmall({firstCollectionMb: 1});
process.stdout.write(`${JSON.stringify({collected: governor.hasCollected(), freedMb: (before - oldUsed()) / 2 ** 20})}\n`);
process.exit(0);
