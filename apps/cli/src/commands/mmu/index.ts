// `kvmsim mmu`: the MMU model's figures. `split-cache` answers "how many pages
// does the eager-split cache pin" for a granule and chunk size (or all of
// them); `geometry` prints the stage-2 geometry of a configuration.
import {
  GRANULES,
  formatSize,
  isLegalChunkSize,
  legalChunkSizes,
  parseSize,
  splitCacheFigures,
  stage2Geometry,
  type Granule,
  type Stage2Geometry,
} from '@kvmsim/mmu-model';
import { parseCommandArgs } from '../../args.js';
import type { Command } from '../../command.js';
import { EXIT_CODES, UsageError, type ExitCode } from '../../errors.js';
import type { CliIo } from '../../io.js';

const HELP = `kvmsim mmu: figures of the arm64 stage-2 MMU model.

Usage:
  kvmsim mmu split-cache --granule 4K --chunk 1G [--ipa-bits 40] [--lpa2] [--json]
  kvmsim mmu split-cache --all [--ipa-bits 40] [--json]
  kvmsim mmu geometry --granule 16K [--ipa-bits 40] [--lpa2] [--json]

split-cache prints the capacity of kvm->arch.mmu.split_page_cache for a
KVM_CAP_ARM_EAGER_SPLIT_CHUNK_SIZE (kvm_mmu_split_nr_page_tables), the bytes it
pins, and where each number comes from. An illegal chunk size gets the
kernel's answer, -EINVAL, and the list of legal ones (exit 2).
`;

const OPTIONS = {
  granule: { type: 'string' },
  chunk: { type: 'string' },
  'ipa-bits': { type: 'string' },
  lpa2: { type: 'boolean' },
  all: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

function parse(argv: readonly string[]) {
  return parseCommandArgs(argv, OPTIONS);
}

function geometryOf(
  granule: string | undefined,
  ipaBits: string | undefined,
  lpa2: boolean,
): Stage2Geometry {
  if (granule === undefined) throw new UsageError('--granule is required (4K, 16K or 64K)');
  const normalised = granule.toUpperCase();
  if (!(GRANULES as readonly string[]).includes(normalised)) {
    throw new UsageError(`--granule ${granule}: expected one of ${GRANULES.join(', ')}`);
  }
  const bits = ipaBits === undefined ? 40 : Number(ipaBits);
  if (!Number.isInteger(bits)) throw new UsageError(`--ipa-bits ${ipaBits}: expected an integer`);
  return stage2Geometry({ granule: normalised as Granule, ipaBits: bits, lpa2 });
}

function splitCache(values: ReturnType<typeof parse>['values'], io: CliIo): ExitCode {
  const lpa2 = values.lpa2 === true;
  const geometries =
    values.all === true
      ? GRANULES.map((granule) =>
          stage2Geometry({ granule, ipaBits: Number(values['ipa-bits'] ?? 40), lpa2 }),
        )
      : [geometryOf(values.granule, values['ipa-bits'], lpa2)];
  const rows = geometries.flatMap((geometry) => {
    if (values.all === true) {
      return legalChunkSizes(geometry)
        .filter((chunk) => chunk > 0)
        .map((chunk) => ({ granule: geometry.granule, ...splitCacheFigures(geometry, chunk) }));
    }
    if (values.chunk === undefined) throw new UsageError('--chunk is required (or --all)');
    const chunk = parseSize(values.chunk);
    if (chunk === undefined)
      throw new UsageError(`--chunk ${values.chunk}: not a size (try 2M, 1G, 0x200000)`);
    if (!isLegalChunkSize(geometry, chunk)) {
      const legal = legalChunkSizes(geometry).map(formatSize).join(', ');
      throw new UsageError(
        `KVM_ENABLE_CAP(KVM_CAP_ARM_EAGER_SPLIT_CHUNK_SIZE, ${values.chunk}) returns -EINVAL on a ${geometry.granule} granule: legal chunk sizes are ${legal}`,
      );
    }
    return [{ granule: geometry.granule, ...splitCacheFigures(geometry, chunk) }];
  });
  if (values.json === true) {
    io.stdout(`${JSON.stringify(values.all === true ? rows : rows[0], null, 2)}\n`);
    return EXIT_CODES.clean;
  }
  const lines = rows.flatMap((row) => [
    `${row.granule} granule, chunk ${formatSize(row.chunkSize)}: capacity ${row.capacity} pages, ${row.totalBytes.toLocaleString('en-US')} bytes pinned`,
    ...row.derivation.map((line) => `  ${line}`),
  ]);
  io.stdout(`${lines.join('\n')}\n`);
  return EXIT_CODES.clean;
}

function geometry(values: ReturnType<typeof parse>['values'], io: CliIo): ExitCode {
  const result = geometryOf(values.granule, values['ipa-bits'], values.lpa2 === true);
  if (values.json === true) {
    io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    return EXIT_CODES.clean;
  }
  io.stdout(
    [
      `${result.granule} granule, ${result.ipaBits}-bit IPA${result.lpa2 ? ', LPA2' : ''}`,
      `  levels ${result.levels}, start level ${result.startLevel}, ${result.concatenatedStartTables} concatenated start table(s)`,
      `  first block level ${result.minBlockLevel} (KVM_PGTABLE_MIN_BLOCK_LEVEL)`,
      `  block sizes ${result.blockSizes.map(formatSize).join(', ')}; PMD_SIZE ${formatSize(result.pmdSize)}, PUD_SIZE ${formatSize(result.pudSize)}`,
      '',
    ].join('\n'),
  );
  return EXIT_CODES.clean;
}

export const mmuCommand: Command = {
  summary: 'arm64 stage-2 geometry and eager-split cache figures',
  help: HELP,
  run: async (argv, io) => {
    const { values, positionals } = parse(argv);
    const [subcommand, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    try {
      if (subcommand === 'split-cache') return splitCache(values, io);
      if (subcommand === 'geometry') return geometry(values, io);
    } catch (error) {
      if ((error as { isInputError?: boolean }).isInputError === true) {
        throw new UsageError((error as Error).message, { cause: error });
      }
      throw error;
    }
    throw new UsageError(
      subcommand === undefined
        ? 'kvmsim mmu needs a subcommand: split-cache or geometry'
        : `unknown subcommand "mmu ${subcommand}"; expected split-cache or geometry`,
    );
  },
};
