// kvmsim's one comment per pull request: found by its hidden marker among the
// app's own comments, updated in place, never duplicated, and left untouched
// when the body would not change (no notification for a no-op).
import type { GitHubPort, IssueComment } from './github-port.js';

export type StickyResult = 'created' | 'updated' | 'unchanged';

/** The app's existing comment on the pull request, if any (the oldest, if several). */
export function findStickyComment(
  comments: readonly IssueComment[],
  marker: string,
  appLogin: string,
): IssueComment | undefined {
  return comments.find((comment) => comment.author === appLogin && comment.body.includes(marker));
}

export async function upsertStickyComment(
  port: GitHubPort,
  number: number,
  body: string,
  marker: string,
  appLogin: string,
): Promise<StickyResult> {
  if (!body.includes(marker)) throw new Error('a sticky comment body must carry its marker');
  const existing = findStickyComment(await port.listComments(number), marker, appLogin);
  if (existing === undefined) {
    await port.createComment(number, body);
    return 'created';
  }
  if (existing.body === body) return 'unchanged';
  await port.updateComment(existing.id, body);
  return 'updated';
}
