// A worker thread of a SimulationPool: runs `simulate` on each input it is
// sent, one at a time, and posts the result back (see simulation-pool.ts).
// Functions do not cross threads: the pool sends whether the run has a clock
// and wants progress, and the worker supplies both.
import { parentPort } from 'node:worker_threads';
import type { FunctionModel, ProgramModel } from '@kvmsim/mmu-model';
import type { SimulationInput } from './simulation-input.js';
import { ProgramInputError } from '../program/program-input-error.js';
import { simulate } from './simulate.js';

export interface PoolRequest {
  readonly id: number;
  /** The input without its program, sent apart. */
  readonly input: Omit<SimulationInput, 'program'>;
  readonly program: {
    /** The program's other parts (guarded-by rules, locks, IR version). */
    readonly shape: Omit<ProgramModel, 'functions' | 'diagnostics'>;
    /** Its functions by name, as ids of functions this worker was sent. */
    readonly functions: Readonly<Record<string, number>>;
    /** The functions this worker had not been sent yet. */
    readonly added: readonly (readonly [number, FunctionModel])[];
  };
  /** Measure the run's time budget with this thread's clock. */
  readonly clock: boolean;
  /** Post the states explored after each breadth-first level. */
  readonly progress: boolean;
}

/** Every function this worker was sent, by id (functions are immutable values). */
const known = new Map<number, FunctionModel>();

parentPort?.on('message', (request: PoolRequest) => {
  const { id } = request;
  for (const [functionId, model] of request.program.added) known.set(functionId, model);
  const functions: Record<string, FunctionModel> = {};
  for (const [name, functionId] of Object.entries(request.program.functions)) {
    const model = known.get(functionId);
    if (model === undefined) {
      parentPort?.postMessage({ id, ok: false, message: `function ${name} was never sent` });
      return;
    }
    functions[name] = model;
  }
  const program: ProgramModel = { ...request.program.shape, functions, diagnostics: [] };
  const input: SimulationInput = { ...request.input, program };
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
