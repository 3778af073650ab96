// One analysis of one pull request, from plan to posted result, over the
// GitHub port only. The config is read from the base (a pull request cannot
// change its own policy); a pull request that touches no KVM path gets no
// check (or a neutral one) and no comment; otherwise a check run goes to
// in_progress at once, both revisions are read through the trees and blobs
// APIs, the pipeline runs within the time budget, and the check run and the
// one sticky comment are written, in that order, only if no newer push of the
// same pull request has started meanwhile. Every failure ends in a completed
// check run that says what went wrong.
import {
  CONFIG_PATH,
  ConfigError,
  SourceLimitError,
  analyzeSources,
  configTooLarge,
  parseConfig,
  repositoryScenarios,
  type KvmsimConfig,
} from '@kvmsim/analyze';
import {
  COMMENT_MARKER,
  batchAnnotations,
  changedLinesFromPatch,
  renderCheckRun,
  renderReport,
  type ChangedLines,
  type Report,
} from '@kvmsim/report';
import { decideFiles } from '../decide/decide-files.js';
import type { CheckRunUpdate, GitHubPort, PullFile } from '../github/github-port.js';
import { upsertStickyComment } from '../github/sticky-comment.js';
import type { RunRegistry } from '../runs/run-registry.js';
import {
  fetchRevision,
  type FetchedRevision,
  type GitObjectCache,
} from '../sources/fetch-revision.js';

export const CHECK_NAME = 'kvmsim';

/** What a run needs besides the pull request: shared for the app's lifetime. */
export interface AnalysisContext {
  readonly port: GitHubPort;
  readonly registry: RunRegistry;
  readonly cache: GitObjectCache;
  /** The app's login, to find its own sticky comment. */
  readonly appLogin: string;
  /** `owner/repo`, the registry key's prefix. */
  readonly repositoryKey: string;
  readonly repository: {
    readonly serverUrl: string;
    readonly owner: string;
    readonly repo: string;
  };
  readonly toolVersion: string;
  /** Worker threads the explorations run on (1: one after another in this thread). Default 1. */
  readonly workers?: number;
  /**
   * Told every report before it is posted: Action mode also writes it to the
   * job summary, which a read-only token (a fork's pull request) can still do.
   */
  readonly onReport?: (report: Report, markdown: string) => void;
  readonly log: {
    info(message: string): void;
    warn(message: string): void;
    error(message: string): void;
  };
  readonly now?: () => number;
}

export type AnalysisOutcome =
  | { readonly kind: 'silent'; readonly reason: string }
  | { readonly kind: 'neutral'; readonly reason: string }
  | { readonly kind: 'config-error'; readonly message: string }
  | { readonly kind: 'superseded' }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'reported'; readonly report: Report; readonly comment: string };

/** The config of the base revision, or the problems with it. */
export async function baseConfig(
  context: AnalysisContext,
  baseSha: string,
): Promise<{ config: KvmsimConfig } | { error: ConfigError }> {
  const { files, oversized } = await fetchRevision(context.port, context.cache, baseSha, undefined);
  if (oversized[0] !== undefined) return { error: configTooLarge(CONFIG_PATH, oversized[0]) };
  const result = parseConfig(files.get(CONFIG_PATH));
  return result.ok
    ? { config: result.config }
    : { error: new ConfigError(CONFIG_PATH, result.problems) };
}

function changedLines(files: readonly PullFile[]): ChangedLines {
  const lines = new Map<string, ReadonlySet<number>>();
  for (const file of files)
    if (file.patch !== undefined)
      for (const [path, set] of changedLinesFromPatch(file.filename, file.patch))
        lines.set(path, set);
  return lines;
}

function errorMessage(error: unknown): string {
  // Messages only: a stack or a request's headers could carry a token.
  return error instanceof Error ? error.message : String(error);
}

type Completion = CheckRunUpdate & { output: NonNullable<CheckRunUpdate['output']> };

/** Ms an analysis may take before its check run is shown in progress. */
export const IN_PROGRESS_AFTER_MS = 300;

