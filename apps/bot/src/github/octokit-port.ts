// The GitHub port over Probot's Octokit (which brings the throttling and retry
// plugins: rate limits and 5xx are waited out and retried there, not here).
// Every call names the repository the event came from.
import type { ProbotOctokit } from 'probot';
import { PERMISSIONS, type Permission } from '../decide/bot-event.js';
import type {
  CheckRunUpdate,
  GitHubPort,
  IssueComment,
  PullFile,
  PullRequestInfo,
  TreeEntry,
} from './github-port.js';

type Octokit = InstanceType<typeof ProbotOctokit>;

export interface RepositoryRef {
  readonly owner: string;
  readonly repo: string;
}

function output(update: CheckRunUpdate) {
  return update.output === undefined
    ? {}
    : {
        output: {
          title: update.output.title,
          summary: update.output.summary,
          ...(update.output.text === undefined ? {} : { text: update.output.text }),
          ...(update.output.annotations === undefined
            ? {}
            : { annotations: update.output.annotations as never[] }),
        },
      };
}

export class OctokitPort implements GitHubPort {
  constructor(
    private readonly octokit: Octokit,
    private readonly repository: RepositoryRef,
  ) {}

  async getPull(number: number): Promise<PullRequestInfo> {
    const { data } = await this.octokit.rest.pulls.get({
      ...this.repository,
      pull_number: number,
    });
    return {
      number: data.number,
      headSha: data.head.sha,
      baseSha: data.base.sha,
      draft: data.draft === true,
      fromFork: data.head.repo?.full_name !== data.base.repo.full_name,
    };
  }

  async listPullFiles(number: number): Promise<readonly PullFile[]> {
    const files = await this.octokit.paginate(this.octokit.rest.pulls.listFiles, {
      ...this.repository,
      pull_number: number,
      per_page: 100,
    });
    return files.map((file) => ({
      filename: file.filename,
      status: file.status,
      ...(file.patch === undefined ? {} : { patch: file.patch }),
    }));
  }

  async getTree(sha: string): Promise<readonly TreeEntry[]> {
    const { data } = await this.octokit.rest.git.getTree({ ...this.repository, tree_sha: sha });
    return data.tree.flatMap((entry) =>
      entry.path === undefined ||
      entry.sha === undefined ||
      entry.mode === undefined ||
      (entry.type !== 'blob' && entry.type !== 'tree' && entry.type !== 'commit')
        ? []
        : [
            {
              path: entry.path,
              mode: entry.mode,
              type: entry.type,
              sha: entry.sha,
              ...(entry.size === undefined ? {} : { size: entry.size }),
            },
          ],
    );
  }

  async getBlob(sha: string): Promise<string> {
    const { data } = await this.octokit.rest.git.getBlob({ ...this.repository, file_sha: sha });
    return Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8').toString(
      'utf8',
    );
  }

  async getPermission(login: string): Promise<Permission> {
    try {
      const { data } = await this.octokit.rest.repos.getCollaboratorPermissionLevel({
        ...this.repository,
        username: login,
      });
      const role = (data as { role_name?: string }).role_name;
      const level = (PERMISSIONS as readonly string[]).includes(role ?? '')
        ? role
        : data.permission;
      return (PERMISSIONS as readonly string[]).includes(level ?? '')
        ? (level as Permission)
        : 'none';
    } catch (error) {
      if ((error as { status?: number }).status === 404) return 'none';
      throw error;
    }
  }

  async listComments(number: number): Promise<readonly IssueComment[]> {
    const comments = await this.octokit.paginate(this.octokit.rest.issues.listComments, {
      ...this.repository,
      issue_number: number,
      per_page: 100,
    });
    return comments.map((comment) => ({
      id: comment.id,
      body: comment.body ?? '',
      author: comment.user?.login ?? '',
    }));
  }

  async createComment(number: number, body: string): Promise<IssueComment> {
    const { data } = await this.octokit.rest.issues.createComment({
      ...this.repository,
      issue_number: number,
      body,
    });
    return { id: data.id, body: data.body ?? body, author: data.user?.login ?? '' };
  }

  async updateComment(id: number, body: string): Promise<void> {
    await this.octokit.rest.issues.updateComment({ ...this.repository, comment_id: id, body });
  }

  async createCheckRun(headSha: string, name: string, update: CheckRunUpdate): Promise<number> {
    const { data } = await this.octokit.rest.checks.create({
      ...this.repository,
      name,
      head_sha: headSha,
      ...(update.status === undefined ? {} : { status: update.status }),
      ...(update.conclusion === undefined ? {} : { conclusion: update.conclusion }),
      ...output(update),
    });
    return data.id;
  }

  async updateCheckRun(id: number, update: CheckRunUpdate): Promise<void> {
    await this.octokit.rest.checks.update({
      ...this.repository,
      check_run_id: id,
      ...(update.status === undefined ? {} : { status: update.status }),
      ...(update.conclusion === undefined ? {} : { conclusion: update.conclusion }),
      ...output(update),
    });
  }
}
