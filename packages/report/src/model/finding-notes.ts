// The few phrases every renderer puts on a finding's first line, written once
// so the comment, the terminal, the check run and SARIF say the same thing.
import type { ReportFinding } from './report.js';

/** What a finding whose trace took an unmodelled branch says about itself. */
export const UNMODELLED_BRANCH = 'rests on an unmodelled branch';

/** `scenario a`, or `scenarios a, b, c` for a root cause several scenarios meet. */
export function scenariosText(finding: ReportFinding, limit = 4): string {
  const names = finding.scenarios.length === 0 ? [finding.scenario] : finding.scenarios;
  if (names.length === 1) return `scenario ${names[0]}`;
  const shown = names.slice(0, limit).join(', ');
  return `scenarios ${shown}${names.length > limit ? ` and ${names.length - limit} more` : ''}`;
}

/** The notes a finding's first line carries: the unmodelled branch, and why it is undetermined. */
export function findingNotes(finding: ReportFinding): string[] {
  return [
    ...(finding.restsOnUnknown ? [UNMODELLED_BRANCH] : []),
    ...(finding.undetermined === undefined
      ? []
      : [`only on ${finding.revision}: ${finding.undetermined}`]),
  ];
}

/** The counts line shared by every summary. */
export function countsText(findings: {
  readonly fixed: readonly unknown[];
  readonly introduced: readonly unknown[];
  readonly unchanged: readonly unknown[];
  readonly undetermined: readonly unknown[];
}): string {
  return `fixed ${findings.fixed.length}, introduced ${findings.introduced.length}, unchanged ${findings.unchanged.length}, undetermined ${findings.undetermined.length}`;
}