/**
 * The check run of one analysis. It is shown in progress once the analysis
 * takes longer than IN_PROGRESS_AFTER_MS; an analysis that ends sooner (every
 * blob cached, nothing changed) creates it completed in one request, since
 * GitHub asks apps to space their writes by a second.
 */
class CheckRun {
  private id: Promise<number> | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly port: GitHubPort,
    private readonly headSha: string,
    private readonly progress: NonNullable<CheckRunUpdate['output']>,
  ) {
    this.timer = setTimeout(() => void this.start().catch(() => undefined), IN_PROGRESS_AFTER_MS);
    this.timer.unref();
  }

  start(): Promise<number> {
    this.id ??= this.port.createCheckRun(this.headSha, CHECK_NAME, {
      status: 'in_progress',
      output: this.progress,
    });
    return this.id;
  }

  /** Completes it, annotations 50 per request as the Checks API allows. */
  async complete(update: Completion): Promise<void> {
    clearTimeout(this.timer);
    const batches = batchAnnotations(update.output.annotations ?? []);
    const first: CheckRunUpdate = {
      ...update,
      status: 'completed',
      output: { ...update.output, annotations: batches[0] ?? [] },
    };
    let id: number;
    if (this.id === undefined) {
      this.id = this.port.createCheckRun(this.headSha, CHECK_NAME, first);
      id = await this.id;
    } else {
      id = await this.id;
      await this.port.updateCheckRun(id, first);
    }
    for (const batch of batches.slice(1))
      await this.port.updateCheckRun(id, {
        output: { title: update.output.title, summary: update.output.summary, annotations: batch },
      });
  }
}

function wantsComment(config: KvmsimConfig, report: Report, hasComment: boolean): boolean {
  if (config.comment === 'never') return false;
  if (config.comment === 'always' || hasComment) return true;
  // Findings, or an incomplete analysis: either is worth a maintainer's eye.
  const { introduced, fixed, unchanged, undetermined } = report.findings;
  return (
    !report.verdict.complete ||
    introduced.length + fixed.length + unchanged.length + undetermined.length > 0
  );
}

/**
 * The Report for a pull request's base and head (the base already read);
 * undefined when a newer push started while the head was read. A file over
 * the size limit is named in the report, which is then incomplete.
 */
export async function reportFor(
  context: AnalysisContext,
  pull: { readonly number: number; readonly baseSha: string; readonly headSha: string },
  config: KvmsimConfig,
  base: FetchedRevision,
  started: number,
  isCurrent: () => boolean = () => true,
): Promise<Report | undefined> {
  const now = context.now ?? (() => performance.now());
  const head = await fetchRevision(context.port, context.cache, pull.headSha, config);
  if (!isCurrent()) return undefined;
  const analysed = await analyzeSources({
    base: { label: 'base', sha: pull.baseSha, sources: base.files, oversized: base.oversized },
    head: { label: 'head', sha: pull.headSha, sources: head.files, oversized: head.oversized },
    config,
    repositoryScenarios: repositoryScenarios(base.files, config),
    toolVersion: context.toolVersion,
    now,
    ...(context.workers === undefined ? {} : { workers: context.workers }),
  });
  return {
    ...analysed,
    repository: context.repository,
    timings: { ...analysed.timings, total: now() - started },
  };
}

