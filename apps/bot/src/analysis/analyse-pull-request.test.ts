// The app's flow on an in-memory GitHub holding the seed example as a
// repository: pull requests that apply the thread's variants, pushes that
// supersede each other, bad configs, limits and failures.
import { describe, expect, it } from 'vitest';
import { COMMENT_MARKER } from '@kvmsim/report';
import { policyTree, seedTree } from '@kvmsim/scenarios';
import { MemoryGitHub } from '../github/memory-port.js';
import { RunRegistry } from '../runs/run-registry.js';
import { GitObjectCache } from '../sources/fetch-revision.js';
import {
  IN_PROGRESS_AFTER_MS,
  analysePullRequest,
  type AnalysisContext,
} from './analyse-pull-request.js';

const APP = 'kvmsim[bot]';

function setup(options: { config?: string; extra?: Record<string, string> } = {}) {
  const github = new MemoryGitHub(APP);
  const repo = github.repository;
  const base = new Map(seedTree('upstream'));
  if (options.config !== undefined) base.set('.github/kvmsim.yml', options.config);
  for (const [path, text] of Object.entries(options.extra ?? {})) base.set(path, text);
  const baseSha = repo.commit(base, 'base');
  const push = (variant: string, number = 1, tree = seedTree(variant)) => {
    const files = new Map(base);
    for (const [path, text] of tree) files.set(path, text);
    const headSha = repo.commit(files, variant, baseSha);
    repo.pulls.set(number, { number, baseSha, headSha, draft: false, fromFork: false });
    return headSha;
  };
  const logs: string[] = [];
  const context: AnalysisContext = {
    port: github,
    registry: new RunRegistry(),
    cache: new GitObjectCache(),
    appLogin: APP,
    repositoryKey: 'kvmsim/linux',
    repository: { serverUrl: 'https://github.com', owner: 'kvmsim', repo: 'linux' },
    toolVersion: '0.0.0-test',
    log: {
      info: (message) => logs.push(`info ${message}`),
      warn: (message) => logs.push(`warn ${message}`),
      error: (message) => logs.push(`error ${message}`),
    },
  };
  return { github, repo, baseSha, push, context, logs };
}

const checks = (github: MemoryGitHub) => [...github.checkRuns.values()];

