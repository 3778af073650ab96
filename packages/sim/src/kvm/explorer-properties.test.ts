// Properties of the explorer over many random programs: every reduction finds
// what the unreduced search finds, reduction never explores more states, and
// shards merge into exactly the single-run result (findings and traces).
import { describe, expect, it } from 'vitest';
import { ProgramInputError } from '../program/program-input-error.js';
import { randomProgram } from '../test-helpers/random-program.js';
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
});
