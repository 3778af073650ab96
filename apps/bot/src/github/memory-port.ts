// An in-memory GitHub: the port the tests (and the end-to-end harness's
// assertions) apply plans to. It records every write so tests can assert
// exactly what the app would have sent.
import type { Permission } from '../decide/bot-event.js';
import type {
  CheckRunUpdate,
  GitHubPort,
  IssueComment,
  PullFile,
  PullRequestInfo,
  TreeEntry,
} from './github-port.js';
import { MemoryRepository } from './memory-repository.js';

export interface RecordedWrite {
  readonly call: keyof GitHubPort;
  readonly args: readonly unknown[];
}

export class MemoryGitHub implements GitHubPort {
  readonly comments = new Map<number, IssueComment[]>();
  readonly checkRuns = new Map<
    number,
    { headSha: string; name: string; annotations: unknown[] } & CheckRunUpdate
  >();
  readonly writes: RecordedWrite[] = [];
  readonly permissions = new Map<string, Permission>();
  /** Reads the app made, by kind, for cache assertions. */
  readonly reads = { trees: 0, blobs: 0 };
  private nextId = 1;

  constructor(
    readonly appLogin: string,
    readonly repository = new MemoryRepository(),
  ) {}

  private notFound(what: string): Error {
    return Object.assign(new Error(`Not Found: ${what}`), { status: 404 });
  }

  async getPull(number: number): Promise<PullRequestInfo> {
    const pull = this.repository.pulls.get(number);
    if (pull === undefined) throw this.notFound(`pull request #${number}`);
    return pull;
  }

  async listPullFiles(number: number): Promise<readonly PullFile[]> {
    return this.repository.pullFiles(number);
  }

  async getTree(sha: string): Promise<readonly TreeEntry[]> {
    this.reads.trees += 1;
    const tree = this.repository.tree(sha);
    if (tree === undefined) throw this.notFound(`tree ${sha}`);
    return tree;
  }

  async getBlob(sha: string): Promise<string> {
    this.reads.blobs += 1;
    const blob = this.repository.blobs.get(sha);
    if (blob === undefined) throw this.notFound(`blob ${sha}`);
    return blob;
  }

  async getPermission(login: string): Promise<Permission> {
    return this.permissions.get(login) ?? 'read';
  }

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
    this.checkRuns.set(id, {
      headSha,
      name,
      ...update,
      annotations: [...(update.output?.annotations ?? [])],
    });
    return id;
  }

  async updateCheckRun(id: number, update: CheckRunUpdate): Promise<void> {
    this.writes.push({ call: 'updateCheckRun', args: [id, update] });
    const run = this.checkRuns.get(id);
    // Like GitHub, annotations of successive updates accumulate.
    if (run !== undefined)
      this.checkRuns.set(id, {
        ...run,
        ...update,
        annotations: [...run.annotations, ...(update.output?.annotations ?? [])],
      });
  }
}
