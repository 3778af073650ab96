// A finding's identity across revisions and scenarios: its root cause. Line
// numbers move with every patch and one bug shows through every scenario that
// reaches it, so identity is built from what a maintainer would call "the
// same bug": the detector, the functions the threads enter, and what it is
// about. Two revisions, or two scenarios, that report the same identity have
// the same bug, whatever their traces look like.
import { createHash } from 'node:crypto';
import { subjectRoot, type Finding } from '@kvmsim/sim';

/** The parts of a finding that identity is computed from. */
export interface IdentityParts {
  readonly kind: string;
  /**
   * The functions the threads involved enter (their entry points' functions),
   * in any order; empty for findings about a statement.
   */
  readonly entries: readonly string[];
  /** Functions named by the finding's locations, in any order; empty for findings about memory. */
  readonly functions: readonly string[];
  /** What the finding is about (a location, a lock, an object), when it names one. */
  readonly path?: string | undefined;
}

/** Kinds whose finding is about one piece of memory wherever the code that reaches it lives. */
const ABOUT_MEMORY: ReadonlySet<string> = new Set([
  'double-free',
  'use-after-free',
  'data-race',
  'leak',
]);

/**
 * The identity parts of an explorer finding whose threads enter `entries`.
 * A finding about memory (a double free, a use after free, a race, a leak,
 * an access breaking a guarded-by rule) is the same bug wherever the code
 * that reaches it lives, and distinct for each set of entry functions that
 * collide on it: its identity leaves the functions out, so a patch that
 * moves a free into a renamed helper neither fixes it nor introduces it
 * again, and a memory cache's pages and array are the cache. Other findings
 * (an assertion, a WARN, a deadlock's cycle) are about their statements,
 * whichever entry reaches them: they keep their functions and leave the
 * entries out.
 */
export function identityParts(finding: Finding, entries: readonly string[]): IdentityParts {
  const aboutMemory =
    finding.subject !== undefined &&
    (ABOUT_MEMORY.has(finding.kind) || finding.rule === 'guarded-by');
  return {
    kind: finding.kind,
    entries: aboutMemory ? entries : [],
    functions: aboutMemory ? [] : finding.functions,
    path: finding.subject === undefined ? undefined : subjectRoot(finding.subject),
  };
}

/** A short stable id, e.g. `double-free-3f9a1c2e`, usable in `/kvmsim explain <id>`. */
export function findingId(parts: IdentityParts): string {
  return `${parts.kind}-${identityHash(parts).slice(0, 8)}`;
}

/** The full identity hash (hex sha-256), used as a SARIF partial fingerprint. */
export function identityHash(parts: IdentityParts): string {
  const canonical = JSON.stringify([
    parts.kind,
    [...new Set(parts.entries)].sort(),
    [...new Set(parts.functions)].sort(),
    parts.path ?? '',
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
