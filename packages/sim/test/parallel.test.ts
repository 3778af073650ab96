// Worker threads run shards from the built package (a worker loads the
// compiled shard-worker.js); the merged result is the single-run result.
import { describe, expect, it } from 'vitest';
import { simulate, simulateParallel } from '../dist/index.js';
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
