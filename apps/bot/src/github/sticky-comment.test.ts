import { describe, expect, it } from 'vitest';
import { MemoryGitHub } from './memory-port.js';
import { upsertStickyComment } from './sticky-comment.js';

const MARKER = '<!-- kvmsim:report -->';
const body = (text: string) => `${MARKER}\n${text}`;

describe('upsertStickyComment', () => {
  it('creates the comment once, then updates it in place', async () => {
    const github = new MemoryGitHub('kvmsim[bot]');
    expect(await upsertStickyComment(github, 7, body('first'), MARKER, 'kvmsim[bot]')).toBe(
      'created',
    );
    expect(await upsertStickyComment(github, 7, body('second'), MARKER, 'kvmsim[bot]')).toBe(
      'updated',
    );
    expect(github.comments.get(7)).toEqual([
      { id: 1, body: body('second'), author: 'kvmsim[bot]' },
    ]);
  });

  it('sends nothing when the body is unchanged', async () => {
    const github = new MemoryGitHub('kvmsim[bot]');
    await upsertStickyComment(github, 7, body('same'), MARKER, 'kvmsim[bot]');
    expect(await upsertStickyComment(github, 7, body('same'), MARKER, 'kvmsim[bot]')).toBe(
      'unchanged',
    );
    expect(github.writes.map((write) => write.call)).toEqual(['createComment']);
  });

  it('never edits a human comment that quotes the marker', async () => {
    const github = new MemoryGitHub('kvmsim[bot]');
    github.comments.set(7, [{ id: 99, body: `quoting ${MARKER}`, author: 'maz' }]);
    expect(await upsertStickyComment(github, 7, body('report'), MARKER, 'kvmsim[bot]')).toBe(
      'created',
    );
    expect(github.comments.get(7)?.[0]?.body).toBe(`quoting ${MARKER}`);
  });

  it('refuses a body without its marker, which would duplicate on the next run', async () => {
    await expect(
      upsertStickyComment(new MemoryGitHub('kvmsim[bot]'), 7, 'no marker', MARKER, 'kvmsim[bot]'),
    ).rejects.toThrow(/marker/);
  });
});
