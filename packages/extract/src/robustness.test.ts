// Bad input ends in diagnostics, within bounded time, never in an exception:
// random bytes, truncated files, deep nesting, and a file over the size limit.
import { describe, expect, it } from 'vitest';
import { extractProgram } from './extract.js';
import { fixtureTree } from './test-helpers/fixture-tree.js';

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

describe('robustness', () => {
  it('random bytes and every truncation of a real-shaped file give diagnostics, not exceptions', async () => {
    const random = prng(42);
    for (let sample = 0; sample < 50; sample += 1) {
      const bytes = Array.from({ length: 1 + Math.floor(random() * 2000) }, () =>
        String.fromCharCode(Math.floor(random() * 256)),
      ).join('');
      const result = await extractProgram(new Map([['arch/arm64/kvm/random.c', bytes]]));
      expect(result.program.irVersion).toBe(1);
    }
    // A real-shaped file of some 6 KB: the control-flow and lock-balance fixtures, one after another.
    const file = [...fixtureTree()]
      .filter(([path]) => path.startsWith('control-flow/') || path.startsWith('lock-balance/'))
      .map(([, text]) => text)
      .join('\n');
    for (let cut = 0; cut < file.length; cut += 97) {
      const result = await extractProgram(new Map([['arch/arm64/kvm/mmu.c', file.slice(0, cut)]]));
      for (const d of result.program.diagnostics) expect(d.loc.line).toBeGreaterThan(0);
    }
  });

  it('deeply nested expressions and blocks', async () => {
    const depth = 3000;
    const expression = `${'('.repeat(depth)}kvm->arch.flags${')'.repeat(depth)}`;
    const blocks = `${'{'.repeat(depth)}kvm->arch.flags = 1;${'}'.repeat(depth)}`;
    const code = `void f(struct kvm *kvm)\n{\n\tif (${expression})\n\t\tkvm->arch.flags = 0;\n\t${blocks}\n}\n`;
    const { program } = await extractProgram(new Map([['arch/arm64/kvm/deep.c', code]]));
    // Either modelled or diagnosed; never thrown.
    expect(
      program.functions.f !== undefined || program.diagnostics.some((d) => d.function === 'f'),
    ).toBe(true);
  });

  it('a file over the size limit is reported and skipped; the limit is configurable', async () => {
    const big = `/* ${'x'.repeat(10 * 2 ** 20)} */\nvoid f(void) {}\n`;
    const skipped = await extractProgram(new Map([['arch/arm64/kvm/big.c', big]]));
    expect(skipped.program.diagnostics.map((d) => d.code)).toEqual(['file-too-large']);
    const parsed = await extractProgram(new Map([['arch/arm64/kvm/big.c', big]]), {
      maxFileBytes: 16 * 2 ** 20,
    });
    expect(parsed.files[0]?.functions).toBe(1);
  });
});
