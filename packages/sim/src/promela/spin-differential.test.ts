// kvmsim against SPIN on the same programs: the Promela export of each input
// goes through spin -a, cc and pan, and both must agree on whether a deadlock
// is reachable and on whether a safety violation is (double free, use after
// free, failed lock assertion or unlock, WARN). Skips, saying so, where SPIN
// is not installed (.ci/run installs Debian's spin).
import { describe, expect, it } from 'vitest';
import { ProgramInputError } from '../program/program-input-error.js';
import type { SimulationInput } from '../kvm/simulation-input.js';
import { simulate } from '../kvm/simulate.js';
import { randomProgram } from '../test-helpers/random-program.js';
import { SEED_CASES } from '../test-helpers/seed-cases.js';
import { runSpin, spinAvailable } from '../test-helpers/spin.js';
import { toPromela } from './export-promela.js';

const SAFETY = new Set(['double-free', 'use-after-free', 'missing-lock', 'warn']);
const hasSpin = spinAvailable();
if (!hasSpin)
  console.warn('spin or cc not found: the SPIN differential tests are skipped (apt install spin)');

interface Verdict {
  readonly deadlock: boolean;
  readonly safety: boolean;
}

function kvmsimVerdict(input: SimulationInput): Verdict {
  const kinds = simulate(input).findings.map((finding) => finding.kind);
  return { deadlock: kinds.includes('deadlock'), safety: kinds.some((kind) => SAFETY.has(kind)) };
}

async function spinVerdict(input: SimulationInput): Promise<Verdict> {
  const result = await runSpin(toPromela(input), { optimize: false });
  return { deadlock: result.deadlock.violated, safety: result.safety.violated };
}

/** Runs `work` over `items` two at a time (CI has two cores). */
async function pool<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}

describe.skipIf(!hasSpin)('kvmsim and SPIN agree', () => {
  it('on the seed cases', async () => {
    const names = Object.keys(SEED_CASES);
    const verdicts = await pool(names, async (name) => {
      const input = SEED_CASES[name] as SimulationInput;
      return { name, kvmsim: kvmsimVerdict(input), spin: await spinVerdict(input) };
    });
    for (const { name, kvmsim, spin } of verdicts) expect(kvmsim, name).toEqual(spin);
    // The cases are not all alike: both kinds of answer occur.
    expect(verdicts.some((v) => v.kvmsim.deadlock)).toBe(true);
    expect(verdicts.some((v) => v.kvmsim.safety)).toBe(true);
    expect(verdicts.some((v) => !v.kvmsim.safety && !v.kvmsim.deadlock)).toBe(true);
    // Each case compiles a pan.c: slow on a loaded 2-core CI machine.
  }, 120_000);

  it('on 200 random programs of 2–3 threads', async () => {
    const seeds = Array.from({ length: 200 }, (_, index) => index + 1);
    const results = await pool(seeds, async (seed) => {
      const input = randomProgram(seed);
      let kvmsim: Verdict;
      try {
        kvmsim = kvmsimVerdict(input);
      } catch (error) {
        if (error instanceof ProgramInputError) return { seed, skipped: true as const };
        throw error;
      }
      return { seed, skipped: false as const, kvmsim, spin: await spinVerdict(input) };
    });
    const compared = results.filter((result) => !result.skipped);
    const disagreements = compared.filter(
      (result) =>
        !result.skipped &&
        (result.kvmsim.deadlock !== result.spin.deadlock ||
          result.kvmsim.safety !== result.spin.safety),
    );
    // Reproduce one with: toPromela(randomProgram(seed)) and simulate(randomProgram(seed)).
    expect(
      disagreements,
      `disagreeing seeds: ${disagreements.map((d) => d.seed).join(', ')}`,
    ).toEqual([]);
    expect(compared.length).toBeGreaterThanOrEqual(190);
    const kinds = compared.map((result) =>
      result.skipped ? '' : `${result.kvmsim.deadlock}/${result.kvmsim.safety}`,
    );
    // Every combination of answers occurs, so agreement is not agreement on "nothing found".
    expect(new Set(kinds).size).toBe(4);
    // Two hundred pan.c compiles: minutes on a 2-core machine, more under load.
  }, 1_200_000);
});
