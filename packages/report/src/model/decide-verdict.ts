// The verdict of a comparison. A check run fails when the patch introduces a
// finding of a kind the repository fails on (all kinds by default), however
// much else was cut off. Otherwise it succeeds only when every scenario the
// change needs ran to completion on both sides: a scenario cut off by a
// budget, or not run, makes the verdict neutral and its first words
// "incomplete: N of M scenarios ..."; so does a file of the analysis set that
// was not analysed (over the size limit), since a change in it is not seen.
// Nothing reached is neutral too.
import type { Comparison } from '../compare/compare-findings.js';
import type { Verdict } from './report.js';

export interface VerdictOptions {
  /** Kinds that fail the check when introduced. Default: every kind. */
  readonly failOn?: readonly string[];
  /** Scenarios picked for the change; 0 makes the verdict neutral. */
  readonly scenarios: number;
  /** Of those, the scenarios whose run on either side was cut off or did not happen. */
  readonly incomplete: number;
  /**
   * Files the analysis needed (of the analysis set, a repository's scenario)
   * that were not analysed on either side, being over the size limit: what
   * changed in them is not seen. Default none.
   */
  readonly unanalysedFiles?: readonly string[];
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** `a.c not analysed`, or `3 files not analysed (a.c, b.c, c.c)`, with why. */
function unanalysedText(files: readonly string[]): string {
  if (files.length === 0) return '';
  const shown = files.slice(0, 3).join(', ');
  const which =
    files.length === 1
      ? shown
      : `${files.length} files (${shown}${files.length > 3 ? ', ...' : ''})`;
  return `${which} not analysed (over the size limit)`;
}

export function decideVerdict(
  comparison: Comparison<{
    readonly id: string;
    readonly kind: string;
    readonly scenarios: readonly string[];
  }>,
  options: VerdictOptions,
): Verdict {
  const unanalysed = unanalysedText(options.unanalysedFiles ?? []);
  if (options.scenarios === 0)
    return {
      conclusion: 'neutral',
      complete: unanalysed === '',
      summary: [
        unanalysed === '' ? '' : `incomplete: ${unanalysed}`,
        'no scenario reaches a changed function',
      ]
        .filter((part) => part !== '')
        .join('; '),
    };
  const reasons = [
    options.incomplete === 0
      ? ''
      : `${options.incomplete} of ${plural(options.scenarios, 'scenario')} cut off or not run`,
    unanalysed,
  ].filter((reason) => reason !== '');
  const complete = reasons.length === 0;
  const incomplete = complete ? '' : `incomplete: ${reasons.join(', ')}`;
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
