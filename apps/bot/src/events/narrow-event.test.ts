// Narrowing is tested on GitHub's own example payloads.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { narrowComment, narrowPullRequest, narrowRerequested } from './narrow-event.js';

interface WebhookExamples {
  name: string;
  examples: ({ action?: string } & Record<string, unknown>)[];
}
const examples = createRequire(import.meta.url)('@octokit/webhooks-examples') as WebhookExamples[];
const of = (name: string) => examples.find((entry) => entry.name === name)?.examples ?? [];

describe('narrowPullRequest', () => {
  it('reads every real pull_request example', () => {
    const events = of('pull_request').map(narrowPullRequest);
    expect(events.length).toBeGreaterThan(10);
    for (const event of events)
      expect(event).toMatchObject({ kind: 'pull_request', number: expect.any(Number) });
  });
  it('keeps the action, the draft flag and both SHAs', () => {
    const opened = of('pull_request').find((example) => example.action === 'opened');
    const event = narrowPullRequest(opened);
    expect(event).toMatchObject({
      action: 'opened',
      headSha: expect.stringMatching(/^[0-9a-f]{40}$/),
      baseSha: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
  });
  it('ignores a payload without a pull request', () => {
    expect(narrowPullRequest({ action: 'opened' })).toBeUndefined();
    expect(narrowPullRequest('garbage')).toBeUndefined();
  });
});

describe('narrowRerequested', () => {
  it('reads the real check_run and check_suite rerequested examples', () => {
    const runs = [...of('check_run'), ...of('check_suite')].filter(
      (example) => example.action === 'rerequested',
    );
    expect(runs.length).toBeGreaterThan(1);
    for (const run of runs)
      expect(narrowRerequested(run)).toMatchObject({
        kind: 'rerequested',
        headSha: expect.any(String),
      });
  });
  it('ignores other check actions', () => {
    const completed = of('check_run').find((example) => example.action === 'completed');
    expect(narrowRerequested(completed)).toBeUndefined();
  });
});

describe('narrowComment', () => {
  it('reads the real issue_comment.created examples and tells PR comments apart', () => {
    const created = of('issue_comment').filter((example) => example.action === 'created');
    const events = created.map((example) => narrowComment(example, 'write'));
    expect(events.every((event) => event?.kind === 'comment')).toBe(true);
    expect(events.map((event) => event?.kind === 'comment' && event.isPullRequest)).toContain(
      false,
    );
  });
  it('marks comments by bots', () => {
    const created = of('issue_comment').find((example) => example.action === 'created');
    const bot = JSON.parse(JSON.stringify(created)) as { comment: { user: { type: string } } };
    bot.comment.user.type = 'Bot';
    expect(narrowComment(bot, 'write')).toMatchObject({ authorIsBot: true });
  });
  it('ignores edited and deleted comments', () => {
    const edited = of('issue_comment').find((example) => example.action === 'edited');
    expect(narrowComment(edited, 'admin')).toBeUndefined();
  });
});
