// The main job: given the IR of a base and a head revision, pick the
// scenarios the change needs, run each on both sides, group what the
// detectors found by root cause and compare it into one Report: fixed,
// introduced, unchanged or undetermined, each with a trace, and whether every
// run was complete. Extraction (reading C) happens before, in the caller;
// nothing here reads files or the network.
import type { ProgramModel } from '@kvmsim/mmu-model';
import {
  REPORT_SCHEMA_VERSION,
  compareFindings,
  decideVerdict,
  groupByIdentity,
  type Report,
  type ReportDiagnostic,
  type ReportFinding,
  type RevisionInfo,
  type RunState,
  type RunSummary,
  type ScenarioSummary,
} from '@kvmsim/report';
import {
  scenarioInput,
  scenarioRun,
  selectScenarios,
  type Scenario,
  type ScenarioRun,
} from '@kvmsim/scenarios';
import {
  DEFAULT_BUDGET,
  simulate,
  type ExploreBudget,
  type SimulationPool,
  type SimulationResult,
} from '@kvmsim/sim';
import type { AnalysisProgress } from './analysis-progress.js';
import { threadEntries, toReportFinding } from './to-report-finding.js';

/** One side of the comparison, extracted. */
export interface Revision extends RevisionInfo {
  readonly program: ProgramModel;
}

export interface AnalyzeOptions {
  /** The revision compared against (a pull request's base). */
  readonly base: Revision;
  /** The revision judged (a pull request's head). */
  readonly head: Revision;
  /** Functions added, removed or changed by the patch (by body). */
  readonly changedFunctions: {
    readonly added: readonly string[];
    readonly removed: readonly string[];
    readonly changed: readonly string[];
  };
  /** The scenario library to pick from (built-in plus the repository's). */
  readonly scenarios: readonly Scenario[];
  /** The version the Report names as its tool's. */
  readonly toolVersion: string;
  /** Scenario names never run, including the one-thread `alone-<entry>` runs selection adds. */
  readonly disabledScenarios?: readonly string[];
  /** Kinds that fail the verdict when introduced; all by default. */
  readonly failOn?: readonly string[];
  /** The clock for timings (injected so tests stay deterministic). */
  readonly now?: () => number;
  /**
   * Per exploration: states, transitions, depth, and time as a safety net; a
   * scenario file's own limits take precedence.
   */
  readonly budget?: Omit<ExploreBudget, 'onProgress'>;
  /**
   * A safety net for the whole analysis, on the `now` clock: each exploration
   * gets at most the time left, and a scenario that would start after it is
   * not run. Either makes the verdict incomplete.
   */
  readonly deadline?: number;
  /**
   * Files of the analysis set not analysed on either side (over the size
   * limit): the verdict cannot be complete. Default none.
   */
  readonly unanalysedFiles?: readonly string[];
  /** Told when each exploration starts, advances and ends (for progress displays). */
  readonly onProgress?: (event: AnalysisProgress) => void;
  /**
   * Worker threads to run the explorations on, as many at once as it has
   * workers (the caller creates and closes it). Default none: one after
   * another in this thread. The Report is the same either way, timings aside.
   */
  readonly pool?: SimulationPool;
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

const SIDES = ['base', 'head'] as const;

export async function analyzeRevisions(options: AnalyzeOptions): Promise<Report> {
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
  const found = { base: [] as ReportFinding[], head: [] as ReportFinding[] };
  const unverified = { base: [] as ReportFinding[], head: [] as ReportFinding[] };
  const states = new Map<string, Record<'base' | 'head', RunState>>();
  const disabled = new Set(options.disabledScenarios);
  const picked = selection.filter((choice) => choice.picked && !disabled.has(choice.scenario.name));
  const total = picked.length * 2;
  // Every run of every picked scenario, both sides: started in this order, as
  // many at once as the pool has workers, and read back in this order.
  const jobs = picked.flatMap((choice) => SIDES.map((side) => ({ choice, side })));
  const outcomes: JobOutcome[] = new Array<JobOutcome>(jobs.length);
  let next = 0;
  const lane = async () => {
    for (let at = next++; at < jobs.length; at = next++) {
      const { choice, side } = jobs[at] as (typeof jobs)[number];
      outcomes[at] = await runJob(options, now, choice.scenario, side, at + 1, total);
    }
  };
  await Promise.all(Array.from({ length: options.pool?.size ?? 1 }, lane));
  picked.forEach((choice, position) => {
    const name = choice.scenario.name;
    const entries = threadEntries(choice.scenario);
    const runs: { base?: RunSummary; head?: RunSummary } = {};
    const skipped: string[] = [];
    const state: Record<'base' | 'head', RunState> = {
      base: { complete: true },
      head: { complete: true },
    };
    SIDES.forEach((side, which) => {
      const outcome = outcomes[position * SIDES.length + which] as JobOutcome;
      if (outcome.kind === 'not-run') {
        skipped.push(`${side}: not run, the analysis reached its time limit`);
        state[side] = { complete: false, why: `the ${side}'s run of ${name} did not happen` };
        return;
      }
      const run = outcome.run;
      if (run.skipped !== undefined) {
        skipped.push(`${side}: ${run.skipped}`);
        // An entry function this revision lacks has no interleaving to explore.
        if (run.absent === undefined)
          state[side] = { complete: false, why: `the ${side}'s run of ${name} did not happen` };
        return;
      }
      const result = run.result;
      runs[side] = summary(result, outcome.durationMs);
      if (!result.exhaustive)
        state[side] = {
          complete: false,
          why: `the ${side}'s run of ${name} was cut off (${result.stopReason ?? 'budget'})`,
        };
      found[side].push(
        ...result.findings.map((finding) => toReportFinding(finding, name, entries, side)),
      );
      unverified[side].push(
        ...result.unverified.map((finding) => toReportFinding(finding, name, entries, side)),
      );
    });
    states.set(name, state);
    scenarios.push({
      name,
      reason: choice.reason,
      ...runs,
      ...(skipped.length === 0 ? {} : { skipped: skipped.join('; ') }),
      complete: state.base.complete && state.head.complete,
    });
  });
  const comparison = compareFindings(
    groupByIdentity(found.base),
    groupByIdentity(found.head),
    (scenario, side) => states.get(scenario)?.[side] ?? { complete: false, why: 'not run' },
  );
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
      scenarios: scenarios.length,
      incomplete: scenarios.filter((scenario) => !scenario.complete).length,
      ...(options.unanalysedFiles === undefined
        ? {}
        : { unanalysedFiles: options.unanalysedFiles }),
      ...(options.failOn === undefined ? {} : { failOn: options.failOn }),
    }),
    findings: {
      fixed: comparison.fixed,
      introduced: comparison.introduced,
      unchanged: comparison.unchanged,
      undetermined: comparison.undetermined.map(({ finding, why }) => ({
        ...finding,
        undetermined: why,
      })),
    },
    unverified: groupByIdentity(unverified.head),
    changedFunctions: { added: [...added], removed: [...removed], changed: [...changed] },
    scenarios,
    diagnostics,
    timings: { explore: now() - started },
  };
}

