// `--format NAME`: the formats are the report package's lists (REPORT_FORMATS,
// POLICY_REPORT_FORMATS), so a format added there is one here; `md` stays
// accepted for `markdown`, as it always was.
import { UsageError } from './errors.js';

const ALIASES: Readonly<Record<string, string>> = { md: 'markdown' };

/** The format `value` names among `formats`, `fallback` when absent; a UsageError otherwise. */
export function parseFormat<const F extends string>(
  value: string | undefined,
  formats: readonly F[],
  fallback: F,
): F {
  if (value === undefined) return fallback;
  const name = ALIASES[value] ?? value;
  const found = formats.find((format) => format === name);
  if (found !== undefined) return found;
  const listed = formats.map((format) => (format === 'markdown' ? 'markdown (or md)' : format));
  throw new UsageError(`--format ${value}: expected one of ${listed.join(', ')}`);
}
