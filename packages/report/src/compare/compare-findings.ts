// Base-vs-head comparison: what the patch fixed, introduced, and left as it
// was. A finding new in head is only blamed on the patch when one of the
// functions it involves was changed by the patch; otherwise something outside
// the patch (a scenario added, a budget reached differently) made it visible,
// and it is reported as pre-existing.

/** What comparison needs of a finding. */
export interface Comparable {
  /** Stable identity, see `findingId`. */
  readonly id: string;
  /** Every function the finding's trace passes through. */
  readonly functions: readonly string[];
}

export interface Comparison<F extends Comparable> {
  /** In base, not in head. */
  readonly fixed: readonly F[];
  /** In head, not in base, and involving a function the patch changed. */
  readonly introduced: readonly F[];
  /** In both (the head's copy, whose trace matches the head's lines). */
  readonly unchanged: readonly F[];
  /** In head, not in base, but involving no changed function: not the patch's doing. */
  readonly preExisting: readonly F[];
}

export function compareFindings<F extends Comparable>(
  base: readonly F[],
  head: readonly F[],
  changedFunctions: ReadonlySet<string>,
): Comparison<F> {
  const baseIds = new Set(base.map((finding) => finding.id));
  const headIds = new Set(head.map((finding) => finding.id));
  const newInHead = head.filter((finding) => !baseIds.has(finding.id));
  const touchesChange = (finding: F) => finding.functions.some((fn) => changedFunctions.has(fn));
  return {
    fixed: base.filter((finding) => !headIds.has(finding.id)),
    introduced: newInHead.filter(touchesChange),
    unchanged: head.filter((finding) => baseIds.has(finding.id)),
    preExisting: newInHead.filter((finding) => !touchesChange(finding)),
  };
}
