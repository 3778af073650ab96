// How much of a revision one analysis reads: `limits` of .github/kvmsim.yml,
// applied the same way by every shell and by the pipeline itself.
//
// - A file over `maxFileBytes` is not read and not analysed, on either side
//   (a file missing on one side only would look like every function in it
//   was added or removed). The Report names it as a `source-too-large`
//   diagnostic with its size and the limit, and when it belongs to the
//   analysis set the verdict is incomplete: a change in it is not seen.
// - More files than `maxFiles`, or more bytes than `maxTotalBytes`, in what
//   is left to read is a SourceLimitError: nothing is analysed.
//
// A shell plans its reads from the sizes its listing gives (planSourceReads)
// and hands the files it left out to the pipeline (SourceRevision.oversized);
// the pipeline applies the same size limit to the texts it is given.
import type { SourceSet } from '@kvmsim/extract';
import type { ReportDiagnostic } from '@kvmsim/report';
import { ConfigError } from '../config/config-error.js';
import type { KvmsimConfig } from '../config/config-schema.js';
import { SourceLimitError } from './source-limit-error.js';

/** The `limits` of the config. */
export type SourceLimits = KvmsimConfig['limits'];

/** A file a shell could read, with its size in bytes (from a tree listing or a stat). */
export interface SourceEntry {
  readonly path: string;
  readonly bytes: number;
}

/** A file left out because it is over `limits.maxFileBytes`. */
export interface OversizedSource {
  readonly path: string;
  readonly bytes: number;
  /** The limit it is over, `limits.maxFileBytes`. */
  readonly limit: number;
}

export interface SourceReadPlan<T extends SourceEntry> {
  /** The entries to read. */
  readonly read: readonly T[];
  /** The entries left out, for the pipeline (SourceRevision.oversized). */
  readonly oversized: readonly OversizedSource[];
}

/** The diagnostic code of a file over the size limit. */
export const SOURCE_TOO_LARGE = 'source-too-large';

/**
 * Which of `entries` (one revision's wanted files) to read under `limits`:
 * those within `maxFileBytes`, the others listed as oversized. Throws a
 * SourceLimitError when what is left is over `maxFiles` or `maxTotalBytes`;
 * `label` names the revision in its message.
 */
export function planSourceReads<T extends SourceEntry>(
  entries: readonly T[],
  limits: SourceLimits,
  label: string,
): SourceReadPlan<T> {
  const read = entries.filter((entry) => entry.bytes <= limits.maxFileBytes);
  const oversized = entries
    .filter((entry) => entry.bytes > limits.maxFileBytes)
    .map((entry) => ({ path: entry.path, bytes: entry.bytes, limit: limits.maxFileBytes }));
  if (read.length > limits.maxFiles)
    throw new SourceLimitError(
      'maxFiles',
      `${label}: ${read.length} files to read, over the limit of ${limits.maxFiles} (limits.maxFiles)`,
    );
  const total = read.reduce((sum, entry) => sum + entry.bytes, 0);
  if (total > limits.maxTotalBytes)
    throw new SourceLimitError(
      'maxTotalBytes',
      `${label}: ${total} bytes to read, over the limit of ${limits.maxTotalBytes} (limits.maxTotalBytes)`,
    );
  return { read, oversized };
}

/**
 * The config file itself over the size limit (read with the default
 * limits, before the config can say otherwise): a ConfigError naming `file`,
 * never a config silently taken as absent.
 */
export function configTooLarge(file: string, source: OversizedSource): ConfigError {
  return new ConfigError(file, [
    {
      key: '(file)',
      reason: `${source.bytes} bytes, over the limit of ${source.limit} (limits.maxFileBytes)`,
    },
  ]);
}

/** One side as the pipeline gets it: its files, and those the shell left out. */
interface LimitedSide {
  readonly sources: SourceSet;
  readonly oversized?: readonly OversizedSource[] | undefined;
}

export interface LimitedSources {
  readonly base: SourceSet;
  readonly head: SourceSet;
  /** One `source-too-large` diagnostic per side and file left out. */
  readonly diagnostics: readonly ReportDiagnostic[];
  /** Every file left out, sorted: they make the verdict incomplete. */
  readonly unanalysedFiles: readonly string[];
}

/**
 * Both sides without the files over `maxFileBytes` on either side: those a
 * shell left out, and those of `sources` the pipeline would extract
 * (`isExtracted`: the analysis set), each named by a diagnostic.
 */
export function limitSources(
  sides: { readonly base: LimitedSide; readonly head: LimitedSide },
  maxFileBytes: number,
  isExtracted: (path: string) => boolean,
): LimitedSources {
  const found = (['base', 'head'] as const).flatMap((revision) => {
    const side = sides[revision];
    const given = [...side.sources]
      .filter(([path]) => isExtracted(path))
      .map(([path, text]) => ({ path, bytes: Buffer.byteLength(text) }))
      .filter((entry) => entry.bytes > maxFileBytes)
      .map((entry) => ({ ...entry, limit: maxFileBytes }));
    const known = new Set((side.oversized ?? []).map((entry) => entry.path));
    return [...(side.oversized ?? []), ...given.filter((entry) => !known.has(entry.path))].map(
      (entry) => ({ ...entry, revision }),
    );
  });
  const left = new Set(found.map((entry) => entry.path));
  const without = (sources: SourceSet) => new Map([...sources].filter(([path]) => !left.has(path)));
  return {
    base: without(sides.base.sources),
    head: without(sides.head.sources),
    diagnostics: found.map((entry) => ({
      code: SOURCE_TOO_LARGE,
      severity: 'warning',
      message: `${entry.path} is ${entry.bytes} bytes, over the limit of ${entry.limit} (limits.maxFileBytes): not analysed`,
      loc: { file: entry.path, line: 1, column: 1 },
      revision: entry.revision,
    })),
    unanalysedFiles: [...left].sort(),
  };
}
