// The end-to-end harness: a fake GitHub API on loopback that serves an
// in-memory repository and validates every request against GitHub's published
// OpenAPI description, and the real Probot server on loopback running the app,
// to which signed webhooks with GitHub's payload shapes are delivered.
import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { OpenAPIBackend } from 'openapi-backend';
import { pino } from 'pino';
import { Probot, Server } from 'probot';
import { kvmsimApp } from '../src/app.js';
import { MemoryGitHub } from '../src/github/memory-port.js';

const require = createRequire(import.meta.url);
export const OWNER = 'kvmsim';
export const REPO = 'linux';
export const INSTALLATION = 42;
export const SECRET = 'kvmsim-test-secret';

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly handle: (match: string[], body: Record<string, unknown>, url: URL) => unknown;
}

const pageOf = <T>(items: readonly T[], url: URL) => {
  const perPage = Number(url.searchParams.get('per_page') ?? 30);
  const page = Number(url.searchParams.get('page') ?? 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const next = page * perPage < items.length;
  const link = new URL(url);
  link.searchParams.set('page', String(page + 1));
  return { slice, link: next ? `<${link.href}>; rel="next"` : undefined };
};

/** The fake API. `github` is its state; `problems` lists every request the description refused. */
export class FakeGitHub {
  readonly requests: string[] = [];
  /** When each head SHA's check run was first completed (performance.now()). */
  readonly completions = new Map<string, number>();
  readonly problems: string[] = [];
  url = '';
  private server: HttpServer | undefined;
  private api: OpenAPIBackend | undefined;
  /** Fails requests whose "METHOD path" matches with `status`, `times` times. */
  readonly failures: { pattern: RegExp; status: number; times: number }[] = [];

  constructor(readonly github = new MemoryGitHub('kvmsim[bot]')) {}

  private routes(): Route[] {
    const github = this.github;
    const repo = github.repository;
    const base = `^/repos/${OWNER}/${REPO}`;
    const user = (login: string) => ({
      login,
      id: 1,
      type: login.endsWith('[bot]') ? 'Bot' : 'User',
    });
    const comment = (c: { id: number; body: string; author: string }) => ({
      id: c.id,
      body: c.body,
      user: user(c.author),
    });
    return [
      {
        method: 'POST',
        pattern: /^\/app\/installations\/(\d+)\/access_tokens$/,
        handle: () => ({
          token: 'ghs_kvmsimtesttoken',
          expires_at: new Date(Date.now() + 3_600_000).toISOString(),
          permissions: { checks: 'write', contents: 'read', pull_requests: 'write' },
          repository_selection: 'all',
        }),
      },
      {
        method: 'GET',
        pattern: /^\/app$/,
        handle: () => ({ id: 1, slug: 'kvmsim', name: 'kvmsim' }),
      },
      {
        method: 'GET',
        pattern: new RegExp(`${base}/pulls/(\\d+)$`),
        handle: ([, number]) => {
          const pull = repo.pulls.get(Number(number));
          if (pull === undefined) return { status: 404 };
          return {
            number: pull.number,
            draft: pull.draft,
            head: {
              sha: pull.headSha,
              repo: { full_name: `${pull.fromFork ? 'fork' : OWNER}/${REPO}` },
            },
            base: { sha: pull.baseSha, repo: { full_name: `${OWNER}/${REPO}` } },
          };
        },
      },
      {
        method: 'GET',
        pattern: new RegExp(`${base}/pulls/(\\d+)/files$`),
        handle: ([, number], _, url) => {
          const { slice, link } = pageOf(repo.pullFiles(Number(number)), url);
          return { json: slice, link };
        },
      },
      {
        method: 'GET',
        pattern: new RegExp(`${base}/git/trees/([0-9a-f]{40})$`),
        handle: ([, sha]) => {
          const tree = repo.tree(sha as string);
          github.reads.trees += 1;
          return tree === undefined ? { status: 404 } : { sha, truncated: false, tree };
        },
      },
      {
        method: 'GET',
        pattern: new RegExp(`${base}/git/blobs/([0-9a-f]{40})$`),
        handle: ([, sha]) => {
          const text = repo.blobs.get(sha as string);
          github.reads.blobs += 1;
          return text === undefined
            ? { status: 404 }
            : {
                sha,
                size: Buffer.byteLength(text),
                encoding: 'base64',
                content: Buffer.from(text).toString('base64'),
              };
        },
      },
      {
        method: 'GET',
        pattern: new RegExp(`${base}/collaborators/([^/]+)/permission$`),
        handle: ([, login]) => {
          const permission = github.permissions.get(login as string) ?? 'read';
          return { permission, role_name: permission, user: user(login as string) };
        },
      },
      {
        method: 'GET',
        pattern: new RegExp(`${base}/issues/(\\d+)/comments$`),
        handle: ([, number], _, url) => {
          const { slice, link } = pageOf(
            (github.comments.get(Number(number)) ?? []).map(comment),
            url,
          );
          return { json: slice, link };
        },
      },
      {
        method: 'POST',
        pattern: new RegExp(`${base}/issues/(\\d+)/comments$`),
        handle: async ([, number], body) =>
          comment(await github.createComment(Number(number), String(body.body))),
      },
      {
        method: 'PATCH',
        pattern: new RegExp(`${base}/issues/comments/(\\d+)$`),
        handle: async ([, id], body) => {
          await github.updateComment(Number(id), String(body.body));
          return { id: Number(id), body: body.body };
        },
      },
      {
        method: 'POST',
        pattern: new RegExp(`${base}/check-runs$`),
        handle: async (_, body) => {
          if (body.status === 'completed' && !this.completions.has(String(body.head_sha)))
            this.completions.set(String(body.head_sha), performance.now());
          return {
            id: await github.createCheckRun(String(body.head_sha), String(body.name), body),
          };
        },
      },
      {
        method: 'PATCH',
        pattern: new RegExp(`${base}/check-runs/(\\d+)$`),
        handle: async ([, id], body) => {
          const headSha = github.checkRuns.get(Number(id))?.headSha;
          if (
            body.status === 'completed' &&
            headSha !== undefined &&
            !this.completions.has(headSha)
          )
            this.completions.set(headSha, performance.now());
          await github.updateCheckRun(Number(id), body);
          return { id: Number(id) };
        },
      },
    ];
  }

  async start(): Promise<void> {
    const definition = JSON.parse(
      readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8'),
    ) as object;
    this.api = new OpenAPIBackend({
      definition: definition as never,
      quick: true,
      strict: false,
      validate: true,
      ajvOpts: { validateFormats: false },
    });
    await this.api.init();
    const routes = this.routes();
    this.server = createServer((request, response) => {
      void this.serve(request, routes).then(({ status, json, link }) => {
        response.writeHead(status, {
          'content-type': 'application/json',
          ...(link === undefined ? {} : { link }),
        });
        response.end(json === undefined ? '' : JSON.stringify(json));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private async serve(
    request: IncomingMessage,
    routes: readonly Route[],
  ): Promise<{ status: number; json?: unknown; link?: string }> {
    let text = '';
    for await (const chunk of request) text += String(chunk);
    const url = new URL(request.url ?? '/', this.url);
    const method = request.method ?? 'GET';
    const line = `${method} ${url.pathname}`;
    this.requests.push(line);
    const body = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
    const described = {
      method: method.toLowerCase(),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { 'content-type': 'application/json' },
      body,
    };
    const operation = this.api?.matchOperation(described);
    if (operation === undefined) this.problems.push(`${line}: no such operation in GitHub's API`);
    else {
      const result = this.api?.validateRequest(described, operation);
      if (result !== undefined && !result.valid)
        this.problems.push(`${line} (${operation.operationId}): ${JSON.stringify(result.errors)}`);
    }
    if (request.headers.authorization === undefined)
      this.problems.push(`${line}: no authorization header`);
    const failure = this.failures.find((candidate) => candidate.pattern.test(line));
    if (failure !== undefined) {
      failure.times -= 1;
      if (failure.times <= 0) this.failures.splice(this.failures.indexOf(failure), 1);
      return { status: failure.status, json: { message: 'injected failure' } };
    }
    for (const route of routes) {
      const match = route.method === method ? route.pattern.exec(url.pathname) : null;
      if (match === null) continue;
      const answer = (await route.handle([...match], body, url)) as
        { status?: number; json?: unknown; link?: string } | undefined;
      if (answer !== undefined && typeof answer === 'object' && 'status' in answer)
        return { status: answer.status ?? 500, json: { message: 'Not Found' } };
      if (answer !== undefined && typeof answer === 'object' && 'json' in answer)
        return {
          status: 200,
          json: answer.json,
          ...(answer.link === undefined ? {} : { link: answer.link }),
        };
      return { status: method === 'POST' ? 201 : 200, json: answer };
    }
    this.problems.push(`${line}: the fake has no route for it`);
    return { status: 404, json: { message: 'Not Found' } };
  }

  async stop(): Promise<void> {
    // Keep-alive connections would hold close() open.
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

/** The real Probot server with the app, talking to `api`. */
export async function startApp(
  api: FakeGitHub,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  // Quiet: a refused delivery is logged with its whole payload.
  const log = pino({ level: 'silent' });
  const server = new Server({
    host: '127.0.0.1',
    port: 0,
    log,
    Probot: Probot.defaults({ appId: 1, privateKey, secret: SECRET, baseUrl: api.url, log }),
  });
  await server.load(kvmsimApp());
  const http = await server.start();
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/github/webhooks`,
    stop: async () => {
      http.closeAllConnections();
      await server.stop();
    },
  };
}

/** A signed webhook delivery; resolves to the HTTP status once the app has handled it. */
export async function deliver(
  url: string,
  event: string,
  payload: unknown,
  secret = SECRET,
): Promise<number> {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': randomUUID(),
      'x-hub-signature-256': signature,
    },
    body,
  });
  await response.text();
  return response.status;
}

interface WebhookExample {
  readonly name: string;
  readonly examples: readonly Record<string, unknown>[];
}

/** GitHub's example payload for `name.action`, pointed at this repository and installation. */
export function examplePayload(
  name: string,
  action: string,
  patch: (payload: Record<string, unknown>) => Record<string, unknown>,
): Record<string, unknown> {
  const examples = require('@octokit/webhooks-examples') as WebhookExample[];
  const example = examples
    .find((candidate) => candidate.name === name)
    ?.examples.find((candidate) => candidate.action === action);
  if (example === undefined) throw new Error(`no example payload for ${name}.${action}`);
  const copy = structuredClone(example) as Record<string, unknown>;
  const repository = copy.repository as Record<string, unknown>;
  repository.name = REPO;
  repository.full_name = `${OWNER}/${REPO}`;
  (repository.owner as Record<string, unknown>).login = OWNER;
  copy.installation = { id: INSTALLATION, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI=' };
  return patch(copy);
}

/** A pull_request payload for pull request `number` at `headSha` over `baseSha`. */
export function pullRequestPayload(
  action: string,
  number: number,
  baseSha: string,
  headSha: string,
): Record<string, unknown> {
  return examplePayload('pull_request', action, (payload) => {
    const pull = payload.pull_request as Record<string, unknown>;
    payload.number = number;
    pull.number = number;
    pull.draft = false;
    (pull.head as Record<string, unknown>).sha = headSha;
    (pull.base as Record<string, unknown>).sha = baseSha;
    return payload;
  });
}
