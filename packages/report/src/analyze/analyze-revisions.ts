// The main job: given the IR of a base and a head revision, pick the
// scenarios the change needs, run each on both sides, and compare what the
// detectors found into one Report: fixed, introduced, unchanged,
// pre-existing, each with a trace. Extraction (reading C) happens before, in
// the caller; nothing here reads files or the network.
import type { ProgramModel } from '@kvmsim/mmu-model';
import { runScenario, selectScenarios, type Scenario } from '@kvmsim/scenarios';
import {
  DEFAULT_BUDGET,
  type ExploreBudget,
  type Finding,
  type SimulationResult,
} from '@kvmsim/sim';
import { compareFindings } from '../compare/compare-findings.js';
import { findingId } from '../identity/finding-identity.js';
import { decideVerdict } from '../model/decide-verdict.js';
import {
  REPORT_SCHEMA_VERSION,
  type Report,
  type ReportDiagnostic,
  type ReportFinding,
  type RevisionInfo,
  type RunSummary,
  type ScenarioSummary,
} from '../model/report.js';

export interface Revision extends RevisionInfo {
  readonly program: ProgramModel;
}

export interface AnalyzeOptions {
  readonly base: Revision;
  readonly head: Revision;
  /** Functions added, removed or changed by the patch (by body). */
  readonly changedFunctions: {
    readonly added: readonly string[];
    readonly removed: readonly string[];
    readonly changed: readonly string[];
  };
  /** The scenario library to pick from (built-in plus the repository's). */
  readonly scenarios: readonly Scenario[];
  readonly toolVersion: string;
  /** Scenario names never run, including the one-thread `alone-<entry>` runs selection adds. */
  readonly disabledScenarios?: readonly string[];
  /** Kinds that fail the verdict when introduced; all by default. */
  readonly failOn?: readonly string[];
  /** The clock for timings (injected so tests stay deterministic). */
  readonly now?: () => number;
  /** Per exploration: states, depth and time; a scenario file's own limits take precedence. */
  readonly budget?: Omit<ExploreBudget, 'onProgress'>;
  /**
   * When the whole analysis must end, on the `now` clock: each exploration gets
   * at most the time left, and a scenario that would start after it is skipped
   * and said so.
   */
  readonly deadline?: number;
  /** Told when each exploration starts, advances and ends (for progress displays). */
  readonly onProgress?: (event: AnalysisProgress) => void;
}

/** What a progress display is told while the analysis runs. */
export type AnalysisProgress =
  | {
      readonly phase: 'extract';
      readonly revision: 'base' | 'head';
      readonly files: number;
      readonly done: boolean;
    }
  | {
      readonly phase: 'explore';
      readonly scenario: string;
      readonly revision: 'base' | 'head';
      /** Index of this exploration and how many there are in all. */
      readonly index: number;
      readonly total: number;
      readonly statesExplored: number;
      readonly maxStates: number;
      readonly done: boolean;
      /** When done: whether every state was explored. */
      readonly exhaustive?: boolean;
    };

/**
 * Findings about a piece of memory (a double free, a use after free, a race,
 * a leak, an access breaking a guarded-by rule) are the same bug wherever the
 * code that reaches it lives: their identity leaves the functions out, so a
 * patch that moves the code into a renamed helper does not "fix" the bug and
 * "introduce" it again. Other findings are identified by their functions too.
 */
function identityFunctions(finding: Finding): readonly string[] {
  const aboutMemory =
    finding.subject !== undefined &&
    (['double-free', 'use-after-free', 'data-race', 'leak'].includes(finding.kind) ||
      finding.key.startsWith('missing-lock|guard|'));
  return aboutMemory ? [] : finding.functions;
}

function toReportFinding(
  finding: Finding,
  scenario: string,
  revision: 'base' | 'head',
): ReportFinding {
  return {
    id: findingId({
      kind: finding.kind,
      scenario,
      entries: finding.entries,
      functions: identityFunctions(finding),
      path: finding.subject,
    }),
    kind: finding.kind,
    scenario,
    message: finding.message,
    threads: finding.threads,
    functions: finding.functions,
    ...(finding.subject === undefined ? {} : { path: finding.subject }),
    locations: finding.locations,
    trace: finding.trace.map((step) => ({
      thread: step.thread,
      function: step.function,
      op: step.op,
      text: step.text,
      loc: step.loc,
      locksHeld: step.locksHeld,
      values: step.values,
    })),
    restsOnUnknown: finding.restsOnUnknown,
    revision,
  };
}

