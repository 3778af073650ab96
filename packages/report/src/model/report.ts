// The Report: everything a maintainer is told about one base..head analysis,
// as one JSON value that every renderer reads and nothing else. Its shape is
// versioned (REPORT_SCHEMA_VERSION); an incompatible change bumps it.
import type { PolicyReport } from '../policy/policy-report.js';
import type { TraceLocation, TraceStepView } from '../trace/trace-view.js';

export const REPORT_SCHEMA_VERSION = 2;

/** One side of the comparison. */
export interface RevisionInfo {
  /** What a human calls it: `base`, `HEAD~1`, a branch name. */
  readonly label: string;
  /** Full commit SHA when known; links point at it. */
  readonly sha?: string;
}

/**
 * A finding as reported: one root cause (see findingId), with the shortest
 * trace any scenario found for it, and every scenario that met it.
 */
export interface ReportFinding {
  /** Stable id (kind + hash of identity), see findingId. */
  readonly id: string;
  readonly kind: string;
  /** Name of the scenario whose trace is shown. */
  readonly scenario: string;
  /** Every scenario whose run on this revision met it, `scenario` among them. */
  readonly scenarios: readonly string[];
  /** One sentence: what goes wrong. */
  readonly message: string;
  /** Thread names of the scenario involved. */
  readonly threads: readonly string[];
  /** Every function the trace passes through. */
  readonly functions: readonly string[];
  /** Shared location, when the finding is about one. */
  readonly path?: string;
  /** The locations the finding names (first is the fatal step). */
  readonly locations: readonly TraceLocation[];
  /** Shortest trace reaching the finding. */
  readonly trace: readonly TraceStepView[];
  /** True when the trace took a branch the extractor could not model. */
  readonly restsOnUnknown: boolean;
  /** The revision whose code the trace runs on. */
  readonly revision: 'base' | 'head';
  /** For an undetermined finding: why the other revision cannot confirm or deny it. */
  readonly undetermined?: string;
}

/** How one exploration of one scenario went. */
export interface RunSummary {
  readonly exhaustive: boolean;
  /** Why it stopped early: `states`, `transitions`, `depth` or `time` (the safety net). */
  readonly stopReason?: string;
  readonly statesExplored: number;
  readonly transitions: number;
  readonly durationMs: number;
}

export interface ScenarioSummary {
  readonly name: string;
  /** Why the scenario was picked. */
  readonly reason: string;
  /** Absent when the scenario did not run on that side (reason in `skipped`). */
  readonly base?: RunSummary;
  readonly head?: RunSummary;
  /** Why a side did not run, each prefixed by `base: ` or `head: `. */
  readonly skipped?: string;
  /**
   * Both sides explored every interleaving, or a side's entry function does
   * not exist (nothing to explore there). Otherwise the verdict is incomplete.
   */
  readonly complete: boolean;
}

/**
 * An extractor diagnostic that touches an analysed function, or one about a
 * whole file (no `function`), such as `source-too-large`: a file of the
 * analysis set that was over the size limit and not analysed.
 */
export interface ReportDiagnostic {
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly loc: TraceLocation;
  readonly function?: string;
  readonly revision: 'base' | 'head';
}

export const CONCLUSIONS = ['success', 'failure', 'neutral'] as const;
export type Conclusion = (typeof CONCLUSIONS)[number];

export interface Verdict {
  readonly conclusion: Conclusion;
  /**
   * One line saying why, e.g. `1 finding introduced (deadlock)`; it begins
   * `incomplete: N of M scenarios ...` (or `incomplete: <file> not analysed
   * ...`) when a run was cut off or not run, or a file was too large to
   * analyse, and nothing introduced fails the check.
   */
  readonly summary: string;
  /** Every scenario the change needs ran to completion on both sides. */
  readonly complete: boolean;
}

export interface Report {
  readonly schemaVersion: typeof REPORT_SCHEMA_VERSION;
  readonly tool: { readonly name: 'kvmsim'; readonly version: string };
  readonly repository?: {
    readonly serverUrl: string;
    readonly owner: string;
    readonly repo: string;
  };
  readonly base: RevisionInfo;
  readonly head: RevisionInfo;
  readonly verdict: Verdict;
  readonly findings: {
    readonly fixed: readonly ReportFinding[];
    readonly introduced: readonly ReportFinding[];
    /** In both revisions: pre-existing. */
    readonly unchanged: readonly ReportFinding[];
    /** In one revision only, where the other's runs were cut off or not run (see `undetermined`). */
    readonly undetermined: readonly ReportFinding[];
  };
  /**
   * The head's `WARN_ON`/`BUG_ON`s that fired only along a trace taking an
   * unmodelled branch: not findings, since whether their condition can hold
   * in C is not known; listed so a reader can check them by hand.
   */
  readonly unverified: readonly ReportFinding[];
  readonly changedFunctions: {
    readonly added: readonly string[];
    readonly removed: readonly string[];
    readonly changed: readonly string[];
  };
  readonly scenarios: readonly ScenarioSummary[];
  readonly diagnostics: readonly ReportDiagnostic[];
  /** Milliseconds per phase (`extract`, `explore`, ...) and in total. */
  readonly timings: Readonly<Record<string, number>>;
  /**
   * What the change costs: the configured workloads on base and head (base the
   * baseline), when the change reaches their entry points.
   */
  readonly policy?: PolicyReport;
}
