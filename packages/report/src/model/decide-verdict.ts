// The verdict of a comparison: a check run fails when the patch introduces a
// finding of a kind the repository fails on (all kinds by default); it is
// neutral when nothing could be analysed, and succeeds otherwise.
import type { Comparison } from '../compare/compare-findings.js';
import type { Verdict } from './report.js';

export interface VerdictOptions {
  /** Kinds that fail the check when introduced. Default: every kind. */
  readonly failOn?: readonly string[];
  /** Number of scenarios that ran; 0 makes the verdict neutral. */
  readonly scenariosRun: number;
}

export function decideVerdict(
  comparison: Comparison<{
    readonly id: string;
    readonly kind: string;
    readonly functions: readonly string[];
  }>,
  options: VerdictOptions,
): Verdict {
  if (options.scenariosRun === 0) {
    return { conclusion: 'neutral', summary: 'no scenario reaches a changed function' };
  }
  const failing = comparison.introduced.filter(
    (finding) => options.failOn === undefined || options.failOn.includes(finding.kind),
  );
  const kinds = [...new Set(failing.map((finding) => finding.kind))].sort().join(', ');
  if (failing.length > 0) {
    return {
      conclusion: 'failure',
      summary: `${failing.length} finding${failing.length === 1 ? '' : 's'} introduced (${kinds})`,
    };
  }
  const fixed = comparison.fixed.length;
  const ignored = comparison.introduced.length;
  const parts = [
    fixed > 0 ? `${fixed} finding${fixed === 1 ? '' : 's'} fixed` : 'no finding introduced',
    ignored > 0 ? `${ignored} introduced of kinds not failed on` : '',
  ].filter((part) => part !== '');
  return { conclusion: 'success', summary: parts.join('; ') };
}
