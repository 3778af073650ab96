// The small port through which the app changes GitHub. Handlers compute plans;
// applying them goes through these few calls only, so tests use an in-memory
// port and production an Octokit one, and idempotence is decided here once.

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

export interface GitHubPort {
  listComments(number: number): Promise<readonly IssueComment[]>;
  createComment(number: number, body: string): Promise<IssueComment>;
  updateComment(id: number, body: string): Promise<void>;
  createCheckRun(headSha: string, name: string, update: CheckRunUpdate): Promise<number>;
  updateCheckRun(id: number, update: CheckRunUpdate): Promise<void>;
}
