// Webhook payloads narrowed to BotEvent: only the fields a decision needs,
// read defensively, because a payload is input from outside. An event that
// lacks what the app needs becomes `undefined` (ignored), never an exception
// inside the webhook handler.
import type { BotEvent, Permission } from '../decide/bot-event.js';

type Json = Record<string, unknown>;

function object(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : undefined;
}
function string(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
function integer(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

export function narrowPullRequest(payload: unknown): BotEvent | undefined {
  const root = object(payload);
  const pullRequest = object(root?.pull_request);
  const number = integer(pullRequest?.number);
  const headSha = string(object(pullRequest?.head)?.sha);
  const baseSha = string(object(pullRequest?.base)?.sha);
  const action = string(root?.action);
  if (
    number === undefined ||
    headSha === undefined ||
    baseSha === undefined ||
    action === undefined
  ) {
    return undefined;
  }
  return {
    kind: 'pull_request',
    action,
    number,
    draft: pullRequest?.draft === true,
    headSha,
    baseSha,
  };
}

/** check_run.rerequested and check_suite.rerequested. */
export function narrowRerequested(payload: unknown): BotEvent | undefined {
  const root = object(payload);
  const check = object(root?.check_run) ?? object(root?.check_suite);
  const headSha = string(check?.head_sha);
  if (string(root?.action) !== 'rerequested' || headSha === undefined) return undefined;
  const pulls = Array.isArray(check?.pull_requests) ? check.pull_requests : [];
  return { kind: 'rerequested', number: integer(object(pulls[0])?.number), headSha };
}

/** issue_comment.created; the permission is looked up by the caller (it needs the API). */
export function narrowComment(payload: unknown, permission: Permission): BotEvent | undefined {
  const root = object(payload);
  const issue = object(root?.issue);
  const comment = object(root?.comment);
  const user = object(comment?.user);
  const number = integer(issue?.number);
  const body = string(comment?.body);
  const author = string(user?.login);
  if (
    string(root?.action) !== 'created' ||
    number === undefined ||
    body === undefined ||
    author === undefined
  ) {
    return undefined;
  }
  return {
    kind: 'comment',
    number,
    isPullRequest: object(issue?.pull_request) !== undefined,
    body,
    author,
    authorIsBot: string(user?.type) === 'Bot',
    permission,
  };
}
