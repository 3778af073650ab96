// Exploration on worker threads: the search is cut into shards by
// interleaving prefix (the frontier at a fixed depth, dealt round-robin), each
// shard runs on a worker, and the results merge into exactly what one run
// finds. The same shards can run in separate processes, e.g. a GitHub Actions
// matrix: `exploreShard(input, { depth, index, count })` on each, then
// `mergeExplorations` on their JSON.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ProgramInputError } from '../program/program-input-error.js';
import type { SimulationInput } from './simulation-input.js';
import type { RawExploration, SimulationResult } from './simulate.js';
import { buildResult, mergeExplorations } from './simulate.js';

export interface ParallelOptions {
  /** Worker threads; default the machine's available parallelism. */
  readonly workers?: number;
  /** Shards per worker, so uneven shards balance out. Default 4. */
  readonly shardsPerWorker?: number;
  /** Depth of the prefix the shards are cut at. Default 3. */
  readonly depth?: number;
}

type WorkerReply =
  | { readonly ok: true; readonly result: RawExploration }
  | { readonly ok: false; readonly name: string; readonly message: string };

function runShard(
  input: SimulationInput,
  depth: number,
  index: number,
  count: number,
): Promise<RawExploration> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./shard-worker.js', import.meta.url), {
      workerData: { input, shard: { depth, index, count } },
    });
    worker.once('message', (reply: WorkerReply) => {
      void worker.terminate();
      if (reply.ok) resolve(reply.result);
      else if (reply.name === 'ProgramInputError')
        reject(new ProgramInputError(reply.message, undefined, undefined));
      else reject(new Error(`shard ${index} of ${count}: ${reply.message}`));
    });
    worker.once('error', reject);
  });
}

/** simulate() on worker threads; the result is the single-run result. */
export async function simulateParallel(
  input: SimulationInput,
  options: ParallelOptions = {},
): Promise<SimulationResult> {
  const workers = Math.max(1, options.workers ?? availableParallelism());
  const count = workers * (options.shardsPerWorker ?? 4);
  const depth = options.depth ?? 3;
  const pending = Array.from({ length: count }, (_, index) => index);
  const parts: RawExploration[] = [];
  const lane = async () => {
    for (let index = pending.shift(); index !== undefined; index = pending.shift())
      parts[index] = await runShard(input, depth, index, count);
  };
  await Promise.all(Array.from({ length: workers }, lane));
  return buildResult(input, mergeExplorations(parts));
}
