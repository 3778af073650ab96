// The Probot app: thin handlers that narrow a webhook payload to a plain
// event, decide on it with the pure core, and carry out the plan through the
// GitHub port. Handlers never throw at Probot: whatever goes wrong is logged,
// and an analysis that fails ends in a failed check run (analysePullRequest).
import { availableParallelism } from 'node:os';
import type { ApplicationFunction, Context, Probot } from 'probot';
import {
  DEFAULT_CONFIG,
  configuredScenarios,
  repositoryScenarios,
  type KvmsimConfig,
} from '@kvmsim/analyze';
import { COMMENT_MARKER, renderFindingMarkdown, type Report } from '@kvmsim/report';
import {
  analysePullRequest,
  baseConfig,
  reportFor,
  type AnalysisContext,
} from './analysis/analyse-pull-request.js';
import { COMMAND_HELP, decide } from './decide/decide.js';
import type { Plan } from './decide/bot-event.js';
import { narrowComment, narrowPullRequest, narrowRerequested } from './events/narrow-event.js';
import type { GitHubPort } from './github/github-port.js';
import { OctokitPort } from './github/octokit-port.js';
import { RunRegistry } from './runs/run-registry.js';
import { GitObjectCache, fetchRevision } from './sources/fetch-revision.js';
import { VERSION } from './version.js';

export interface KvmsimAppOptions {
  /**
   * The login the app comments as, to find its sticky comment: `<slug>[bot]`
   * of the GitHub App (asked of GitHub when absent), `github-actions[bot]` in
   * Action mode.
   */
  readonly appLogin?: string;
  /** Web UI address for links in reports; default https://github.com. */
  readonly serverUrl?: string;
  /** Told every report with its Markdown before it is posted (Action mode: the job summary). */
  readonly onReport?: (report: Report, markdown: string) => void;
  /** Worker threads each analysis explores on; default the machine's cores. */
  readonly workers?: number;
}

const PULL_REQUEST_EVENTS = [
  'pull_request.opened',
  'pull_request.synchronize',
  'pull_request.reopened',
  'pull_request.ready_for_review',
] as const;

export function kvmsimApp(options: KvmsimAppOptions = {}): ApplicationFunction {
  return (app: Probot) => {
    const registry = new RunRegistry();
    const cache = new GitObjectCache();
    let login: Promise<string> | undefined =
      options.appLogin === undefined ? undefined : Promise.resolve(options.appLogin);
    const appLogin = () => {
      login ??= app
        .auth()
        .then((octokit) => octokit.rest.apps.getAuthenticated())
        .then(({ data }) => `${data?.slug ?? 'kvmsim'}[bot]`)
        .catch(() => 'github-actions[bot]');
      return login;
    };

    const contextFor = async (context: Context): Promise<AnalysisContext> => {
      const repository = context.repo();
      return {
        port: new OctokitPort(context.octokit, repository),
        registry,
        cache,
        appLogin: await appLogin(),
        repositoryKey: `${repository.owner}/${repository.repo}`,
        repository: { serverUrl: options.serverUrl ?? 'https://github.com', ...repository },
        toolVersion: VERSION,
        workers: options.workers ?? availableParallelism(),
        ...(options.onReport === undefined ? {} : { onReport: options.onReport }),
        log: {
          info: (message) => context.log.info(message),
          warn: (message) => context.log.warn(message),
          error: (message) => context.log.error(message),
        },
      };
    };

    /**
     * The config at a base commit, or the defaults when it is invalid (the
     * analysis reports that). Its tree and blob stay cached for the analysis.
     */
    const configAt = async (analysis: AnalysisContext, baseSha: string): Promise<KvmsimConfig> => {
      const configured = await baseConfig(analysis, baseSha);
      return 'config' in configured ? configured.config : DEFAULT_CONFIG;
    };

    const carryOut = async (analysis: AnalysisContext, plan: Plan): Promise<void> => {
      const port: GitHubPort = analysis.port;
      switch (plan.kind) {
        case 'ignore':
          analysis.log.info(`ignored: ${plan.reason}`);
          return;
        case 'analyse':
          await analysePullRequest(analysis, plan);
          return;
        case 'reply':
          await port.createComment(plan.number, plan.body);
          return;
        case 'list-scenarios': {
          const pull = await port.getPull(plan.number);
          const config = await configAt(analysis, pull.baseSha);
          const { files } = await fetchRevision(port, analysis.cache, pull.baseSha, config);
          const repository = repositoryScenarios(files, config);
          const scenarios = configuredScenarios(config, repository);
          await port.createComment(
            plan.number,
            [
              `kvmsim runs these scenarios when a change reaches their threads (config from the base branch):`,
              '',
              '| scenario | from | what it checks |',
              '| - | - | - |',
              ...scenarios.map(
                (scenario) =>
                  `| \`${scenario.name}\` | ${repository.includes(scenario) ? `\`${scenario.source}\`` : 'built-in'} | ${(scenario.description ?? '').replace(/[|\n]/g, ' ').slice(0, 200)} |`,
              ),
              '',
              'Each entry point that reaches a changed function also runs alone (`alone-<entry>`).',
            ].join('\n'),
          );
          return;
        }
        case 'explain': {
          const pull = await port.getPull(plan.number);
          const config = await configAt(analysis, pull.baseSha);
          const base = await fetchRevision(port, analysis.cache, pull.baseSha, config);
          const report = await reportFor(analysis, pull, config, base, performance.now());
          const text =
            report === undefined ? undefined : renderFindingMarkdown(report, plan.findingId);
          await port.createComment(
            plan.number,
            text ??
              `No finding \`${plan.findingId}\` in the analysis of \`${pull.headSha.slice(0, 12)}\`. The ids are in kvmsim's comment and check run.`,
          );
          return;
        }
      }
    };

    const handle = (name: string, run: (context: Context) => Promise<void>) => {
      return async (context: Context) => {
        try {
          await run(context);
        } catch (error) {
          context.log.error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
        }
      };
    };

    app.on(
      [...PULL_REQUEST_EVENTS],
      handle('pull_request', async (context) => {
        const event = narrowPullRequest(context.payload);
        if (event?.kind !== 'pull_request') return;
        const analysis = await contextFor(context);
        // The payload names the base: no request beyond the cached config read.
        await carryOut(analysis, decide(event, await configAt(analysis, event.baseSha)));
      }),
    );

    app.on(
      ['check_run.rerequested', 'check_suite.rerequested'],
      handle('rerequested', async (context) => {
        const event = narrowRerequested(context.payload);
        if (event === undefined) return;
        const analysis = await contextFor(context);
        await carryOut(analysis, decide(event, DEFAULT_CONFIG));
      }),
    );

    app.on(
      'issue_comment.created',
      handle('issue_comment', async (context) => {
        const payload = context.payload as {
          comment?: { body?: string; user?: { login?: string } };
        };
        const body = payload.comment?.body ?? '';
        // Only comments that mention the command cost an API call.
        if (!body.includes('/kvmsim') || body.includes(COMMENT_MARKER)) return;
        const analysis = await contextFor(context);
        const permission = await analysis.port.getPermission(payload.comment?.user?.login ?? '');
        const event = narrowComment(context.payload, permission);
        if (event === undefined) return;
        const plan = decide(event, DEFAULT_CONFIG);
        if (plan.kind === 'reply' && plan.body === COMMAND_HELP)
          analysis.log.info('unknown command');
        await carryOut(analysis, plan);
      }),
    );
  };
}
