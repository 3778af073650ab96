// Simulations on worker threads: a pool of long-lived workers, each running
// one `simulate` at a time, so the scenarios of an analysis use every core.
// A result is exactly what `simulate` gives in the calling thread (the search
// is deterministic and budgets count states); only the time budget's clock
// and progress reports are the worker's own.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ProgramInputError } from '../program/program-input-error.js';
import type { FunctionModel, SourceLocation } from '@kvmsim/mmu-model';
import type { ExploreProgress } from '../engine/transition-system.js';
import type { SimulationInput } from './simulation-input.js';
import type { SimulationResult } from './simulate.js';
import type { PoolRequest } from './simulate-worker.js';

type Reply =
  | { readonly id: number; readonly progress: ExploreProgress }
  | { readonly id: number; readonly ok: true; readonly result: SimulationResult }
  | {
      readonly id: number;
      readonly ok: false;
      readonly input?: { reason: string; fn?: string; loc?: SourceLocation };
      readonly message?: string;
    };

export interface SimulationPool {
  /** Worker threads in the pool. */
  readonly size: number;
  /**
   * `simulate(input)` on a free worker (queued until one is). The input's
   * budget may carry `now` (only whether there is one crosses: the worker
   * uses its own clock) and `onProgress`.
   */
  simulate(input: SimulationInput): Promise<SimulationResult>;
  /** Ends the workers; runs still queued or running are rejected. */
  close(): Promise<void>;
}

interface Job {
  readonly input: SimulationInput;
  readonly resolve: (result: SimulationResult) => void;
  readonly reject: (error: Error) => void;
}

/** A pool of `workers` threads (default: the machine's available parallelism). */
export function simulationPool(options: { readonly workers?: number } = {}): SimulationPool {
  const size = Math.max(1, options.workers ?? availableParallelism());
  const idle: Worker[] = [];
  const queue: Job[] = [];
  const running = new Map<number, { job: Job; worker: Worker }>();
  // A function is sent to a worker once: an analysis runs many scenarios over
  // one revision's functions (each scenario's program adds a few wrappers to
  // the same function objects), and copying thousands of functions to a
  // thread costs more than a small scenario's whole search.
  const functionIds = new WeakMap<FunctionModel, number>();
  const known = new Map<Worker, Set<number>>();
  let nextFunction = 0;
  let nextId = 0;
  let closed = false;

  const dispatch = () => {
    while (idle.length > 0 && queue.length > 0) {
      const worker = idle.pop() as Worker;
      const job = queue.shift() as Job;
      const id = nextId++;
      running.set(id, { job, worker });
      worker.ref();
      const { now, onProgress, ...budget } = job.input.options?.budget ?? {};
      const { program, ...rest } = job.input;
      const seen = known.get(worker) ?? new Set<number>();
      known.set(worker, seen);
      const functions: Record<string, number> = {};
      const added: [number, FunctionModel][] = [];
      for (const [name, model] of Object.entries(program.functions)) {
        let functionId = functionIds.get(model);
        if (functionId === undefined) {
          functionId = nextFunction++;
          functionIds.set(model, functionId);
        }
        functions[name] = functionId;
        if (!seen.has(functionId)) {
          seen.add(functionId);
          added.push([functionId, model]);
        }
      }
      // The simulator reads the functions, guarded-by rules and locks, not the diagnostics.
      const { functions: _functions, diagnostics: _diagnostics, ...shape } = program;
      const request: PoolRequest = {
        id,
        input: { ...rest, options: { ...job.input.options, budget } },
        program: { shape, functions, added },
        clock: now !== undefined,
        progress: onProgress !== undefined,
      };
      worker.postMessage(request);
    }
  };

  const onReply = (worker: Worker, reply: Reply) => {
    const entry = running.get(reply.id);
    if (entry === undefined) return;
    if ('progress' in reply) {
      const onProgress = entry.job.input.options?.budget?.onProgress;
      onProgress?.(reply.progress);
      return;
    }
    running.delete(reply.id);
    worker.unref();
    idle.push(worker);
    if (reply.ok) entry.job.resolve(reply.result);
    else if (reply.input !== undefined)
      entry.job.reject(new ProgramInputError(reply.input.reason, reply.input.fn, reply.input.loc));
    else entry.job.reject(new Error(`simulation worker: ${reply.message ?? 'failed'}`));
    dispatch();
  };

  const workers = Array.from({ length: size }, () => {
    const worker = new Worker(new URL('./simulate-worker.js', import.meta.url));
    worker.on('message', (reply: Reply) => onReply(worker, reply));
    worker.on('error', (error) => {
      for (const [id, entry] of running)
        if (entry.worker === worker) {
          running.delete(id);
          entry.job.reject(error);
        }
    });
    // An idle pool nobody closed must not keep the process alive; a busy one does.
    worker.unref();
    idle.push(worker);
    return worker;
  });

  return {
    size,
    simulate(input) {
      if (closed) return Promise.reject(new Error('the simulation pool is closed'));
      return new Promise((resolve, reject) => {
        queue.push({ input, resolve, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new Error('the simulation pool is closed'));
      for (const { job } of running.values())
        job.reject(new Error('the simulation pool is closed'));
      running.clear();
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
