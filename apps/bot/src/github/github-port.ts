// The small port through which the app reads and changes GitHub. Handlers
// compute plans; applying them goes through these few calls only, so tests use
// an in-memory port and production an Octokit one, and idempotence is decided
// here once.
import type { Permission } from '../decide/bot-event.js';

export interface IssueComment {
  readonly id: number;
  readonly body: string;
  /** Login of the author; the app only ever edits its own comments. */
  readonly author: string;
}

export interface CheckRunUpdate {
  readonly status?: 'queued' | 'in_progress' | 'completed';
  readonly conclusion?: 'success' | 'failure' | 'neutral' | 'cancelled' | 'action_required';
  readonly output?: {
    readonly title: string;
    readonly summary: string;
    readonly text?: string;
    readonly annotations?: readonly unknown[];
  };
}

export interface PullRequestInfo {
  readonly number: number;
  readonly headSha: string;
  readonly baseSha: string;
  readonly draft: boolean;
  /** The head lives in another repository (a fork). */
  readonly fromFork: boolean;
}

/** A changed file as the Pulls API lists it; `patch` is absent for binary or huge diffs. */
export interface PullFile {
  readonly filename: string;
  readonly status: string;
  readonly patch?: string;
}

/** One entry of a Git tree (one level). */
export interface TreeEntry {
  readonly path: string;
  readonly mode: string;
  readonly type: 'blob' | 'tree' | 'commit';
  readonly sha: string;
  readonly size?: number;
}

export interface GitHubPort {
  getPull(number: number): Promise<PullRequestInfo>;
  /** Every changed file, all pages. */
  listPullFiles(number: number): Promise<readonly PullFile[]>;
  /** One level of the tree of a commit or tree SHA. */
  getTree(sha: string): Promise<readonly TreeEntry[]>;
  /** A blob's content as UTF-8 text. */
  getBlob(sha: string): Promise<string>;
  /** A user's permission on the repository. */
  getPermission(login: string): Promise<Permission>;
  listComments(number: number): Promise<readonly IssueComment[]>;
  createComment(number: number, body: string): Promise<IssueComment>;
  updateComment(id: number, body: string): Promise<void>;
  createCheckRun(headSha: string, name: string, update: CheckRunUpdate): Promise<number>;
  updateCheckRun(id: number, update: CheckRunUpdate): Promise<void>;
}
