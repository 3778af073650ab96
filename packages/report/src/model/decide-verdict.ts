// The verdict of a comparison. A check run fails when the patch introduces a
// finding of a kind the repository fails on (all kinds by default), however
// much else was cut off. Otherwise it succeeds only when every scenario the
// change needs ran to completion on both sides: a scenario cut off by a
// budget, or not run, makes the verdict neutral and its first words
// "incomplete: N of M scenarios ...". Nothing reached is neutral too.
import type { Comparison } from '../compare/compare-findings.js';
import type { Verdict } from './report.js';

export interface VerdictOptions {
  /** Kinds that fail the check when introduced. Default: every kind. */
  readonly failOn?: readonly string[];
  /** Scenarios picked for the change; 0 makes the verdict neutral. */
  readonly scenarios: number;
  /** Of those, the scenarios whose run on either side was cut off or did not happen. */
  readonly incomplete: number;
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

export function decideVerdict(
  comparison: Comparison<{
    readonly id: string;
    readonly kind: string;
    readonly scenarios: readonly string[];
  }>,
  options: VerdictOptions,
): Verdict {
  if (options.scenarios === 0)
    return {
      conclusion: 'neutral',
      complete: true,
      summary: 'no scenario reaches a changed function',
    };
  const complete = options.incomplete === 0;
  const incomplete = complete
    ? ''
    : `incomplete: ${options.incomplete} of ${plural(options.scenarios, 'scenario')} cut off or not run`;
  const failing = comparison.introduced.filter(
    (finding) => options.failOn === undefined || options.failOn.includes(finding.kind),
  );
  if (failing.length > 0) {
    const kinds = [...new Set(failing.map((finding) => finding.kind))].sort().join(', ');
    return {
      conclusion: 'failure',
      complete,
      summary: [`${plural(failing.length, 'finding')} introduced (${kinds})`, incomplete]
        .filter((part) => part !== '')
        .join('; '),
    };
  }
  const fixed = comparison.fixed.length;
  const ignored = comparison.introduced.length;
  const undetermined = comparison.undetermined.length;
  const parts = [
    incomplete,
    fixed > 0
      ? `${plural(fixed, 'finding')} fixed`
      : complete
        ? 'no finding introduced'
        : 'no finding introduced in what ran',
    ignored > 0 ? `${ignored} introduced of kinds not failed on` : '',
    undetermined > 0 ? `${undetermined} undetermined` : '',
  ].filter((part) => part !== '');
  return {
    conclusion: complete ? 'success' : 'neutral',
    complete,
    summary: parts.join('; '),
  };
}
