// An in-memory GitHub: the port the tests (and the end-to-end harness's
// assertions) apply plans to. It records every write so tests can assert
// exactly what the app would have sent.
import type { CheckRunUpdate, GitHubPort, IssueComment } from './github-port.js';

export interface RecordedWrite {
  readonly call: keyof GitHubPort;
  readonly args: readonly unknown[];
}

export class MemoryGitHub implements GitHubPort {
  readonly comments = new Map<number, IssueComment[]>();
  readonly checkRuns = new Map<number, { headSha: string; name: string } & CheckRunUpdate>();
  readonly writes: RecordedWrite[] = [];
  private nextId = 1;

  constructor(readonly appLogin: string) {}

  async listComments(number: number): Promise<readonly IssueComment[]> {
    return [...(this.comments.get(number) ?? [])];
  }

  async createComment(number: number, body: string): Promise<IssueComment> {
    this.writes.push({ call: 'createComment', args: [number, body] });
    const comment = { id: this.nextId++, body, author: this.appLogin };
    this.comments.set(number, [...(this.comments.get(number) ?? []), comment]);
    return comment;
  }

  async updateComment(id: number, body: string): Promise<void> {
    this.writes.push({ call: 'updateComment', args: [id, body] });
    for (const [number, list] of this.comments) {
      this.comments.set(
        number,
        list.map((comment) => (comment.id === id ? { ...comment, body } : comment)),
      );
    }
  }

  async createCheckRun(headSha: string, name: string, update: CheckRunUpdate): Promise<number> {
    this.writes.push({ call: 'createCheckRun', args: [headSha, name, update] });
    const id = this.nextId++;
    this.checkRuns.set(id, { headSha, name, ...update });
    return id;
  }

  async updateCheckRun(id: number, update: CheckRunUpdate): Promise<void> {
    this.writes.push({ call: 'updateCheckRun', args: [id, update] });
    const run = this.checkRuns.get(id);
    if (run !== undefined) this.checkRuns.set(id, { ...run, ...update });
  }
}