export async function analysePullRequest(
  context: AnalysisContext,
  request: {
    readonly number: number;
    readonly headSha?: string | undefined;
    readonly trigger: string;
  },
): Promise<AnalysisOutcome> {
  const { port, log } = context;
  const now = context.now ?? (() => performance.now());
  const started = now();
  const pull = await port.getPull(request.number);
  const headSha = request.headSha ?? pull.headSha;
  const token = context.registry.start(`${context.repositoryKey}#${pull.number}`, headSha);

  const configured = await baseConfig(context, pull.baseSha);
  if ('error' in configured) {
    await new CheckRun(port, headSha, { title: 'kvmsim', summary: '' }).complete({
      conclusion: 'failure',
      output: {
        title: 'kvmsim: .github/kvmsim.yml is not valid',
        summary: `The base branch's \`.github/kvmsim.yml\` has problems; nothing was analysed.\n\n${configured.error.problems
          .map(
            (problem) =>
              `- \`${problem.key}\`${problem.line === undefined ? '' : ` (line ${problem.line})`}: ${problem.reason}`,
          )
          .join('\n')}`,
      },
    });
    return { kind: 'config-error', message: configured.error.message };
  }
  const { config } = configured;
  const files = await port.listPullFiles(pull.number);
  const plan = decideFiles(files, config);
  if (plan.kind === 'silent') {
    log.info(`#${pull.number}: ${plan.reason}; nothing posted`);
    return { kind: 'silent', reason: plan.reason };
  }
  const check = new CheckRun(port, headSha, {
    title: 'kvmsim is analysing',
    summary: `Reading the analysis set at base \`${pull.baseSha.slice(0, 12)}\` and head \`${headSha.slice(0, 12)}\` (${request.trigger}).`,
  });
  const neutral = async (reason: string): Promise<AnalysisOutcome> => {
    await check.complete({
      conclusion: 'neutral',
      output: { title: 'kvmsim did not analyse this pull request', summary: reason },
    });
    return { kind: 'neutral', reason };
  };
  if (plan.kind === 'neutral') return neutral(plan.reason);
  const superseded = async (): Promise<AnalysisOutcome> => {
    await check.complete({
      conclusion: 'neutral',
      output: {
        title: 'kvmsim: superseded by a newer push',
        summary: 'A newer push to this pull request is being analysed instead.',
      },
    });
    return { kind: 'superseded' };
  };

  try {
    const base = await fetchRevision(port, context.cache, pull.baseSha, config);
    if (!context.registry.isCurrent(token)) return await superseded();
    const report = await reportFor(context, { ...pull, headSha }, config, base, started, () =>
      context.registry.isCurrent(token),
    );
    if (report === undefined) return await superseded();
    const output = renderCheckRun(report, changedLines(files));
    const comment = renderReport(report, 'markdown');
    context.onReport?.(report, comment);
    let posted = false;
    const wrote = await context.registry.serialise(token, async () => {
      try {
        await check.complete({ conclusion: report.verdict.conclusion, output });
      } catch (error) {
        if ((error as { status?: number }).status !== 403) throw error;
        // A read-only token (a fork's pull request in Action mode): nothing can be written.
        log.warn(
          `#${pull.number}: read-only token; the result was not posted (${errorMessage(error)})`,
        );
        return;
      }
      const existing = (await port.listComments(pull.number)).some(
        (candidate) =>
          candidate.author === context.appLogin && candidate.body.includes(COMMENT_MARKER),
      );
      if (!wantsComment(config, report, existing)) return;
      try {
        await upsertStickyComment(port, pull.number, comment, COMMENT_MARKER, context.appLogin);
        posted = true;
      } catch (error) {
        // The check run holds the result when the comment cannot be written.
        log.warn(`#${pull.number}: the comment could not be written (${errorMessage(error)})`);
      }
    });
    if (!wrote) return await superseded();
    log.info(`#${pull.number}: ${report.verdict.summary}${posted ? '' : ' (no comment)'}`);
    return { kind: 'reported', report, comment };
  } catch (error) {
    if (error instanceof SourceLimitError) return neutral(error.message);
    const message = errorMessage(error);
    log.error(`#${pull.number}: analysis failed: ${message}`);
    await check
      .complete({
        conclusion: 'failure',
        output: {
          title: 'kvmsim failed',
          summary: `The analysis stopped with an error; nothing was posted as a result.\n\n\`\`\`\n${message.slice(0, 2000)}\n\`\`\`\n\nRe-run the check, or comment \`/kvmsim rerun\`. If it persists, this is a bug in kvmsim.`,
        },
      })
      .catch(() => undefined);
    return { kind: 'failed', message };
  }
}