/** What became of one run: not started (the analysis's time was up), or its outcome. */
type JobOutcome =
  | { readonly kind: 'not-run' }
  | { readonly kind: 'ran'; readonly run: ScenarioRun; readonly durationMs: number };

/** Runs `scenario` on one side, on the pool when there is one, telling progress as it goes. */
async function runJob(
  options: AnalyzeOptions,
  now: () => number,
  scenario: Scenario,
  side: 'base' | 'head',
  index: number,
  total: number,
): Promise<JobOutcome> {
  const name = scenario.name;
  const begin = now();
  const maxStates =
    scenario.budget?.maxStates ?? options.budget?.maxStates ?? DEFAULT_BUDGET.maxStates;
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
  if (left !== undefined && left <= 0) return { kind: 'not-run' };
  tell(0, false);
  const prepared = scenarioInput(scenario, options[side].program, {
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
  if (prepared.skipped !== undefined) {
    tell(0, true);
    return { kind: 'ran', run: { scenario, ...prepared }, durationMs: now() - begin };
  }
  const result =
    options.pool === undefined
      ? simulate(prepared.input)
      : await options.pool.simulate(prepared.input);
  const run = scenarioRun(scenario, prepared.input, result);
  tell(result.statesExplored, true, result.exhaustive);
  return { kind: 'ran', run, durationMs: now() - begin };
}
