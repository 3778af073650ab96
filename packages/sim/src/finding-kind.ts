// The kinds of finding the race explorer reports; see docs/architecture.md for
// each detector's condition.

export const FINDING_KINDS = [
  'data-race',
  'use-after-free',
  'double-free',
  'warn',
  'deadlock',
  'lock-order',
  'sleep-in-atomic',
  'missing-lock',
  'leak',
] as const;

/** One of the nine detectors. */
export type FindingKind = (typeof FINDING_KINDS)[number];

/** Whether `value` names a detector. */
export function isFindingKind(value: string): value is FindingKind {
  return (FINDING_KINDS as readonly string[]).includes(value);
}
