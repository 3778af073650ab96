// `kvmsim check`: the verdict the app would post on a pull request, computed
// on a local kernel tree before the series is sent. Reads two git revisions
// (or two directories), the repository's config and scenarios from the base
// (as the app does, so a patch cannot change its own policy), runs the
// pipeline and prints the report. Exit 1 when the head introduces findings,
// 3 when the analysis was incomplete and introduced nothing (a file over the
// config's size limit is left out and makes it incomplete, as in the app).
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { DEFAULT_ANALYSIS_SET, isInAnalysisSet } from '@kvmsim/extract';
import {
  CONFIG_PATH,
  DEFAULT_CONFIG,
  analysedFolders,
  analyzeSources,
  configTooLarge,
  isAnalysedPath,
  loadConfig,
  repositoryScenarios,
  type KvmsimConfig,
  type SourceRevision,
} from '@kvmsim/analyze';
import { REPORT_FORMATS, renderReport, type Report } from '@kvmsim/report';
import { parseCommandArgs } from '../../args.js';
import type { Command } from '../../command.js';
import { EXIT_CODES, UsageError } from '../../errors.js';
import { parseFormat } from '../../format.js';
import type { CliIo } from '../../io.js';
import { writeAtomically } from '../../output.js';
import { createProgress, type Verbosity } from '../../progress.js';
import {
  githubRemote,
  gitTopLevel,
  readRevision,
  resolveRange,
} from '../../sources/git-revision.js';
import { readTreeRevision } from '../../sources/read-tree.js';
import { VERSION } from '../../version.js';

const HELP = `kvmsim check: what a patch fixes, introduces and leaves in the KVM arm64 MMU.

Usage:
  kvmsim check <base>..<head> [--repo DIR] [options]
  kvmsim check --base-dir DIR --head-dir DIR [options]

Compares two revisions of a kernel tree the way the GitHub App compares a pull
request's base and head: extracts the analysis set of both, runs the scenarios
whose threads reach a changed function on both, and reports each finding as
fixed, introduced or unchanged, with a shortest trace.

Revisions are read with git (nothing is checked out). <base>..<head> compares
the two commits; <a>...<head> compares the merge base of a and head with head;
a single commit compares it with its first parent. The repository's
.github/kvmsim.yml and .github/kvmsim/scenarios/ are read from the base.
Its limits apply as in the app: a file over limits.maxFileBytes is not read,
the report names it and the analysis is incomplete; more files or bytes than
limits.maxFiles or limits.maxTotalBytes is an input error.

Options:
  --repo DIR          the git repository (default: the current directory)
  --base-dir DIR      a source tree as the base (instead of a git range)
  --head-dir DIR      a source tree as the head
  --format FORMAT     text (default), markdown (or md), json, sarif, or check-run
                      (the check run's output as JSON; no annotations, which
                      need the pull request's diff)
  --out FILE          write the report to FILE instead of stdout
  --config FILE       use this config file instead of the base's .github/kvmsim.yml
  --jobs N            explorations run at once, on worker threads (default: the
                      machine's cores; 1 runs them one after another)
  --quiet             no progress on stderr
  --verbose           one line on stderr per extraction and exploration

Exit codes: 0 nothing introduced, 1 findings introduced, 2 usage or input
error, 3 incomplete: a run was cut off by its budget or not run, and nothing
was introduced in what ran.
`;

const OPTIONS = {
  repo: { type: 'string' },
  'base-dir': { type: 'string' },
  'head-dir': { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  config: { type: 'string' },
  jobs: { type: 'string' },
  quiet: { type: 'boolean' },
  verbose: { type: 'boolean' },
} as const;

interface Inputs {
  readonly base: SourceRevision;
  readonly head: SourceRevision;
  readonly config: KvmsimConfig;
  /** Files of the base the repository scenarios are read from. */
  readonly baseFiles: ReadonlyMap<string, string>;
  readonly repository?: Report['repository'];
}

/** `--jobs N`: a whole number of worker threads, at least 1. */
function parseJobs(text: string): number {
  const jobs = Number(text);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256)
    throw new UsageError(`--jobs ${text}: expected a whole number from 1 to 256`);
  return jobs;
}

async function readConfigFile(io: CliIo, file: string): Promise<KvmsimConfig> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    throw new UsageError(
      `--config ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`,
    );
  }
  return loadConfig(text, file);
}

async function fromGit(
  io: CliIo,
  spec: string,
  repoDir: string,
  configFile: string | undefined,
): Promise<Inputs> {
  const repo = await gitTopLevel(io.cwd, repoDir);
  const range = await resolveRange(repo, spec);
  const configAtBase = async () => {
    const file = `${range.base.label}:${CONFIG_PATH}`;
    const read = await readRevision(
      repo,
      range.base,
      (path) => path === CONFIG_PATH,
      DEFAULT_CONFIG.limits,
      ['.github'],
    );
    if (read.oversized[0] !== undefined) throw configTooLarge(file, read.oversized[0]);
    return loadConfig(read.files.get(CONFIG_PATH), file);
  };
  const config =
    configFile !== undefined ? await readConfigFile(io, configFile) : await configAtBase();
  const wanted = (path: string) => isAnalysedPath(path, config);
  const folders = analysedFolders(config).map(({ folder }) => folder);
  const base = await readRevision(repo, range.base, wanted, config.limits, folders);
  const head = await readRevision(repo, range.head, wanted, config.limits, folders);
  const remote = await githubRemote(repo);
  return {
    base: { ...range.base, sources: base.files, oversized: base.oversized },
    head: { ...range.head, sources: head.files, oversized: head.oversized },
    config,
    baseFiles: base.files,
    ...(remote === undefined ? {} : { repository: remote }),
  };
}

