// One size limit, one behaviour: a file over it is left out on both sides and
// named; too many files or bytes stop the analysis with a typed error.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config/config-schema.js';
import { SourceLimitError } from './source-limit-error.js';
import { configTooLarge, limitSources, planSourceReads } from './source-limits.js';

const limits = { maxFileBytes: 100, maxFiles: 3, maxTotalBytes: 250 };

describe('planSourceReads', () => {
  it('reads the files within the size limit and lists the others with their size and the limit', () => {
    const plan = planSourceReads(
      [
        { path: 'a.c', bytes: 100, object: 'x' },
        { path: 'b.c', bytes: 101, object: 'y' },
      ],
      limits,
      'HEAD',
    );
    expect(plan.read).toEqual([{ path: 'a.c', bytes: 100, object: 'x' }]);
    expect(plan.oversized).toEqual([{ path: 'b.c', bytes: 101, limit: 100 }]);
  });

  it('stops at too many files, naming the revision and the limit', () => {
    const entries = ['a', 'b', 'c', 'd'].map((name) => ({ path: `${name}.c`, bytes: 1 }));
    expect(() => planSourceReads(entries, limits, 'HEAD~1')).toThrow(
      new SourceLimitError(
        'maxFiles',
        'HEAD~1: 4 files to read, over the limit of 3 (limits.maxFiles)',
      ),
    );
  });

  it('stops at too many bytes in all; files left out do not count', () => {
    const entries = [
      { path: 'a.c', bytes: 90 },
      { path: 'b.c', bytes: 90 },
      { path: 'c.c', bytes: 90 },
    ];
    expect(() => planSourceReads(entries, limits, 'base')).toThrow(
      /^base: 270 bytes to read, over the limit of 250 \(limits\.maxTotalBytes\)$/,
    );
    expect(
      planSourceReads([...entries.slice(0, 2), { path: 'big.c', bytes: 10_000 }], limits, 'base')
        .read,
    ).toHaveLength(2);
  });

  it('is an input error with a stable code, for the shells to report', () => {
    const error = new SourceLimitError('maxFiles', 'm');
    expect(error).toMatchObject({ code: 'source-limit', isInputError: true, limit: 'maxFiles' });
  });
});

describe('limitSources', () => {
  const big = 'x'.repeat(DEFAULT_CONFIG.limits.maxFileBytes + 1);
  const isC = (path: string) => path.endsWith('.c');

  it('leaves a file too large on one side out of both, with a diagnostic for that side', () => {
    const limited = limitSources(
      {
        base: {
          sources: new Map([
            ['mmu.c', 'small'],
            ['arm.c', 'a'],
          ]),
        },
        head: {
          sources: new Map([
            ['mmu.c', big],
            ['arm.c', 'b'],
          ]),
        },
      },
      DEFAULT_CONFIG.limits.maxFileBytes,
      isC,
    );
    expect([...limited.base.keys()]).toEqual(['arm.c']);
    expect([...limited.head.keys()]).toEqual(['arm.c']);
    expect(limited.unanalysedFiles).toEqual(['mmu.c']);
    expect(limited.diagnostics).toEqual([
      {
        code: 'source-too-large',
        severity: 'warning',
        message: `mmu.c is ${big.length} bytes, over the limit of 4194304 (limits.maxFileBytes): not analysed`,
        loc: { file: 'mmu.c', line: 1, column: 1 },
        revision: 'head',
      },
    ]);
  });

  it('takes the files a shell left out, once each, and ignores texts it would not extract', () => {
    const limited = limitSources(
      {
        base: { sources: new Map([['notes.txt', big]]) },
        head: {
          sources: new Map([['arm.c', 'b']]),
          oversized: [{ path: 'mmu.c', bytes: 5_000_000, limit: 4_194_304 }],
        },
      },
      DEFAULT_CONFIG.limits.maxFileBytes,
      isC,
    );
    expect(limited.unanalysedFiles).toEqual(['mmu.c']);
    expect(limited.diagnostics.map((diagnostic) => diagnostic.message)).toEqual([
      'mmu.c is 5000000 bytes, over the limit of 4194304 (limits.maxFileBytes): not analysed',
    ]);
    expect([...limited.base.keys()]).toEqual(['notes.txt']);
  });
});

describe('configTooLarge', () => {
  it('is a ConfigError with the file, its size and the limit', () => {
    expect(
      configTooLarge('HEAD:.github/kvmsim.yml', { path: '.github/kvmsim.yml', bytes: 9, limit: 8 })
        .message,
    ).toBe('HEAD:.github/kvmsim.yml: (file): 9 bytes, over the limit of 8 (limits.maxFileBytes)');
  });
});
