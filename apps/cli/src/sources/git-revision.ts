// Reads revisions of a git repository without touching its work tree: the
// range is resolved with `git rev-parse`, the files are listed with
// `git ls-tree` and read in one `git cat-file --batch`. Nothing is checked
// out, no worktree is created, nothing is left behind. Only git runs; the
// repository's content is read as text. The config's limits are applied as
// the app applies them (planSourceReads): a blob over the size limit is not
// read and goes to the pipeline as oversized.
import { execFile, spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { planSourceReads, type OversizedSource, type SourceLimits } from '@kvmsim/analyze';
import { UsageError } from '../errors.js';

export interface GitRevision {
  /** What the user typed (`HEAD~1`). */
  readonly label: string;
  readonly sha: string;
}

export interface GitRange {
  readonly base: GitRevision;
  readonly head: GitRevision;
}

/** What was read of one revision. */
export interface RevisionFiles {
  /** The texts, by repository path. */
  readonly files: Map<string, string>;
  /** Wanted files not read, being over `limits.maxFileBytes`. */
  readonly oversized: readonly OversizedSource[];
}

function git(repo: string, args: readonly string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      'git',
      ['-C', repo, ...args],
      { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, GIT_PAGER: 'cat' } },
      (error, stdout, stderr) => {
        if (error === null) resolvePromise(stdout);
        else if ((error as NodeJS.ErrnoException).code === 'ENOENT')
          reject(new UsageError('git is not installed; it is needed to read revisions'));
        else reject(Object.assign(error, { stderr }));
      },
    );
  });
}

