// Properties of the explorer over many random programs: every reduction finds
// what the unreduced search finds, reduction never explores more states,
// shards merge into exactly the single-run result (findings and traces), and
// replaying kept step outcomes changes nothing but the time taken.
import { describe, expect, it } from 'vitest';
import { exploreStates } from '../engine/explore-states.js';
import { compileProgram } from '../program/compile-program.js';
import { ProgramInputError } from '../program/program-input-error.js';
import { fn, ir, program, thread } from '../test-helpers/ir.js';
import { randomProgram } from '../test-helpers/random-program.js';
import { SEED_CASES } from '../test-helpers/seed-cases.js';
import { KvmSystem } from './kvm-system.js';
import type { SimulationInput } from './simulation-input.js';
import {
  buildResult,
  exploreShard,
  mergeExplorations,
  replayFinding,
  simulate,
} from './simulate.js';

const SEEDS = Array.from({ length: 150 }, (_, index) => index + 1);

function runnable(seed: number) {
  const input = randomProgram(seed);
  try {
    return { input, full: simulate({ ...input, options: { reduction: 'none' } }) };
  } catch (error) {
    if (error instanceof ProgramInputError) return undefined;
    throw error;
  }
}

describe('on 150 random programs', () => {
  it('reductions keep every finding and never add states; traces replay', () => {
    let reducedStates = 0;
    let fullStates = 0;
    for (const seed of SEEDS) {
      const run = runnable(seed);
      if (run === undefined) continue;
      const keys = run.full.findings.map((finding) => finding.key).sort();
      for (const reduction of ['persistent', 'persistent+sleep'] as const) {
        const reduced = simulate({ ...run.input, options: { reduction } });
        expect(
          reduced.findings.map((finding) => finding.key).sort(),
          `seed ${seed}, ${reduction}`,
        ).toEqual(keys);
        expect(reduced.statesExplored).toBeLessThanOrEqual(run.full.statesExplored);
        for (const finding of reduced.findings)
          expect(replayFinding(run.input, finding), `seed ${seed}: ${finding.key}`).toBe(true);
        if (reduction === 'persistent+sleep') reducedStates += reduced.statesExplored;
      }
      fullStates += run.full.statesExplored;
    }
    expect(reducedStates).toBeLessThan(fullStates / 2);
  });

  it('shards merge into the single-run result, with the default reduction', () => {
    for (const seed of SEEDS) {
      const run = runnable(seed);
      if (run === undefined) continue;
      const single = simulate(run.input);
      for (const count of [2, 5]) {
        const parts = Array.from({ length: count }, (_, index) =>
          exploreShard(run.input, { depth: 2, index, count }),
        );
        const merged = buildResult(run.input, mergeExplorations(parts));
        expect(merged.findings, `seed ${seed}, ${count} shards`).toEqual(single.findings);
      }
    }
  });

  it('replaying kept step outcomes explores exactly what computing every step does', () => {
    const explore = (input: SimulationInput, reuseSteps: boolean, sleepSets: boolean) => {
      const system = new KvmSystem(
        compileProgram(
          input.program,
          input.threads.map((t) => t.entry),
        ),
        input,
        { allocationFailures: true, reuseSteps },
      );
      return { exploration: exploreStates(system, { sleepSets }), computed: system.stepsComputed };
    };
    const inputs: [string, SimulationInput][] = [
      ...Object.entries(SEED_CASES),
      ...SEEDS.flatMap((seed): [string, SimulationInput][] => {
        const run = runnable(seed);
        return run === undefined ? [] : [[`seed ${seed}`, run.input]];
      }),
    ];
    let replayed = 0;
    let computed = 0;
    for (const [name, input] of inputs) {
      for (const sleepSets of [false, true]) {
        const fresh = explore(input, false, sleepSets);
        const reused = explore(input, true, sleepSets);
        expect(reused.exploration, name).toEqual(fresh.exploration);
        expect(fresh.computed).toBe(fresh.exploration.transitions);
        replayed += reused.exploration.transitions - reused.computed;
        computed += reused.computed;
      }
    }
    expect(replayed).toBeGreaterThan(computed / 2);
  });

  it('computes each step once per world: N threads writing M private fields take N × M', () => {
    const [threads, writes] = [4, 3];
    const functions = Array.from({ length: threads }, (_, t) =>
      fn(
        `writer${t}`,
        ['kvm'],
        Array.from({ length: writes }, (_, j) => ir.write(`kvm.arch.x${t}_${j}`)),
      ),
    );
    const input: SimulationInput = {
      program: program(functions),
      threads: functions.map((f, t) => thread(`t${t}`, f.name)),
    };
    const system = new KvmSystem(
      compileProgram(
        input.program,
        input.threads.map((t) => t.entry),
      ),
      input,
      { allocationFailures: false },
    );
    const exploration = exploreStates(system, { persistentSets: false });
    // (M + 1)^N states; the world never changes, so a thread's step at each of its M
    // statements is computed once and replayed in every other state.
    expect(exploration.statesExplored).toBe((writes + 1) ** threads);
    expect(system.stepsComputed).toBe(threads * writes);
    // Each of the N × M statements runs in (M + 1)^(N - 1) states.
    expect(exploration.transitions).toBe(threads * writes * (writes + 1) ** (threads - 1));
  });
});
