// Base-vs-head comparison: what the patch fixed, introduced, and left as it
// was. Findings are compared by identity (their root cause), scenario by
// scenario, and a claim is made only where the run behind it was complete:
//
// - introduced: the head has it, and the base's run of a scenario where the
//   head has it explored every interleaving without meeting it;
// - fixed: the base had it, and the head's runs of every scenario where the
//   base had it explored every interleaving without meeting it;
// - unchanged (pre-existing): both have it;
// - undetermined: one side has it and the other side's run of those
//   scenarios was cut off or not run, so nothing can be said either way.
//
// Where a thread waits, or which functions the patch changed, has nothing to
// do with it: a self-deadlock in an unchanged helper that a changed caller now
// reaches is introduced.

/** What comparison needs of a finding. */
export interface Comparable {
  /** Stable identity, see `findingId`. */
  readonly id: string;
  /** The scenarios in which this side's runs met it. */
  readonly scenarios: readonly string[];
}

/** How one side's run of one scenario went: complete, or why not. */
export type RunState =
  { readonly complete: true } | { readonly complete: false; readonly why: string };

/** The state of each side's run of each scenario. */
export type RunStates = (scenario: string, revision: 'base' | 'head') => RunState;

/** A finding one side has that the other side's incomplete runs cannot confirm or deny. */
export interface Undetermined<F> {
  readonly finding: F;
  /** The side that has it. */
  readonly revision: 'base' | 'head';
  /** Why the other side cannot tell, e.g. `the base's run of flush-vs-flush was cut off (states)`. */
  readonly why: string;
}

export interface Comparison<F extends Comparable> {
  /** In base; the head's runs of the same scenarios were complete and do not have it. */
  readonly fixed: readonly F[];
  /** In head; the base's run of one of the same scenarios was complete and did not have it. */
  readonly introduced: readonly F[];
  /** In both (the head's copy, whose trace matches the head's lines). */
  readonly unchanged: readonly F[];
  /** In one side only, where the other side's runs could not tell. */
  readonly undetermined: readonly Undetermined<F>[];
}

export function compareFindings<F extends Comparable>(
  base: readonly F[],
  head: readonly F[],
  runs: RunStates,
): Comparison<F> {
  const baseIds = new Set(base.map((finding) => finding.id));
  const headIds = new Set(head.map((finding) => finding.id));
  const introduced: F[] = [];
  const fixed: F[] = [];
  const undetermined: Undetermined<F>[] = [];
  for (const finding of head) {
    if (baseIds.has(finding.id)) continue;
    const states = finding.scenarios.map((scenario) => runs(scenario, 'base'));
    if (states.some((state) => state.complete)) introduced.push(finding);
    else undetermined.push({ finding, revision: 'head', why: reasons(states) });
  }
  for (const finding of base) {
    if (headIds.has(finding.id)) continue;
    const states = finding.scenarios.map((scenario) => runs(scenario, 'head'));
    if (states.every((state) => state.complete)) fixed.push(finding);
    else undetermined.push({ finding, revision: 'base', why: reasons(states) });
  }
  return {
    fixed,
    introduced,
    unchanged: head.filter((finding) => baseIds.has(finding.id)),
    undetermined,
  };
}

function reasons(states: readonly RunState[]): string {
  return [...new Set(states.flatMap((state) => (state.complete ? [] : [state.why])))].join('; ');
}
