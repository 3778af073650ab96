// End to end over real HTTP: GitHub's webhook deliveries, signed, to the real
// Probot server on loopback; the app's API calls to a fake GitHub on loopback
// that validates each one against GitHub's OpenAPI description. The
// repository holds the seed example; each pull request applies one variant.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeSources } from '@kvmsim/analyze';
import { COMMENT_MARKER } from '@kvmsim/report';
import { seedTree, seedVariants } from '@kvmsim/scenarios';
import {
  FakeGitHub,
  deliver,
  examplePayload,
  pullRequestPayload,
  startApp,
  type FakeGitHub as Fake,
} from './harness.js';

let api: Fake;
let app: { url: string; stop: () => Promise<void> };
let baseSha: string;
const base = seedTree('upstream');

function push(number: number, variant: string, parent = baseSha, touch = false): string {
  const files = new Map(base);
  for (const [path, text] of seedTree(variant)) files.set(path, text);
  // A file no earlier push had, so that its blob is not in the app's cache.
  if (touch)
    files.set('arch/arm64/kvm/mmu.c', `${files.get('arch/arm64/kvm/mmu.c')}\n/* #${number} */\n`);
  const headSha = api.github.repository.commit(files, `${variant} (#${number})`, parent);
  api.github.repository.pulls.set(number, {
    number,
    baseSha,
    headSha,
    draft: false,
    fromFork: false,
  });
  return headSha;
}

const checksOf = (headSha: string) =>
  [...api.github.checkRuns.values()].filter((check) => check.headSha === headSha);

/**
 * Waits until `count` check runs of `headSha` are completed. A delivery's
 * response can come before the analysis ends: the webhook middleware answers
 * 202 after 9 s, within GitHub's 10 s, and the handler goes on.
 */
async function completed(headSha: string, count = 1) {
  for (let waited = 0; waited < 60_000; waited += 50) {
    if (checksOf(headSha).filter((check) => check.status === 'completed').length >= count)
      return checksOf(headSha);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no completed check run for ${headSha}`);
}

/**
 * Waits until the sticky comment of pull request `number` is about `headSha`.
 * The app writes the check run first and the comment after it (Octokit spaces
 * writes by a second), so a completed check does not mean the comment is there.
 */
async function commentAbout(number: number, headSha: string) {
  for (let waited = 0; waited < 60_000; waited += 50) {
    const comments = api.github.comments.get(number) ?? [];
    if (comments.some((comment) => comment.body.includes(headSha.slice(0, 12)))) return comments;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no comment about ${headSha} on #${number}`);
}

beforeAll(async () => {
  api = new FakeGitHub();
  await api.start();
  baseSha = api.github.repository.commit(base, 'upstream');
  app = await startApp(api);
});

afterAll(async () => {
  await app.stop();
  await api.stop();
});

