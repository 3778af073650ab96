// The extractor on the default analysis set of real trees: it reads every
// file without throwing, and the diagnostics of the kinds that mean the model
// misses something (a parse error, an unbalanced lock, a function pointer it
// cannot resolve...) stay under a ceiling that only goes down.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ANALYSIS_SET, extractProgram, isInAnalysisSet } from '@kvmsim/extract';
import { readTree, treeOrSkip, type Series } from './kernel-tree.js';

const CEILING = JSON.parse(
  readFileSync(new URL('../diagnostics-ceiling.json', import.meta.url), 'utf8'),
) as Record<Series, Record<string, number>>;

describe.each(['6.12', '6.1'] as const)('extracting Linux %s', (series) => {
  const tree = treeOrSkip(series);

  it.skipIf(tree === undefined)(
    'reads the default analysis set; the worst diagnostics stay under their ceiling',
    async () => {
      if (tree === undefined) return;
      const files = new Map(
        [...readTree(tree)].filter(([path]) => isInAnalysisSet(path, DEFAULT_ANALYSIS_SET)),
      );
      expect(files.has('arch/arm64/kvm/mmu.c')).toBe(true);
      const { program } = await extractProgram(files);
      const counts = new Map<string, number>();
      for (const diagnostic of program.diagnostics)
        counts.set(diagnostic.code, (counts.get(diagnostic.code) ?? 0) + 1);
      const rows = [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
      process.stdout.write(
        `${tree.package}: ${files.size} files, ${Object.keys(program.functions).length} functions, ${program.diagnostics.length} diagnostics\n${rows.map(([code, count]) => `  ${String(count).padStart(5)} ${code}`).join('\n')}\n`,
      );
      expect(Object.keys(program.functions).length).toBeGreaterThan(1000);
      const ceiling = CEILING[series];
      const over = Object.entries(ceiling).filter(([code, most]) => (counts.get(code) ?? 0) > most);
      expect(over.map(([code, most]) => `${code}: ${counts.get(code)} > ${most}`)).toEqual([]);
      // Every warning kind has a ceiling: a new one must be looked at, not let through.
      const unbounded = program.diagnostics.filter(
        (diagnostic) => diagnostic.severity !== 'info' && ceiling[diagnostic.code] === undefined,
      );
      expect(unbounded.map((diagnostic) => `${diagnostic.code}: ${diagnostic.message}`)).toEqual(
        [],
      );
    },
  );
});
