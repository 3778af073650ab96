// Worker threads run shards from the built package (a worker loads the
// compiled shard-worker.js); the merged result is the single-run result.
import { describe, expect, it } from 'vitest';
import { ProgramInputError, simulate, simulateParallel, simulationPool } from '../dist/index.js';
import { SEED_CASES } from '../src/test-helpers/seed-cases.js';
import { randomProgram } from '../src/test-helpers/random-program.js';

describe('simulateParallel', () => {
  it('finds exactly what one run finds, with the same traces', async () => {
    const inputs = [
      SEED_CASES['upstream-flush'],
      SEED_CASES['flush-takes-slots-lock'],
      randomProgram(7),
      randomProgram(11),
    ];
    for (const input of inputs) {
      if (input === undefined) throw new Error('missing case');
      const single = simulate({ ...input, options: { reduction: 'persistent' } });
      const parallel = await simulateParallel(
        { ...input, options: { reduction: 'persistent' } },
        { workers: 2, depth: 2 },
      );
      expect(parallel.findings).toEqual(single.findings);
      expect(parallel.exhaustive).toBe(true);
    }
  }, 60_000);

  it('reports a program error from a worker as a ProgramInputError', async () => {
    const input = { ...randomProgram(3), threads: [{ name: 't', entry: 'missing', args: [] }] };
    await expect(simulateParallel(input, { workers: 1 })).rejects.toThrow(
      /entry function 'missing'/,
    );
  });
});

describe('simulationPool', () => {
  it('gives exactly what simulate gives, whichever worker runs which input', async () => {
    const pool = simulationPool({ workers: 2 });
    try {
      const inputs = [
        ...Object.values(SEED_CASES),
        ...Array.from({ length: 6 }, (_, index) => randomProgram(index + 20)),
      ];
      const results = await Promise.all(inputs.map((input) => pool.simulate(input)));
      results.forEach((result, index) => expect(result).toEqual(simulate(inputs[index] as never)));
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('passes progress back, and a program error as a ProgramInputError', async () => {
    const pool = simulationPool({ workers: 1 });
    try {
      const seen: number[] = [];
      const input = SEED_CASES['upstream-flush'];
      if (input === undefined) throw new Error('missing case');
      await pool.simulate({
        ...input,
        options: { budget: { onProgress: (progress) => seen.push(progress.statesExplored) } },
      });
      expect(seen.length).toBeGreaterThan(0);
      const broken = { ...randomProgram(3), threads: [{ name: 't', entry: 'missing', args: [] }] };
      const error = await pool.simulate(broken).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ProgramInputError);
      expect(String(error)).toMatch(/entry function 'missing'/);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('rejects what is running or queued when it closes, and anything after', async () => {
    const pool = simulationPool({ workers: 1 });
    const input = randomProgram(5);
    const first = expect(pool.simulate(input)).rejects.toThrow(/closed/);
    const queued = expect(pool.simulate(input)).rejects.toThrow(/closed/);
    await pool.close();
    await Promise.all([first, queued]);
    await expect(pool.simulate(input)).rejects.toThrow(/closed/);
  });
});
