// A worker thread of a SimulationPool: runs `simulate` on each input it is
// sent, one at a time, and posts the result back (see simulation-pool.ts).
// Functions do not cross threads: the pool sends whether the run has a clock
// and wants progress, and the worker supplies both.
import { parentPort } from 'node:worker_threads';
import type { SimulationInput } from './simulation-input.js';
import { ProgramInputError } from '../program/program-input-error.js';
import { simulate } from './simulate.js';

export interface PoolRequest {
  readonly id: number;
  readonly input: SimulationInput;
  /** Measure the run's time budget with this thread's clock. */
  readonly clock: boolean;
  /** Post the states explored after each breadth-first level. */
  readonly progress: boolean;
}

parentPort?.on('message', (request: PoolRequest) => {
  const { id, input } = request;
  const budget = input.options?.budget;
  const run: SimulationInput = {
    ...input,
    options: {
      ...input.options,
      budget: {
        ...budget,
        ...(request.clock ? { now: () => performance.now() } : {}),
        ...(request.progress
          ? {
              onProgress: (progress) => parentPort?.postMessage({ id, progress }),
            }
          : {}),
      },
    },
  };
  try {
    parentPort?.postMessage({ id, ok: true, result: simulate(run) });
  } catch (error) {
    parentPort?.postMessage(
      error instanceof ProgramInputError
        ? { id, ok: false, input: { reason: error.reason, fn: error.functionName, loc: error.loc } }
        : { id, ok: false, message: error instanceof Error ? error.message : String(error) },
    );
  }
});