describe('the app over HTTP', () => {
  it(
    'every seed variant as a pull request: the check run says what the pipeline says',
    { timeout: 180_000 },
    async () => {
      let number = 100;
      for (const variant of seedVariants()) {
        number += 1;
        const headSha = push(number, variant.name);
        expect(
          await deliver(
            app.url,
            'pull_request',
            pullRequestPayload('opened', number, baseSha, headSha),
          ),
        ).toBeOneOf([200, 202]);
        const expected = await analyzeSources({
          base: { label: 'base', sources: base },
          head: { label: 'head', sources: seedTree(variant.name) },
          toolVersion: 'expected',
        });
        await completed(headSha);
        const [check] = checksOf(headSha);
        expect(check, variant.name).toMatchObject({
          status: 'completed',
          conclusion: expected.verdict.conclusion,
          output: { title: expected.verdict.summary },
        });
        if (expected.findings.introduced.length > 0) await commentAbout(number, headSha);
        const comments = api.github.comments.get(number) ?? [];
        expect(comments.length, variant.name).toBeLessThanOrEqual(1);
        if (expected.findings.introduced.length > 0) {
          expect(comments[0]?.body).toContain(COMMENT_MARKER);
          expect((check?.annotations ?? []).length).toBeGreaterThan(0);
        }
      }
      expect(api.problems).toEqual([]);
    },
  );

  it(
    'a synchronize updates the one comment instead of adding a second',
    { timeout: 90_000 },
    async () => {
      const first = push(1, 'patch1');
      await deliver(app.url, 'pull_request', pullRequestPayload('opened', 1, baseSha, first));
      await completed(first);
      const second = push(1, 'patch1-fixup', first);
      await deliver(app.url, 'pull_request', pullRequestPayload('synchronize', 1, baseSha, second));
      await completed(second);
      await commentAbout(1, second);
      const comments = api.github.comments.get(1) ?? [];
      expect(comments).toHaveLength(1);
      expect(comments[0]?.body).toContain(second.slice(0, 12));
      expect(checksOf(first)[0]?.conclusion).toBe('failure');
      expect(checksOf(second)[0]?.conclusion).toBe('success');
      expect(api.github.writes.filter((write) => write.call === 'updateComment').length).toBe(1);
      expect(api.problems).toEqual([]);
    },
  );

  it(
    'two racing synchronize events: one comment, about the newer push',
    { timeout: 90_000 },
    async () => {
      const opened = push(2, 'naive-self-deadlock');
      await deliver(app.url, 'pull_request', pullRequestPayload('opened', 2, baseSha, opened));
      await completed(opened);
      const older = push(2, 'patch1', opened);
      const olderDelivery = deliver(
        app.url,
        'pull_request',
        pullRequestPayload('synchronize', 2, baseSha, older),
      );
      const newer = push(2, 'patch1-fixup', older);
      const newerDelivery = deliver(
        app.url,
        'pull_request',
        pullRequestPayload('synchronize', 2, baseSha, newer),
      );
      for (const status of await Promise.all([olderDelivery, newerDelivery]))
        expect(status).toBeOneOf([200, 202]);
      await completed(newer);
      await completed(older);
      await commentAbout(2, newer);
      const comments = api.github.comments.get(2) ?? [];
      expect(comments).toHaveLength(1);
      expect(comments[0]?.body).toContain(newer.slice(0, 12));
      expect(checksOf(newer)[0]?.conclusion).toBe('success');
      expect(checksOf(older)[0]?.status).toBe('completed');
      expect(api.problems).toEqual([]);
    },
  );

  it('refuses a delivery with a bad signature, and does nothing', async () => {
    const headSha = push(3, 'patch1');
    const before = api.requests.length;
    expect(
      await deliver(
        app.url,
        'pull_request',
        pullRequestPayload('opened', 3, baseSha, headSha),
        'not-the-secret',
      ),
    ).toBe(400);
    expect(api.requests.length).toBe(before);
    expect(checksOf(headSha)).toEqual([]);
  });

  it(
    '/kvmsim rerun from a writer runs again; from a reader it is ignored',
    { timeout: 90_000 },
    async () => {
      const headSha = push(4, 'patch1');
      await deliver(app.url, 'pull_request', pullRequestPayload('opened', 4, baseSha, headSha));
      await completed(headSha);
      const comment = (login: string, body: string) =>
        examplePayload('issue_comment', 'created', (payload) => {
          const issue = payload.issue as Record<string, unknown>;
          issue.number = 4;
          issue.pull_request = { url: 'https://api.github.com/repos/kvmsim/linux/pulls/4' };
          payload.comment = {
            ...(payload.comment as object),
            body,
            user: { login, id: 7, type: 'User' },
          };
          return payload;
        });
      api.github.permissions.set('maz', 'write');
      api.github.permissions.set('drive-by', 'read');
      await deliver(app.url, 'issue_comment', comment('drive-by', '/kvmsim rerun'));
      expect(checksOf(headSha)).toHaveLength(1);
      await deliver(app.url, 'issue_comment', comment('maz', '/kvmsim rerun'));
      await completed(headSha, 2);
      expect(checksOf(headSha)).toHaveLength(2);
      const report = api.github.comments.get(4)?.find((c) => c.body.includes(COMMENT_MARKER));
      const id = /missing-lock-[0-9a-f]{8}/.exec(report?.body ?? '')?.[0];
      expect(id).toBeDefined();
      await deliver(app.url, 'issue_comment', comment('maz', `/kvmsim explain ${id}`));
      const replies = (api.github.comments.get(4) ?? []).filter(
        (c) => !c.body.includes(COMMENT_MARKER),
      );
      expect(replies.at(-1)?.body).toContain('```mermaid');
      expect(replies.at(-1)?.body).toContain('**introduced**');
      await deliver(app.url, 'issue_comment', comment('maz', '/kvmsim scenarios'));
      expect((api.github.comments.get(4) ?? []).at(-1)?.body).toContain('`flush-vs-flush`');
      expect(api.problems).toEqual([]);
    },
  );

  it(
    'a 502 from GitHub while reading blobs ends in a failed check that says so',
    { timeout: 90_000 },
    async () => {
      const headSha = push(5, 'refuse-chunk-change', baseSha, true);
      // The blob of the touched file fails every time: Octokit's retries cannot save it.
      const text = api.github.repository.files(headSha).get('arch/arm64/kvm/mmu.c');
      const blob = [...api.github.repository.blobs].find(([, content]) => content === text)?.[0];
      api.failures.push({
        pattern: new RegExp(`^GET /repos/kvmsim/linux/git/blobs/${blob}$`),
        status: 502,
        times: Number.POSITIVE_INFINITY,
      });
      await deliver(app.url, 'pull_request', pullRequestPayload('opened', 5, baseSha, headSha));
      const [check] = await completed(headSha);
      api.failures.length = 0;
      expect(check).toMatchObject({ status: 'completed', conclusion: 'failure' });
      expect(check?.output?.title).toBe('kvmsim failed');
      expect(api.requests.filter((line) => line.endsWith(String(blob))).length).toBeGreaterThan(1);
      expect(api.github.comments.get(5)).toBeUndefined();
    },
  );
});
