// `kvmsim demo`: the seed thread's case, run through as much of the pipeline
// as this build has. Today that is the MMU model's answer to the thread's
// memory question ("how many pages does arm64 need in the worst case?");
// the race explorer's verdict on the flush patches joins it when the
// extractor and explorer land.
import { parseArgs } from 'node:util';
import {
  GRANULES,
  formatSize,
  legalChunkSizes,
  splitCacheFigures,
  stage2Geometry,
} from '@kvmsim/mmu-model';
import type { Command } from '../../command.js';
import { EXIT_CODES, UsageError } from '../../errors.js';

const HELP = `kvmsim demo: run kvmsim on the built-in example of the seed thread
("KVM: arm64: Grab KVM MMU write lock in kvm_arch_flush_shadow_all()", May 2026).

Usage: kvmsim demo [--json]

Options:
  --json   print the result as JSON
`;

export const demoCommand: Command = {
  summary: 'run kvmsim on the built-in example of the seed thread',
  help: HELP,
  run: async (argv, io) => {
    let values: { json?: boolean | undefined };
    try {
      ({ values } = parseArgs({ args: [...argv], options: { json: { type: 'boolean' } } }));
    } catch (error) {
      throw new UsageError((error as Error).message, { cause: error });
    }
    const rows = GRANULES.flatMap((granule) => {
      const geometry = stage2Geometry({ granule, ipaBits: 40 });
      return legalChunkSizes(geometry)
        .filter((chunk) => chunk > 0)
        .map((chunk) => ({ granule, ...splitCacheFigures(geometry, chunk) }));
    });
    if (values.json === true) {
      io.stdout(`${JSON.stringify({ splitCache: rows }, null, 2)}\n`);
      return EXIT_CODES.clean;
    }
    const lines = [
      'kvmsim demo: the seed thread, "Grab KVM MMU write lock in kvm_arch_flush_shadow_all()"',
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
    ];
    io.stdout(lines.join('\n'));
    return EXIT_CODES.clean;
  },
};
