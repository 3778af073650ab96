// `kvmsim demo`: the main job on the built-in example, the seed thread's case.
// The upstream-shaped tree is the base, a variant the thread discusses (patch
// 1 by default) the head: extract both, pick the scenarios the change needs,
// run them on both sides and print the comparison with its traces. Then the
// MMU model's answer to the thread's memory question ("how many pages does
// arm64 need in the worst case?").
import { analyzeSources, builtinPolicies, runPolicyStudy } from '@kvmsim/analyze';
import { renderPolicyReport, renderReport, type PolicyReport, type Report } from '@kvmsim/report';
import { builtinWorkload, seedVariants, type Workload } from '@kvmsim/scenarios';
import {
  GRANULES,
  formatSize,
  legalChunkSizes,
  splitCacheFigures,
  stage2Geometry,
} from '@kvmsim/mmu-model';
import { parseCommandArgs } from '../../args.js';
import type { Command } from '../../command.js';
import { EXIT_CODES, UsageError } from '../../errors.js';
import { exampleTree } from '../../sources/read-tree.js';
import { VERSION } from '../../version.js';

const HELP = `kvmsim demo: run kvmsim on the built-in example of the seed thread
("KVM: arm64: Grab KVM MMU write lock in kvm_arch_flush_shadow_all()", May 2026).

Usage: kvmsim demo [--variant NAME] [--json]

Runs the main job on the built-in example: the upstream-shaped tree is the
base, a variant the seed thread discusses is the head (default patch1; see
\`kvmsim scenario list\` for the others), and prints what the change fixed,
introduced and left, each finding with its trace; then the split cache's
memory figures, and what each split-cache policy of the thread costs along a
live migration and a chunk-size change (a small \`kvmsim policy study\`).

Options:
  --variant NAME  the head: patch1, patch1-fixup, naive-self-deadlock, ...
  --json          print { report, splitCache, policy } as JSON
`;

/**
 * The policy question in numbers: the seed thread's split-cache policies along
 * a live migration and a chunk-size change after use, 4K pages, 1G chunks.
 */
function studyExample(): Promise<PolicyReport> {
  return runPolicyStudy({
    policies: builtinPolicies(),
    workloads: ['live-migration', 'chunk-size-after-use'].map(
      (name) => builtinWorkload(name) as Workload,
    ),
    granules: ['4K'],
    chunkSizes: [2 ** 30],
    races: false,
    toolVersion: VERSION,
  });
}

/** Base = the upstream-shaped example, head = one of the thread's variants. */
function analyzeExample(variant: string): Promise<Report> {
  return analyzeSources({
    base: { label: 'upstream (7.1-rc2 shape)', sources: exampleTree('upstream') },
    head: { label: variant, sources: exampleTree(variant) },
    toolVersion: VERSION,
  });
}

export const demoCommand: Command = {
  summary: 'run kvmsim on the built-in example of the seed thread',
  help: HELP,
  run: async (argv, io) => {
    const { values, positionals } = parseCommandArgs(argv, {
      json: { type: 'boolean' },
      variant: { type: 'string' },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const variant = values.variant ?? 'patch1';
    if (variant === 'upstream' || !seedVariants().some((candidate) => candidate.name === variant))
      throw new UsageError(
        `--variant ${variant}: expected one of ${seedVariants()
          .map((candidate) => candidate.name)
          .join(', ')}`,
      );
    const report = await analyzeExample(variant);
    const policy = await studyExample();
    const rows = GRANULES.flatMap((granule) => {
      const geometry = stage2Geometry({ granule, ipaBits: 40 });
      return legalChunkSizes(geometry)
        .filter((chunk) => chunk > 0)
        .map((chunk) => ({ granule, ...splitCacheFigures(geometry, chunk) }));
    });
    if (values.json === true) {
      io.stdout(`${JSON.stringify({ report, splitCache: rows, policy }, null, 2)}\n`);
      return EXIT_CODES.clean;
    }
    const description = seedVariants().find((candidate) => candidate.name === variant)?.description;
    const lines = [
      'kvmsim demo: the seed thread, "Grab KVM MMU write lock in kvm_arch_flush_shadow_all()"',
      '',
      `base: the upstream-shaped example; head: ${variant}${description === undefined ? '' : ` (${description})`}`,
      '',
      renderReport(report, 'text'),
      '',
      'Sean: "Maybe I\'m underestimating how many pages arm64 needs in the worst case',
      '(I can\'t follow the math, too many macros)."',
      '',
      'What kvm->arch.mmu.split_page_cache pins once topped up, per granule and',
      'KVM_CAP_ARM_EAGER_SPLIT_CHUNK_SIZE (kvm_mmu_split_nr_page_tables, 40-bit IPA):',
      '',
      `${'granule'.padEnd(8)}${'chunk'.padEnd(7)}${'capacity'.padStart(9)}${'pinned bytes'.padStart(14)}`,
      ...rows.map(
        (row) =>
          `${row.granule.padEnd(8)}${formatSize(row.chunkSize).padEnd(7)}${String(row.capacity).padStart(9)}${row.totalBytes.toLocaleString('en-US').padStart(14)}`,
      ),
      '',
      'Worst case: 4K granule with a 1G chunk, because the split goes 1G -> 4K in one pass:',
      ...(
        rows.find((row) => row.granule === '4K' && row.chunkSize === 2 ** 30)?.derivation ?? []
      ).map((line) => `  ${line}`),
      '',
      'Sean: "is purging the cache a guard against consuming too much memory when the',
      'chunk size is large?" The policies of the thread, run on the C of each, along',
      'two workloads (kvmsim policy study runs them all, on every granule):',
      '',
      renderPolicyReport(policy, 'text'),
    ];
    io.stdout(lines.join('\n'));
    return EXIT_CODES.clean;
  },
};
