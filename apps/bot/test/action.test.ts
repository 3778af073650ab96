// Action mode: the built action entry spawned as a workflow step would run
// it, with the workflow's environment, against the same fake GitHub API.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMENT_MARKER } from '@kvmsim/report';
import { seedTree } from '@kvmsim/scenarios';
import { MemoryGitHub } from '../src/github/memory-port.js';
import { FakeGitHub, pullRequestPayload } from './harness.js';

const action = fileURLToPath(new URL('../dist/action.js', import.meta.url));
let api: FakeGitHub;
let dir: string;

function runAction(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [action], {
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'error', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

beforeAll(async () => {
  api = new FakeGitHub(new MemoryGitHub('github-actions[bot]'));
  await api.start();
  dir = mkdtempSync(join(tmpdir(), 'kvmsim-action-'));
});

afterAll(async () => {
  await api.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the GitHub Action', () => {
  it(
    'handles the workflow event once: a check run and the comment, as github-actions[bot]',
    { timeout: 120_000 },
    async () => {
      const repo = api.github.repository;
      const base = seedTree('upstream');
      const baseSha = repo.commit(base, 'upstream');
      const headSha = repo.commit(new Map([...base, ...seedTree('patch1')]), 'patch1', baseSha);
      repo.pulls.set(9, { number: 9, baseSha, headSha, draft: false, fromFork: false });
      const event = join(dir, 'event.json');
      writeFileSync(event, JSON.stringify(pullRequestPayload('synchronize', 9, baseSha, headSha)));
      const { code, stderr } = await runAction({
        GITHUB_TOKEN: 'ghs_workflowtoken',
        GITHUB_API_URL: api.url,
        GITHUB_RUN_ID: '1234',
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: event,
      });
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const [check] = [...api.github.checkRuns.values()];
      expect(check).toMatchObject({ headSha, status: 'completed', conclusion: 'failure' });
      const comments = api.github.comments.get(9) ?? [];
      expect(comments).toHaveLength(1);
      expect(comments[0]).toMatchObject({ author: 'github-actions[bot]' });
      expect(comments[0]?.body).toContain(COMMENT_MARKER);
      expect(api.problems).toEqual([]);
    },
  );

  it(
    "a fork's read-only token: nothing posted, the report in the job summary",
    { timeout: 120_000 },
    async () => {
      const repo = api.github.repository;
      const base = seedTree('upstream');
      const baseSha = repo.commit(base, 'upstream (fork test)');
      const headSha = repo.commit(
        new Map([...base, ...seedTree('patch1')]),
        'patch1 from a fork',
        baseSha,
      );
      repo.pulls.set(10, { number: 10, baseSha, headSha, draft: false, fromFork: true });
      const event = join(dir, 'fork-event.json');
      writeFileSync(event, JSON.stringify(pullRequestPayload('opened', 10, baseSha, headSha)));
      const summary = join(dir, 'summary.md');
      writeFileSync(summary, '');
      api.failures.push(
        {
          pattern: /^(POST|PATCH) \/repos\/kvmsim\/linux\/check-runs/,
          status: 403,
          times: Infinity,
        },
        {
          pattern: /^POST \/repos\/kvmsim\/linux\/issues\/10\/comments$/,
          status: 403,
          times: Infinity,
        },
      );
      const before = api.github.checkRuns.size;
      const { code } = await runAction({
        GITHUB_TOKEN: 'ghs_readonly',
        GITHUB_API_URL: api.url,
        GITHUB_RUN_ID: '1235',
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: event,
        GITHUB_STEP_SUMMARY: summary,
      });
      api.failures.length = 0;
      expect(code).toBe(0);
      expect(api.github.checkRuns.size).toBe(before);
      expect(api.github.comments.get(10)).toBeUndefined();
      const text = readFileSync(summary, 'utf8');
      expect(text).toContain(COMMENT_MARKER);
      expect(text).toContain('1 finding introduced');
    },
  );

  it('outside a workflow run: one clear line and exit 2', async () => {
    const { code, stderr } = await runAction({ GITHUB_TOKEN: 'x' });
    expect(code).toBe(2);
    expect(stderr).toBe(
      'kvmsim: not in a GitHub Actions run (GITHUB_RUN_ID, GITHUB_EVENT_NAME, GITHUB_EVENT_PATH unset)\n',
    );
  });
});