function summary(result: SimulationResult, durationMs: number): RunSummary {
  return {
    exhaustive: result.exhaustive,
    ...(result.stopReason === undefined ? {} : { stopReason: result.stopReason }),
    statesExplored: result.statesExplored,
    transitions: result.transitions,
    durationMs,
  };
}

/** One finding per identity (a scenario can reach the same bug by several traces). */
function unique(findings: readonly ReportFinding[]): ReportFinding[] {
  const seen = new Map<string, ReportFinding>();
  for (const finding of findings) if (!seen.has(finding.id)) seen.set(finding.id, finding);
  return [...seen.values()];
}

export function analyzeRevisions(options: AnalyzeOptions): Report {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const { added, removed, changed } = options.changedFunctions;
  const touched = [...added, ...removed, ...changed];
  const selection = selectScenarios(
    options.scenarios,
    [options.base.program, options.head.program],
    touched,
  );
  const scenarios: ScenarioSummary[] = [];
  const baseFindings: ReportFinding[] = [];
  const headFindings: ReportFinding[] = [];
  let ran = 0;
  const disabled = new Set(options.disabledScenarios);
  const picked = selection.filter((choice) => choice.picked && !disabled.has(choice.scenario.name));
  const total = picked.length * 2;
  let index = 0;
  for (const choice of picked) {
    const name = choice.scenario.name;
    const runs: { base?: RunSummary; head?: RunSummary } = {};
    const skipped: string[] = [];
    for (const side of ['base', 'head'] as const) {
      const begin = now();
      index += 1;
      const maxStates =
        choice.scenario.budget?.maxStates ?? options.budget?.maxStates ?? DEFAULT_BUDGET.maxStates;
      const tell = (statesExplored: number, done: boolean, exhaustive?: boolean) =>
        options.onProgress?.({
          phase: 'explore',
          scenario: name,
          revision: side,
          index,
          total,
          statesExplored,
          maxStates,
          done,
          ...(exhaustive === undefined ? {} : { exhaustive }),
        });
      const left = options.deadline === undefined ? undefined : options.deadline - now();
      if (left !== undefined && left <= 0) {
        skipped.push(`${side}: the analysis ran out of its time budget before this scenario`);
        continue;
      }
      tell(0, false);
      const run = runScenario(choice.scenario, options[side].program, {
        budget: {
          ...options.budget,
          ...(left === undefined
            ? {}
            : {
                timeBudgetMs: Math.min(options.budget?.timeBudgetMs ?? left, left),
                now: options.budget?.now ?? now,
              }),
          ...(options.onProgress === undefined
            ? {}
            : { onProgress: (progress) => tell(progress.statesExplored, false) }),
        },
      });
      if (run.skipped !== undefined) {
        tell(0, true);
        skipped.push(`${side}: ${run.skipped}`);
        continue;
      }
      tell(run.result.statesExplored, true, run.result.exhaustive);
      runs[side] = summary(run.result, now() - begin);
      (side === 'base' ? baseFindings : headFindings).push(
        ...run.result.findings.map((finding) => toReportFinding(finding, name, side)),
      );
    }
    if (runs.head !== undefined) ran += 1;
    scenarios.push({
      name,
      reason: choice.reason,
      ...runs,
      ...(skipped.length === 0 ? {} : { skipped: skipped.join('; ') }),
    });
  }
  const comparison = compareFindings(unique(baseFindings), unique(headFindings), new Set(touched));
  const diagnostics: ReportDiagnostic[] = options.head.program.diagnostics
    .filter(
      (d) => d.severity !== 'info' && d.function !== undefined && touched.includes(d.function),
    )
    .map((d) => ({
      code: d.code,
      severity: d.severity,
      message: d.message,
      loc: d.loc,
      ...(d.function === undefined ? {} : { function: d.function }),
      revision: 'head' as const,
    }));
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'kvmsim', version: options.toolVersion },
    base: {
      label: options.base.label,
      ...(options.base.sha === undefined ? {} : { sha: options.base.sha }),
    },
    head: {
      label: options.head.label,
      ...(options.head.sha === undefined ? {} : { sha: options.head.sha }),
    },
    verdict: decideVerdict(comparison, {
      scenariosRun: ran,
      ...(options.failOn === undefined ? {} : { failOn: options.failOn }),
    }),
    findings: comparison,
    changedFunctions: { added: [...added], removed: [...removed], changed: [...changed] },
    scenarios,
    diagnostics,
    timings: { explore: now() - started },
  };
}