describe('analysePullRequest', () => {
  it('patch 1: a failing check with annotations on changed lines, and one sticky comment', async () => {
    const { github, push, context } = setup();
    const headSha = push('patch1');
    const outcome = await analysePullRequest(context, { number: 1, headSha, trigger: 'opened' });
    expect(outcome.kind).toBe('reported');
    const [check] = checks(github);
    expect(check).toMatchObject({
      headSha,
      name: 'kvmsim',
      status: 'completed',
      conclusion: 'failure',
      output: { title: '1 finding introduced (missing-lock)' },
    });
    expect(check?.annotations.length).toBeGreaterThan(0);
    const changed = github.repository.pullFiles(1).map((file) => file.filename);
    for (const annotation of check?.annotations as { path: string }[])
      expect(changed).toContain(annotation.path);
    const comments = github.comments.get(1) ?? [];
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body.startsWith(COMMENT_MARKER)).toBe(true);
    expect(comments[0]?.body).toContain(`blob/${headSha}/arch/arm64/kvm/mmu.c#L`);
  });

  it('a change to what the workloads run: the comment says what it costs, the summary the ABI change', async () => {
    const { github, push, context } = setup({ config: 'comment: always\n' });
    const headSha = push('refuse-chunk-change', 1, policyTree('refuse-chunk-change'));
    await analysePullRequest(context, { number: 1, headSha, trigger: 'opened' });
    const [check] = checks(github);
    expect(check?.output?.title).toContain('1 ABI change');
    const body = github.comments.get(1)?.[0]?.body ?? '';
    expect(body).toContain('## What it costs');
    expect(body).toContain(
      '`KVM_ENABLE_CAP(ARM_EAGER_SPLIT_CHUNK_SIZE, 2M)` returns `-22` under `head` (`0` before)',
    );
    expect(body).toContain('xychart-beta');
  }, 60_000);

  it('a slow analysis shows its check in progress first; a quick one writes it once, completed', async () => {
    const slow = setup();
    const headSha = slow.push('patch1');
    const delayed = Object.create(slow.github) as MemoryGitHub;
    delayed.getBlob = async (sha) => {
      await new Promise((resolve) => setTimeout(resolve, 2 * IN_PROGRESS_AFTER_MS));
      return slow.github.getBlob(sha);
    };
    await analysePullRequest(
      { ...slow.context, port: delayed },
      { number: 1, headSha, trigger: 'opened' },
    );
    expect(slow.github.writes.map((write) => write.call).slice(0, 2)).toEqual([
      'createCheckRun',
      'updateCheckRun',
    ]);
    expect(slow.github.writes[0]?.args[2]).toMatchObject({ status: 'in_progress' });

    // Same head again: every blob cached, the extraction cached, nothing new to explore.
    const writes = slow.github.writes.length;
    await analysePullRequest(slow.context, { number: 1, headSha, trigger: 'rerequested' });
    const again = slow.github.writes.slice(writes);
    expect(again[0]).toMatchObject({ call: 'createCheckRun' });
    expect(again[0]?.args[2]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(again.filter((write) => write.call === 'updateCheckRun')).toEqual([]);
  });

  it('the bodies the app sends (reviewed snapshot)', async () => {
    const { github, push, context } = setup();
    let clock = 0;
    const headSha = push('patch1');
    await analysePullRequest(
      { ...context, now: () => (clock += 1) },
      { number: 1, headSha, trigger: 'opened' },
    );
    const completion = github.writes.find(
      (write) =>
        (write.call === 'createCheckRun' &&
          (write.args[2] as { status?: string }).status === 'completed') ||
        (write.call === 'updateCheckRun' &&
          (write.args[1] as { status?: string }).status === 'completed'),
    );
    const update = (
      completion?.call === 'createCheckRun' ? completion.args[2] : completion?.args[1]
    ) as {
      conclusion: string;
      output: { title: string; summary: string; text: string; annotations: unknown[] };
    };
    expect({ conclusion: update.conclusion, ...update.output }).toMatchSnapshot('check run');
    expect(github.comments.get(1)?.[0]?.body).toMatchSnapshot('comment');
  });

  it('a new push updates the comment in place and reads only the changed blobs', async () => {
    const { github, push, context } = setup();
    await analysePullRequest(context, { number: 1, headSha: push('patch1'), trigger: 'opened' });
    const blobsBefore = github.reads.blobs;
    const headSha = push('patch1-fixup');
    await analysePullRequest(context, { number: 1, headSha, trigger: 'synchronize' });
    expect(github.comments.get(1)).toHaveLength(1);
    expect(github.comments.get(1)?.[0]?.body).toMatch(/findings? fixed/);
    expect(checks(github).map((check) => check.conclusion)).toEqual(['failure', 'success']);
    // Only the blobs the fixup changed were fetched again.
    expect(github.reads.blobs - blobsBefore).toBeLessThanOrEqual(2);
  });

  it('two racing pushes: the older is superseded, one comment, about the newer head', async () => {
    const { github, push, context } = setup();
    const older = push('patch1');
    const first = analysePullRequest(context, {
      number: 1,
      headSha: older,
      trigger: 'synchronize',
    });
    const newer = push('patch1-fixup');
    const second = analysePullRequest(context, {
      number: 1,
      headSha: newer,
      trigger: 'synchronize',
    });
    const outcomes = await Promise.all([first, second]);
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['superseded', 'reported']);
    expect(github.comments.get(1)).toHaveLength(1);
    expect(github.comments.get(1)?.[0]?.body).toContain(newer.slice(0, 12));
    const byHead = new Map(checks(github).map((check) => [check.headSha, check]));
    expect(byHead.get(older)).toMatchObject({ conclusion: 'neutral' });
    expect(byHead.get(older)?.output?.title).toMatch(/superseded/);
    expect(byHead.get(newer)).toMatchObject({ conclusion: 'success' });
  });

  it('a pull request that touches no KVM path: nothing at all, or a neutral check if asked', async () => {
    /** Pull request 2 adds a documentation file and nothing else. */
    const docsOnly = (env: ReturnType<typeof setup>) =>
      env.repo.pulls.set(2, {
        number: 2,
        baseSha: env.baseSha,
        headSha: env.repo.commit(
          new Map([...env.repo.files(env.baseSha), ['Documentation/x.rst', 'x\n']]),
          'docs',
          env.baseSha,
        ),
        draft: false,
        fromFork: false,
      });
    const quiet = setup();
    docsOnly(quiet);
    expect(await analysePullRequest(quiet.context, { number: 2, trigger: 'opened' })).toMatchObject(
      { kind: 'silent' },
    );
    expect(quiet.github.writes).toEqual([]);

    const asked = setup({ config: 'neutralCheckWhenIrrelevant: true\n' });
    docsOnly(asked);
    await analysePullRequest(asked.context, { number: 2, trigger: 'opened' });
    expect(checks(asked.github).map((check) => check.conclusion)).toEqual(['neutral']);
    expect(asked.github.comments.size).toBe(0);
  });

  it('a bad config on the base fails the check with the key, the line and the reason', async () => {
    const { github, push, context } = setup({
      config: 'comment: sometimes\nbudgets:\n  maxStates: -1\n',
    });
    await analysePullRequest(context, { number: 1, headSha: push('patch1'), trigger: 'opened' });
    const [check] = checks(github);
    expect(check?.conclusion).toBe('failure');
    expect(check?.output?.summary).toContain('- `comment` (line 1): ');
    expect(check?.output?.summary).toContain('- `budgets.maxStates` (line 3): ');
    expect(github.comments.size).toBe(0);
  });

  it('runs cut off by the budget: a neutral check, never green, and a comment that says so', async () => {
    const { github, push, context } = setup({ config: 'budgets:\n  maxStates: 10\n' });
    await analysePullRequest(context, {
      number: 1,
      headSha: push('patch1-fixup'),
      trigger: 'opened',
    });
    const [check] = checks(github);
    expect(check).toMatchObject({ status: 'completed', conclusion: 'neutral' });
    expect(check?.output?.title).toMatch(/^incomplete: \d+ of \d+ scenarios cut off or not run/);
    const comments = github.comments.get(1) ?? [];
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain('**cut off** (states)');
  });

  it('over the limits: a neutral check that says which limit', async () => {
    const { github, push, context } = setup({ config: 'limits:\n  maxFiles: 2\n' });
    await analysePullRequest(context, { number: 1, headSha: push('patch1'), trigger: 'opened' });
    expect(checks(github)[0]).toMatchObject({ conclusion: 'neutral' });
    expect(checks(github)[0]?.output?.summary).toMatch(/over the limit of 2 \(limits\.maxFiles\)/);
  });

  it('a file over limits.maxFileBytes: not fetched, named in the comment, an incomplete (neutral) check', async () => {
    const { github, push, context } = setup({ config: 'limits:\n  maxFileBytes: 4000\n' });
    const headSha = push('patch1');
    const fetched: string[] = [];
    const counting = Object.create(github) as MemoryGitHub;
    counting.getBlob = async (sha) => {
      const text = await github.getBlob(sha);
      fetched.push(text);
      return text;
    };
    const outcome = await analysePullRequest(
      { ...context, port: counting },
      { number: 1, headSha, trigger: 'opened' },
    );
    expect(outcome.kind).toBe('reported');
    expect(fetched.every((text) => Buffer.byteLength(text) <= 4000)).toBe(true);
    const [check] = checks(github);
    expect(check).toMatchObject({ status: 'completed', conclusion: 'neutral' });
    expect(check?.output?.title).toMatch(
      /^incomplete: arch\/arm64\/kvm\/mmu\.c not analysed \(over the size limit\)/,
    );
    const comments = github.comments.get(1) ?? [];
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toMatch(
      /- head: arch\/arm64\/kvm\/mmu\\\.c is \d+ bytes, over the limit of 4000 \\\(limits\\\.maxFileBytes\\\): not analysed/,
    );
  });

  it('a crash becomes a failed check with the reason; no comment, nothing half-posted', async () => {
    const { github, push, context, logs } = setup();
    const headSha = push('patch1');
    const failing = Object.create(github) as MemoryGitHub;
    failing.getBlob = async (sha) => {
      if (github.repository.blobs.get(sha)?.includes('lockdep_assert_held_write'))
        throw Object.assign(new Error('Server Error'), { status: 502 });
      return github.getBlob(sha);
    };
    const outcome = await analysePullRequest(
      { ...context, port: failing },
      { number: 1, headSha, trigger: 'opened' },
    );
    expect(outcome).toEqual({ kind: 'failed', message: 'Server Error' });
    expect(checks(github)[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(checks(github)[0]?.output?.summary).toContain('Server Error');
    expect(github.comments.size).toBe(0);
    expect(logs.some((line) => line.startsWith('error #1: analysis failed'))).toBe(true);
  });

  it('comment: never keeps the result in the check run only', async () => {
    const { github, push, context } = setup({ config: 'comment: never\n' });
    await analysePullRequest(context, { number: 1, headSha: push('patch1'), trigger: 'opened' });
    expect(checks(github)[0]?.conclusion).toBe('failure');
    expect(github.comments.size).toBe(0);
  });
});