/** The repository's top directory; a clear error when `dir` is not in a git repository. */
export async function gitTopLevel(cwd: string, dir: string): Promise<string> {
  const path = resolve(cwd, dir);
  try {
    if (!(await stat(path)).isDirectory()) throw new Error('not a directory');
  } catch {
    throw new UsageError(`--repo ${dir}: no such directory`);
  }
  try {
    return (await git(path, ['rev-parse', '--show-toplevel'])).trim();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--repo ${dir}: not a git repository`);
  }
}

async function resolveCommit(repo: string, revision: string): Promise<GitRevision> {
  // A revision that looks like an option is refused before git sees it.
  if (revision === '' || revision.startsWith('-'))
    throw new UsageError(`"${revision}" is not a revision`);
  try {
    const sha = (
      await git(repo, [
        'rev-parse',
        '--verify',
        '--quiet',
        '--end-of-options',
        `${revision}^{commit}`,
      ])
    ).trim();
    return { label: revision, sha };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`unknown revision "${revision}" in ${repo}`);
  }
}

/**
 * `A..B` compares A with B; `A...B` compares the merge base of A and B with B
 * (what a pull request of B into A shows); a single revision `R` compares its
 * first parent with it.
 */
export async function resolveRange(repo: string, spec: string): Promise<GitRange> {
  const symmetric = spec.split('...');
  if (symmetric.length === 2) {
    const [left, right] = symmetric as [string, string];
    const a = await resolveCommit(repo, left || 'HEAD');
    const head = await resolveCommit(repo, right || 'HEAD');
    let sha: string;
    try {
      sha = (await git(repo, ['merge-base', a.sha, head.sha])).trim();
    } catch {
      throw new UsageError(`${spec}: ${a.label} and ${head.label} have no common ancestor`);
    }
    return { base: { label: `merge-base(${a.label}, ${head.label})`, sha }, head };
  }
  const parts = spec.split('..');
  if (parts.length === 2) {
    const [left, right] = parts as [string, string];
    return {
      base: await resolveCommit(repo, left || 'HEAD'),
      head: await resolveCommit(repo, right || 'HEAD'),
    };
  }
  if (parts.length === 1) {
    const head = await resolveCommit(repo, spec);
    const base = await resolveCommit(repo, `${spec}^`).catch(() => {
      throw new UsageError(`${spec} has no parent to compare with; give a range BASE..HEAD`);
    });
    return { base: { label: `${spec}^`, sha: base.sha }, head };
  }
  throw new UsageError(`"${spec}" is not a range; expected BASE..HEAD, BASE...HEAD or one commit`);
}

interface TreeEntry {
  readonly path: string;
  readonly object: string;
  readonly size: number;
}

/** Regular files of the revision whose path `wanted` accepts, with their blob ids and sizes. */
async function listTree(
  repo: string,
  sha: string,
  wanted: (path: string) => boolean,
  folders: readonly string[],
): Promise<TreeEntry[]> {
  // Only the folders the analysis names: a kernel tree has some 90,000 files.
  const pathspecs = folders.includes('') ? [] : ['--', ...folders];
  const out = await git(repo, ['ls-tree', '-r', '-l', '-z', '--full-tree', sha, ...pathspecs]);
  const entries: TreeEntry[] = [];
  for (const record of out.split('\0')) {
    // <mode> SP <type> SP <object> SP+ <size> TAB <path>
    const match = /^(\d+) (\w+) ([0-9a-f]+) +(-|\d+)\t(.*)$/s.exec(record);
    if (match === null) continue;
    const [, mode, type, object, size, path] = match as unknown as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (type !== 'blob' || !mode.startsWith('100') || !wanted(path)) continue;
    entries.push({ path, object, size: Number(size) });
  }
  return entries;
}

/** The blobs' contents, read in one `git cat-file --batch`. */
function readBlobs(repo: string, objects: readonly string[]): Promise<Buffer[]> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('git', ['-C', repo, 'cat-file', '--batch'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`git cat-file exited with ${code}: ${stderr.trim()}`));
        return;
      }
      const all = Buffer.concat(chunks);
      const blobs: Buffer[] = [];
      let offset = 0;
      for (const object of objects) {
        const newline = all.indexOf(0x0a, offset);
        const header = all.subarray(offset, newline).toString();
        const size = Number(header.split(' ')[2]);
        if (!header.startsWith(object) || !Number.isInteger(size)) {
          reject(new Error(`git cat-file: unexpected answer "${header}" for ${object}`));
          return;
        }
        blobs.push(all.subarray(newline + 1, newline + 1 + size));
        offset = newline + 1 + size + 1;
      }
      resolvePromise(blobs);
    });
    child.stdin.end(objects.map((object) => `${object}\n`).join(''));
  });
}

/**
 * The text of every file of `revision` under `folders` that `wanted` accepts,
 * within `limits`: a file over the size limit is left out (and listed), too
 * many files or bytes is a SourceLimitError.
 */
export async function readRevision(
  repo: string,
  revision: GitRevision,
  wanted: (path: string) => boolean,
  limits: SourceLimits,
  folders: readonly string[] = [''],
): Promise<RevisionFiles> {
  const listed = await listTree(repo, revision.sha, wanted, folders);
  const plan = planSourceReads(
    listed.map((entry) => ({ ...entry, bytes: entry.size })),
    limits,
    revision.label,
  );
  const blobs = await readBlobs(
    repo,
    plan.read.map((entry) => entry.object),
  );
  return {
    files: new Map(
      plan.read.map((entry, index) => [entry.path, (blobs[index] as Buffer).toString('utf8')]),
    ),
    oversized: plan.oversized,
  };
}

/** `{ serverUrl, owner, repo }` when the `origin` remote is on GitHub, so links in reports work. */
export async function githubRemote(
  repo: string,
): Promise<{ serverUrl: string; owner: string; repo: string } | undefined> {
  let url: string;
  try {
    url = (await git(repo, ['remote', 'get-url', 'origin'])).trim();
  } catch {
    return undefined;
  }
  const match =
    /^(?:https:\/\/github\.com\/|git@github\.com:|ssh:\/\/git@github\.com\/)([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(
      url,
    );
  return match === null
    ? undefined
    : { serverUrl: 'https://github.com', owner: match[1] as string, repo: match[2] as string };
}
