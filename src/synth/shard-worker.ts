/** Worker-thread entry: runs one shard and posts its result (progress messages on the way). */
import { parentPort, workerData } from 'node:worker_threads';
import { makeWorld } from './generate.ts';
import { runShard } from './shard.ts';

const { options, lo, hi, dir } = workerData;
// Only the first shard writes headers and byte-order marks.
const world = { ...makeWorld(options), part: lo > 0 };
const result = runShard(world, lo, hi, dir, (done) => parentPort!.postMessage({ progress: done }));
parentPort!.postMessage({ result });
