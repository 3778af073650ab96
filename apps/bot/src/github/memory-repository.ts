// A Git repository in memory: blobs, one-level trees and commits addressed by
// content hashes, and pull requests between commits. The in-memory port and
// the end-to-end harness's fake GitHub serve it; it is what a kernel
// repository looks like to the app through the Git trees and blobs APIs.
import { createHash } from 'node:crypto';
import { structuredPatch } from 'diff';
import type { PullFile, PullRequestInfo, TreeEntry } from './github-port.js';

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

export interface MemoryCommit {
  readonly tree: string;
  readonly parents: readonly string[];
  readonly message: string;
}

export class MemoryRepository {
  readonly blobs = new Map<string, string>();
  readonly trees = new Map<string, readonly TreeEntry[]>();
  readonly commits = new Map<string, MemoryCommit>();
  readonly pulls = new Map<number, PullRequestInfo>();

  /** Commits `files` (the whole tree) on top of `parent`; returns the commit SHA. */
  commit(files: ReadonlyMap<string, string>, message: string, parent?: string): string {
    const tree = this.writeTree([...files].map(([path, text]) => [path.split('/'), text] as const));
    const sha = sha1(`commit\0${tree}\0${parent ?? ''}\0${message}`);
    this.commits.set(sha, { tree, parents: parent === undefined ? [] : [parent], message });
    return sha;
  }

  private writeTree(files: readonly (readonly [readonly string[], string])[]): string {
    const entries: TreeEntry[] = [];
    const groups = new Map<string, (readonly [readonly string[], string])[]>();
    for (const [segments, text] of files) {
      const [head, ...rest] = segments;
      if (head === undefined) continue;
      if (rest.length === 0) {
        const sha = sha1(`blob\0${text}`);
        this.blobs.set(sha, text);
        entries.push({
          path: head,
          mode: '100644',
          type: 'blob',
          sha,
          size: Buffer.byteLength(text),
        });
      } else groups.set(head, [...(groups.get(head) ?? []), [rest, text]]);
    }
    for (const [name, children] of groups)
      entries.push({ path: name, mode: '040000', type: 'tree', sha: this.writeTree(children) });
    entries.sort((a, b) => (a.path < b.path ? -1 : 1));
    const sha = sha1(
      `tree\0${entries.map((entry) => `${entry.mode} ${entry.path} ${entry.sha}`).join('\n')}`,
    );
    this.trees.set(sha, entries);
    return sha;
  }

  /** Every file of a commit, by path. */
  files(commit: string): Map<string, string> {
    const out = new Map<string, string>();
    const walk = (tree: string, prefix: string) => {
      for (const entry of this.trees.get(tree) ?? []) {
        const path = `${prefix}${entry.path}`;
        if (entry.type === 'tree') walk(entry.sha, `${path}/`);
        else out.set(path, this.blobs.get(entry.sha) ?? '');
      }
    };
    const root = this.commits.get(commit)?.tree;
    if (root !== undefined) walk(root, '');
    return out;
  }

  /** One level of a tree, by tree or commit SHA. */
  tree(sha: string): readonly TreeEntry[] | undefined {
    return this.trees.get(this.commits.get(sha)?.tree ?? sha);
  }

  /** The changed files of a pull request, with unified patches as the Pulls API gives them. */
  pullFiles(number: number): PullFile[] {
    const pull = this.pulls.get(number);
    if (pull === undefined) return [];
    const base = this.files(pull.baseSha);
    const head = this.files(pull.headSha);
    const out: PullFile[] = [];
    for (const path of [...new Set([...base.keys(), ...head.keys()])].sort()) {
      const before = base.get(path);
      const after = head.get(path);
      if (before === after) continue;
      const patch = structuredPatch(path, path, before ?? '', after ?? '', '', '', { context: 3 })
        .hunks.map(
          (hunk) =>
            `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@\n${hunk.lines.join('\n')}`,
        )
        .join('\n');
      out.push({
        filename: path,
        status: before === undefined ? 'added' : after === undefined ? 'removed' : 'modified',
        patch,
      });
    }
    return out;
  }
}