async function fromDirectories(
  io: CliIo,
  baseDir: string,
  headDir: string,
  configFile: string | undefined,
): Promise<Inputs> {
  let config: KvmsimConfig;
  if (configFile !== undefined) config = await readConfigFile(io, configFile);
  else {
    const file = join(baseDir, CONFIG_PATH);
    const own = await readTreeRevision(io.cwd, baseDir, {
      flag: '--base-dir',
      wanted: (path) => path === CONFIG_PATH,
      roots: ['.github'],
      limits: DEFAULT_CONFIG.limits,
    });
    if (own.oversized[0] !== undefined) throw configTooLarge(file, own.oversized[0]);
    config = loadConfig(own.files.get(CONFIG_PATH), file);
  }
  const wanted = (path: string) => isAnalysedPath(path, config);
  const read = (flag: string, dir: string) =>
    readTreeRevision(io.cwd, dir, { flag, wanted, limits: config.limits });
  const base = await read('--base-dir', baseDir);
  const head = await read('--head-dir', headDir);
  return {
    base: {
      label: basename(resolve(io.cwd, baseDir)),
      sources: base.files,
      oversized: base.oversized,
    },
    head: {
      label: basename(resolve(io.cwd, headDir)),
      sources: head.files,
      oversized: head.oversized,
    },
    config,
    baseFiles: base.files,
  };
}

export const checkCommand: Command = {
  summary: 'analyse a git range or two source trees, as the app does a pull request',
  help: HELP,
  run: async (argv, io) => {
    const parsed = parseCommandArgs(argv, OPTIONS);
    const { values, positionals } = parsed;
    const format = parseFormat(values.format, REPORT_FORMATS, 'text');
    const jobs = values.jobs === undefined ? availableParallelism() : parseJobs(values.jobs);
    if (values.quiet === true && values.verbose === true)
      throw new UsageError('--quiet and --verbose exclude each other');
    const dirs = values['base-dir'] !== undefined || values['head-dir'] !== undefined;
    if (positionals.length > 1)
      throw new UsageError(
        `one range expected, got ${positionals.length}: ${positionals.join(' ')}`,
      );
    if (dirs && positionals.length > 0)
      throw new UsageError('give either a git range or --base-dir and --head-dir, not both');
    if (dirs && (values['base-dir'] === undefined || values['head-dir'] === undefined))
      throw new UsageError('--base-dir and --head-dir go together');
    if (!dirs && positionals.length === 0)
      throw new UsageError('check needs a range (BASE..HEAD) or --base-dir and --head-dir');
    if (values.repo !== undefined && dirs)
      throw new UsageError('--repo applies to a git range, not to --base-dir/--head-dir');

    const inputs = dirs
      ? await fromDirectories(
          io,
          values['base-dir'] as string,
          values['head-dir'] as string,
          values.config,
        )
      : await fromGit(io, positionals[0] as string, values.repo ?? '.', values.config);
    const globs = inputs.config.analysisSet ?? DEFAULT_ANALYSIS_SET;
    // A file left out for its size is still a file of the analysis set.
    const analysed = (side: SourceRevision) =>
      [...side.sources.keys(), ...(side.oversized ?? []).map((entry) => entry.path)].some((path) =>
        isInAnalysisSet(path, globs),
      );
    if (!analysed(inputs.base) && !analysed(inputs.head))
      throw new UsageError(
        `neither ${inputs.base.label} nor ${inputs.head.label} has a file of the analysis set (arch/arm64/kvm, virt/kvm, the KVM headers); is this a kernel tree?`,
      );

    const verbosity: Verbosity =
      values.quiet === true ? 'quiet' : values.verbose === true ? 'verbose' : 'normal';
    const progress = createProgress(io, verbosity);
    let report: Report;
    try {
      report = await analyzeSources({
        base: inputs.base,
        head: inputs.head,
        config: inputs.config,
        repositoryScenarios: repositoryScenarios(inputs.baseFiles, inputs.config),
        toolVersion: VERSION,
        onProgress: progress.onProgress,
        workers: jobs,
      });
    } finally {
      progress.stop();
    }
    if (inputs.repository !== undefined) report = { ...report, repository: inputs.repository };

    const color =
      values.out === undefined && io.stdoutIsTTY === true && io.env.NO_COLOR === undefined;
    const text = renderReport(report, format, { color });
    if (values.out === undefined) io.stdout(text);
    else {
      await writeAtomically(resolve(io.cwd, values.out), text);
      if (verbosity !== 'quiet')
        io.stderr(`kvmsim: ${report.verdict.summary}; report written to ${values.out}\n`);
    }
    if (report.verdict.conclusion === 'failure') return EXIT_CODES.findings;
    return report.verdict.complete ? EXIT_CODES.clean : EXIT_CODES.incomplete;
  },
};
