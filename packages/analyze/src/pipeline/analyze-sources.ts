// The whole pipeline from C text to a Report, the one both shells call: the
// app with the blobs of a pull request's base and head, the CLI with two git
// revisions or two directories. It applies the repository's config (analysis
// set, scenarios, budgets, fail-on kinds, the size limit of a file), extracts
// both revisions, works out which functions changed and hands over to
// analyzeRevisions. Reading files, git or GitHub stays in the shells.
import {
  DEFAULT_ANALYSIS_SET,
  changedFunctions,
  extractProgram,
  isInAnalysisSet,
  type SourceSet,
} from '@kvmsim/extract';
import {
  combinePolicyVerdict,
  markWorkloadsNotRun,
  type Report,
  type RevisionInfo,
} from '@kvmsim/report';
import type { Scenario } from '@kvmsim/scenarios';
import { simulationPool } from '@kvmsim/sim';
import { DEFAULT_CONFIG, type KvmsimConfig } from '../config/config-schema.js';
import {
  configuredWorkloads,
  policyReason,
  pullRequestPolicy,
} from '../policy/pull-request-policy.js';
import type { AnalysisProgress } from './analysis-progress.js';
import { analyzeRevisions } from './analyze-revisions.js';
import { configuredScenarios } from './configured-scenarios.js';
import { limitSources, type OversizedSource } from '../sources/source-limits.js';

/** One side of the comparison with its files (any files: the analysis set is applied here). */
export interface SourceRevision extends RevisionInfo {
  readonly sources: SourceSet;
  /**
   * Files of this revision the shell did not read because they are over
   * `limits.maxFileBytes` (see planSourceReads): named in the report, and
   * the verdict is incomplete. Default none.
   */
  readonly oversized?: readonly OversizedSource[];
}

export interface AnalyzeSourcesOptions {
  /** The revision compared against (a pull request's base). */
  readonly base: SourceRevision;
  /** The revision judged (a pull request's head). */
  readonly head: SourceRevision;
  /** The repository's `.github/kvmsim.yml`, validated; the defaults when absent. */
  readonly config?: KvmsimConfig;
  /** Scenarios the repository adds (see repositoryScenarios). Default none. */
  readonly repositoryScenarios?: readonly Scenario[];
  /** The version the Report names as its tool's. */
  readonly toolVersion: string;
  /** The clock for timings and the time limits, in ms. Default `performance.now`. */
  readonly now?: () => number;
  /** Told each extraction and exploration as it goes (for progress displays). Default none. */
  readonly onProgress?: (event: AnalysisProgress) => void;
  /**
   * Worker threads the explorations run on, as many at once (a pool made for
   * this analysis and closed after it). Default 1: one after another in this
   * thread. The Report is the same either way, timings aside.
   */
  readonly workers?: number;
}

/** Extracts base and head, compares them, and returns the Report. Never reads a file itself. */
export async function analyzeSources(options: AnalyzeSourcesOptions): Promise<Report> {
  const now = options.now ?? (() => performance.now());
  const config = options.config ?? DEFAULT_CONFIG;
  const globs = config.analysisSet ?? DEFAULT_ANALYSIS_SET;
  const started = now();
  // A file too large on either side is analysed on neither.
  const limited = limitSources(options, config.limits.maxFileBytes, (path) =>
    isInAnalysisSet(path, globs),
  );
  const extractSide = async (revision: 'base' | 'head') => {
    const sources = new Map(
      [...limited[revision]].filter(([path]) => isInAnalysisSet(path, globs)),
    );
    options.onProgress?.({ phase: 'extract', revision, files: sources.size, done: false });
    const result = await extractProgram(sources, { maxFileBytes: config.limits.maxFileBytes });
    options.onProgress?.({ phase: 'extract', revision, files: sources.size, done: true });
    return result.program;
  };
  // A workload name the config gets wrong stops the analysis as a scenario name does.
  const workloads = configuredWorkloads(config);
  const base = await extractSide('base');
  const head = await extractSide('head');
  const extracted = now();
  const { sources: _baseSources, oversized: _baseOversized, ...baseInfo } = options.base;
  const { sources: _headSources, oversized: _headOversized, ...headInfo } = options.head;
  const pool =
    options.workers !== undefined && options.workers > 1
      ? simulationPool({ workers: options.workers })
      : undefined;
  const analysed = await analyzeRevisions({
    base: { ...baseInfo, program: base },
    head: { ...headInfo, program: head },
    changedFunctions: changedFunctions(base, head),
    scenarios: configuredScenarios(config, options.repositoryScenarios),
    disabledScenarios: config.scenarios.disable,
    toolVersion: options.toolVersion,
    ...(config.failOn === undefined ? {} : { failOn: config.failOn }),
    budget: {
      maxStates: config.budgets.maxStates,
      maxTransitions: config.budgets.maxTransitions,
      timeBudgetMs: config.budgets.explorationMs,
      now,
    },
    deadline: started + config.budgets.totalMs,
    now,
    unanalysedFiles: limited.unanalysedFiles,
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    ...(pool === undefined ? {} : { pool }),
  }).finally(() => pool?.close());
  const report =
    limited.diagnostics.length === 0
      ? analysed
      : { ...analysed, diagnostics: [...limited.diagnostics, ...analysed.diagnostics] };
  const explored = now();
  const changed = new Set([
    ...report.changedFunctions.added,
    ...report.changedFunctions.changed,
    ...report.changedFunctions.removed,
  ]);
  const reason = policyReason(config, workloads, [base, head], changed);
  const deadline = started + config.budgets.totalMs;
  if (reason === undefined)
    return { ...report, timings: { extract: extracted - started, ...report.timings } };
  if (explored >= deadline)
    return {
      ...report,
      verdict: markWorkloadsNotRun(report.verdict),
      timings: { extract: extracted - started, ...report.timings },
    };
  const policy = {
    ...(await pullRequestPolicy({
      config,
      workloads,
      base: { sources: limited.base, program: base },
      head: { sources: limited.head, program: head },
      toolVersion: options.toolVersion,
    })),
    reason,
  };
  return {
    ...report,
    verdict: combinePolicyVerdict(report.verdict, policy, config.failOn),
    policy,
    timings: { extract: extracted - started, ...report.timings, policy: now() - explored },
  };
}
