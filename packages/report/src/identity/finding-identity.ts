// A finding's identity across revisions. Line numbers move with every patch,
// so identity is built from what a maintainer would call "the same bug": the
// detector, the scenario, the threads' entry points, the functions involved and
// the shared location. Two revisions that report the same identity have the
// same bug, whatever their traces look like.
import { createHash } from 'node:crypto';

/** The parts of a finding that identity is computed from. */
export interface IdentityParts {
  readonly kind: string;
  readonly scenario: string;
  /** Entry points of the threads involved, in any order. */
  readonly entries: readonly string[];
  /** Functions named by the finding's locations, in any order. */
  readonly functions: readonly string[];
  /** The shared location, when the finding is about one. */
  readonly path?: string | undefined;
}

/** A short stable id, e.g. `double-free-3f9a1c2e`, usable in `/kvmsim explain <id>`. */
export function findingId(parts: IdentityParts): string {
  return `${parts.kind}-${identityHash(parts).slice(0, 8)}`;
}

/** The full identity hash (hex sha-256), used as a SARIF partial fingerprint. */
export function identityHash(parts: IdentityParts): string {
  const canonical = JSON.stringify([
    parts.kind,
    parts.scenario,
    [...new Set(parts.entries)].sort(),
    [...new Set(parts.functions)].sort(),
    parts.path ?? '',
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
