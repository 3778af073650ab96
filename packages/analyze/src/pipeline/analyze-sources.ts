// The whole pipeline from C text to a Report, the one both shells call: the
// app with the blobs of a pull request's base and head, the CLI with two git
// revisions or two directories. It applies the repository's config (analysis
// set, scenarios, budgets, fail-on kinds), extracts both revisions, works out
// which functions changed and hands over to analyzeRevisions. Reading files,
// git or GitHub stays in the shells.
import {
  DEFAULT_ANALYSIS_SET,
  changedFunctions,
  extractProgram,
  isInAnalysisSet,
  type SourceSet,
} from '@kvmsim/extract';
import { ENTRY_POINTS, builtinScenarios, parseScenario, type Scenario } from '@kvmsim/scenarios';
import type { PolicyReport, Report, RevisionInfo } from '@kvmsim/report';
import { DEFAULT_CONFIG, type KvmsimConfig } from '../config/config-schema.js';
import { CONFIG_PATH, ConfigError } from '../config/parse-config.js';
import {
  configuredWorkloads,
  policyFindingsIntroduced,
  policyReason,
  pullRequestPolicy,
} from '../policy/pull-request-policy.js';
import { analyzeRevisions, type AnalysisProgress } from './analyze-revisions.js';

/** One side of the comparison with its files (any files: the analysis set is applied here). */
export interface SourceRevision extends RevisionInfo {
  readonly sources: SourceSet;
}

export interface AnalyzeSourcesOptions {
  readonly base: SourceRevision;
  readonly head: SourceRevision;
  /** The repository's `.github/kvmsim.yml`, validated; the defaults when absent. */
  readonly config?: KvmsimConfig;
  /** Scenarios the repository adds (see repositoryScenarios). */
  readonly repositoryScenarios?: readonly Scenario[];
  readonly toolVersion: string;
  readonly now?: () => number;
  readonly onProgress?: (event: AnalysisProgress) => void;
}

/**
 * The scenario files under the config's scenario directories (direct children
 * ending in `.yml` or `.yaml`), parsed. Throws ScenarioFormatError naming the
 * file, line and field of the first bad one.
 */
export function repositoryScenarios(
  files: ReadonlyMap<string, string>,
  config: KvmsimConfig = DEFAULT_CONFIG,
): Scenario[] {
  return [...files.keys()]
    .filter((path) => isScenarioFile(path, config))
    .sort()
    .map((path) => parseScenario(files.get(path) ?? '', path));
}

function isScenarioFile(path: string, config: KvmsimConfig): boolean {
  return config.scenarios.directories.some((folder) => {
    const directory = folder.replace(/\/+$/, '');
    return (
      path.startsWith(`${directory}/`) &&
      !path.slice(directory.length + 1).includes('/') &&
      /\.ya?ml$/.test(path)
    );
  });
}

/**
 * Whether the pipeline needs `path` of a revision: a file of the analysis set,
 * the config file, or a scenario file. Shells read only these.
 */
export function isAnalysedPath(path: string, config: KvmsimConfig = DEFAULT_CONFIG): boolean {
  return (
    path === CONFIG_PATH ||
    isInAnalysisSet(path, config.analysisSet ?? DEFAULT_ANALYSIS_SET) ||
    isScenarioFile(path, config)
  );
}

const WILDCARD = /[*?[\]{}!]/;

/**
 * The folders to list for a set of globs: each glob's fixed leading folders,
 * listed recursively when the rest of the glob can span folders. A glob with
 * no wildcard is one file: its folder, one level.
 */
function foldersToList(
  globs: readonly string[],
): { readonly folder: string; readonly recursive: boolean }[] {
  const out = new Map<string, boolean>();
  for (const glob of globs) {
    if (glob.startsWith('!')) continue;
    const segments = glob.split('/');
    const fixed: string[] = [];
    for (const segment of segments.slice(0, -1)) {
      if (WILDCARD.test(segment)) break;
      fixed.push(segment);
    }
    const rest = segments.slice(fixed.length);
    const recursive = rest.length > 1 || rest.some((segment) => segment.includes('**'));
    const folder = fixed.join('/');
    out.set(folder, (out.get(folder) ?? false) || recursive);
  }
  // A folder inside one listed recursively is listed already.
  const covered = (folder: string) =>
    [...out].some(
      ([other, recursive]) =>
        recursive && other !== folder && (other === '' || folder.startsWith(`${other}/`)),
    );
  return [...out]
    .filter(([folder]) => !covered(folder))
    .map(([folder, recursive]) => ({ folder, recursive }));
}

/**
 * The folders of a revision that hold every path `isAnalysedPath` accepts:
 * the analysis set's, `.github` and the scenario folders. A shell lists only
 * these (a kernel tree is large): the app through the trees API, the CLI with
 * a pathspec.
 */
export function analysedFolders(
  config: KvmsimConfig = DEFAULT_CONFIG,
): { readonly folder: string; readonly recursive: boolean }[] {
  return foldersToList([
    ...(config.analysisSet ?? DEFAULT_ANALYSIS_SET),
    '.github/*',
    ...config.scenarios.directories.map((folder) => `${folder.replace(/\/+$/, '')}/*`),
  ]);
}

