import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '@kvmsim/analyze';
import type { BotEvent } from './bot-event.js';
import { decide } from './decide.js';

const pr = (action: string, draft = false): BotEvent => ({
  kind: 'pull_request',
  action,
  number: 7,
  draft,
  headSha: 'b'.repeat(40),
  baseSha: 'a'.repeat(40),
});
const comment = (body: string, permission: 'write' | 'read' | 'admin' = 'write'): BotEvent => ({
  kind: 'comment',
  number: 7,
  isPullRequest: true,
  body,
  author: 'maz',
  authorIsBot: false,
  permission,
});

describe('decide on pull_request', () => {
  it.each(['opened', 'synchronize', 'reopened', 'ready_for_review'])('analyses %s', (action) => {
    expect(decide(pr(action), DEFAULT_CONFIG)).toMatchObject({ kind: 'analyse', number: 7 });
  });
  it('ignores other actions', () => {
    expect(decide(pr('labeled'), DEFAULT_CONFIG).kind).toBe('ignore');
  });
  it('skips drafts by default and analyses them when configured', () => {
    expect(decide(pr('opened', true), DEFAULT_CONFIG).kind).toBe('ignore');
    expect(decide(pr('opened', true), { ...DEFAULT_CONFIG, drafts: 'analyse' }).kind).toBe(
      'analyse',
    );
  });
});

describe('decide on re-requested checks', () => {
  it('re-runs the pull request of the check', () => {
    expect(decide({ kind: 'rerequested', number: 3, headSha: 'c' }, DEFAULT_CONFIG)).toMatchObject({
      kind: 'analyse',
      number: 3,
    });
    expect(
      decide({ kind: 'rerequested', number: undefined, headSha: 'c' }, DEFAULT_CONFIG).kind,
    ).toBe('ignore');
  });
});

describe('decide on slash commands', () => {
  it('honours commands from writers', () => {
    expect(decide(comment('/kvmsim rerun'), DEFAULT_CONFIG)).toMatchObject({
      kind: 'analyse',
      headSha: undefined,
    });
    expect(decide(comment('thanks!\n/kvmsim scenarios'), DEFAULT_CONFIG).kind).toBe(
      'list-scenarios',
    );
    expect(
      decide(comment('/kvmsim explain double-free-3f9a1c2e', 'admin'), DEFAULT_CONFIG),
    ).toEqual({
      kind: 'explain',
      number: 7,
      findingId: 'double-free-3f9a1c2e',
    });
  });
  it('ignores commands from users without write access', () => {
    expect(decide(comment('/kvmsim rerun', 'read'), DEFAULT_CONFIG)).toMatchObject({
      kind: 'ignore',
    });
  });
  it('answers a malformed explain or an unknown verb with help', () => {
    expect(decide(comment('/kvmsim explain ../../etc'), DEFAULT_CONFIG).kind).toBe('reply');
    expect(decide(comment('/kvmsim frobnicate'), DEFAULT_CONFIG).kind).toBe('reply');
  });
  it('ignores comments without a command, on issues, or by bots', () => {
    expect(decide(comment('LGTM'), DEFAULT_CONFIG).kind).toBe('ignore');
    expect(
      decide(
        {
          ...(comment('/kvmsim rerun') as Extract<BotEvent, { kind: 'comment' }>),
          isPullRequest: false,
        },
        DEFAULT_CONFIG,
      ).kind,
    ).toBe('ignore');
    expect(
      decide(
        {
          ...(comment('/kvmsim rerun') as Extract<BotEvent, { kind: 'comment' }>),
          authorIsBot: true,
        },
        DEFAULT_CONFIG,
      ).kind,
    ).toBe('ignore');
  });
});
