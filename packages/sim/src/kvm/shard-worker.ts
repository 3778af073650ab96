// A worker thread exploring one shard (see explore-parallel.ts).
import { parentPort, workerData } from 'node:worker_threads';
import type { ShardSpec } from '../engine/transition-system.js';
import type { SimulationInput } from './simulation-input.js';
import { exploreShard } from './simulate.js';

const { input, shard } = workerData as { input: SimulationInput; shard: ShardSpec };
try {
  parentPort?.postMessage({ ok: true, result: exploreShard(input, shard) });
} catch (error) {
  parentPort?.postMessage({
    ok: false,
    name: error instanceof Error ? error.name : 'Error',
    message: error instanceof Error ? error.message : String(error),
  });
}
