import { describe, expect, it } from 'vitest';
import { MemoryGitHub } from '../github/memory-port.js';
import { upsertStickyComment } from '../github/sticky-comment.js';
import { RunRegistry } from './run-registry.js';

const MARKER = '<!-- kvmsim:report -->';

/**
 * A port whose comment listing waits until a second listing arrives (or 20 ms
 * pass): two writers that are not serialised both see "no comment yet".
 */
function racingPort(github: MemoryGitHub): MemoryGitHub {
  let waiting: (() => void) | undefined;
  return Object.assign(Object.create(github) as MemoryGitHub, {
    listComments: async (number: number) => {
      if (waiting !== undefined) {
        waiting();
        waiting = undefined;
      } else {
        await new Promise<void>((resolve) => {
          waiting = resolve;
          setTimeout(resolve, 20);
        });
      }
      return github.listComments(number);
    },
  });
}

describe('RunRegistry', () => {
  it('supersedes an older run of the same pull request', () => {
    const registry = new RunRegistry();
    const first = registry.start('o/r#7', 'aaa');
    const second = registry.start('o/r#7', 'bbb');
    const other = registry.start('o/r#8', 'ccc');
    expect(registry.isCurrent(first)).toBe(false);
    expect(registry.isCurrent(second)).toBe(true);
    expect(registry.isCurrent(other)).toBe(true);
  });

  it('does not post the result of a superseded run', async () => {
    const registry = new RunRegistry();
    const old = registry.start('o/r#7', 'aaa');
    registry.start('o/r#7', 'bbb');
    let wrote = false;
    expect(await registry.serialise(old, async () => void (wrote = true))).toBe(false);
    expect(wrote).toBe(false);
  });

  it('keeps one comment when two runs race to write it', async () => {
    const registry = new RunRegistry();
    const github = new MemoryGitHub('kvmsim[bot]');
    // A port whose list call is slow makes the race real: without the
    // serialisation both writers would see no comment and create one each.
    const slow = racingPort(github);
    const a = registry.start('o/r#7', 'aaa');
    const b = { ...a, generation: a.generation }; // same run, two writes (e.g. comment + re-run)
    await Promise.all([
      registry.serialise(a, () =>
        upsertStickyComment(slow, 7, `${MARKER}\none`, MARKER, 'kvmsim[bot]').then(() => undefined),
      ),
      registry.serialise(b, () =>
        upsertStickyComment(slow, 7, `${MARKER}\ntwo`, MARKER, 'kvmsim[bot]').then(() => undefined),
      ),
    ]);
    expect(github.comments.get(7)).toHaveLength(1);
    expect(github.comments.get(7)?.[0]?.body).toBe(`${MARKER}\ntwo`);
  });

  it('shows the hazard it prevents: unserialised writers duplicate the comment', async () => {
    const github = new MemoryGitHub('kvmsim[bot]');
    const slow = racingPort(github);
    await Promise.all([
      upsertStickyComment(slow, 7, `${MARKER}\none`, MARKER, 'kvmsim[bot]'),
      upsertStickyComment(slow, 7, `${MARKER}\ntwo`, MARKER, 'kvmsim[bot]'),
    ]);
    expect(github.comments.get(7)).toHaveLength(2);
  });

  it('goes on after a failed write', async () => {
    const registry = new RunRegistry();
    const run = registry.start('o/r#7', 'aaa');
    await expect(
      registry.serialise(run, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await registry.serialise(run, async () => {})).toBe(true);
  });
});