/**
 * The library one analysis picks from: the built-in scenarios the config
 * enables and does not disable, plus the repository's own. A name the config
 * mentions that no scenario has, or a repository scenario that reuses a
 * built-in name, is a ConfigError: a typo must not silently turn a check off.
 */
export function configuredScenarios(
  config: KvmsimConfig = DEFAULT_CONFIG,
  repository: readonly Scenario[] = [],
): Scenario[] {
  const builtin = builtinScenarios();
  // `alone-<entry point>` names the one-thread runs selection adds by itself.
  const known = new Set([
    ...[...builtin, ...repository].map((scenario) => scenario.name),
    ...Object.keys(ENTRY_POINTS).map((entry) => `alone-${entry}`),
  ]);
  const problems = (['enable', 'disable'] as const).flatMap((key) =>
    (config.scenarios[key] ?? []).flatMap((name, index) =>
      known.has(name)
        ? []
        : [{ key: `scenarios.${key}.${index}`, reason: `no scenario is named "${name}"` }],
    ),
  );
  for (const scenario of repository)
    if (builtin.some((candidate) => candidate.name === scenario.name))
      problems.push({
        key: 'scenarios.directories',
        reason: `${scenario.source} reuses the built-in name "${scenario.name}"`,
      });
  if (problems.length > 0) throw new ConfigError(CONFIG_PATH, problems);
  const enabled =
    config.scenarios.enable === undefined ? undefined : new Set(config.scenarios.enable);
  const disabled = new Set(config.scenarios.disable);
  return [
    ...builtin.filter((scenario) => enabled === undefined || enabled.has(scenario.name)),
    ...repository,
  ].filter((scenario) => !disabled.has(scenario.name));
}

/** Extracts base and head, compares them, and returns the Report. Never reads a file itself. */
export async function analyzeSources(options: AnalyzeSourcesOptions): Promise<Report> {
  const now = options.now ?? (() => performance.now());
  const config = options.config ?? DEFAULT_CONFIG;
  const globs = config.analysisSet ?? DEFAULT_ANALYSIS_SET;
  const started = now();
  const extractSide = async (revision: 'base' | 'head') => {
    const sources = new Map(
      [...options[revision].sources].filter(([path]) => isInAnalysisSet(path, globs)),
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
  const { sources: _baseSources, ...baseInfo } = options.base;
  const { sources: _headSources, ...headInfo } = options.head;
  const report = analyzeRevisions({
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
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  });
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
      verdict: workloadsNotRun(report.verdict),
      timings: { extract: extracted - started, ...report.timings },
    };
  const policy = {
    ...(await pullRequestPolicy({
      config,
      workloads,
      base: { sources: options.base.sources, program: base },
      head: { sources: options.head.sources, program: head },
      toolVersion: options.toolVersion,
    })),
    reason,
  };
  return {
    ...report,
    verdict: policyVerdict(report.verdict, policy, config),
    policy,
    timings: { extract: extracted - started, ...report.timings, policy: now() - explored },
  };
}

/** The verdict when the workloads the change needs could not run: incomplete, unless it fails anyway. */
function workloadsNotRun(verdict: Report['verdict']): Report['verdict'] {
  const note = 'incomplete: the workloads did not run (time limit)';
  return verdict.conclusion === 'failure'
    ? { ...verdict, complete: false, summary: `${verdict.summary}; ${note}` }
    : { conclusion: 'neutral', complete: false, summary: `${note}; ${verdict.summary}` };
}

/**
 * The verdict with what the workloads add: a new finding of a failed-on kind
 * fails, and then leads the summary; ABI changes are named. "Nothing reached"
 * gives way to what the workloads say; an incomplete verdict stays so.
 */
function policyVerdict(verdict: Report['verdict'], policy: PolicyReport, config: KvmsimConfig) {
  const failing = policyFindingsIntroduced(policy).filter(
    ({ finding }) => config.failOn === undefined || config.failOn.includes(finding.kind as never),
  );
  const abi = policy.workloads.flatMap((workload) => workload.abiChanges);
  const failed =
    failing.length > 0
      ? `the workloads meet ${failing.length} new finding${failing.length === 1 ? '' : 's'} (${[...new Set(failing.map(({ finding }) => finding.kind))].sort().join(', ')})`
      : '';
  const changes = abi.length > 0 ? `${abi.length} ABI change${abi.length === 1 ? '' : 's'}` : '';
  if (failed === '' && changes === '') return verdict;
  const races = verdict.conclusion === 'neutral' && verdict.complete ? '' : verdict.summary;
  const parts =
    failed !== '' && verdict.conclusion !== 'failure'
      ? [failed, races, changes]
      : [races, failed, changes];
  return {
    conclusion: failed !== '' ? ('failure' as const) : verdict.conclusion,
    complete: verdict.complete,
    summary: parts.filter((part) => part !== '').join('; '),
  };
}
