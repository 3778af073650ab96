// The files of one commit that the pipeline needs, read through the Git trees
// and blobs APIs. A kernel tree is too large for one recursive tree listing
// (GitHub truncates it), so only the folders the analysis set names are
// walked, one level per request. Trees and blobs are immutable and addressed
// by SHA: both are kept in LRU caches shared by every run, so a push that
// changes one file costs a handful of requests. The config's limits are
// applied as the CLI applies them (planSourceReads): a blob over the size
// limit is not fetched and goes to the pipeline as oversized.
import { LRUCache } from 'lru-cache';
import {
  DEFAULT_CONFIG,
  analysedFolders,
  isAnalysedPath,
  planSourceReads,
  type KvmsimConfig,
  type OversizedSource,
} from '@kvmsim/analyze';
import type { GitHubPort, TreeEntry } from '../github/github-port.js';

/** Trees by SHA, and blob texts by SHA up to a total size. */
export class GitObjectCache {
  readonly trees = new LRUCache<string, readonly TreeEntry[]>({ max: 2_000 });
  readonly blobs: LRUCache<string, string>;
  constructor(maxBlobBytes = 256 * 1024 * 1024) {
    this.blobs = new LRUCache<string, string>({
      maxSize: maxBlobBytes,
      sizeCalculation: (text) => Math.max(1, text.length),
    });
  }
}

async function tree(port: GitHubPort, cache: GitObjectCache, sha: string) {
  const known = cache.trees.get(sha);
  if (known !== undefined) return known;
  const entries = await port.getTree(sha);
  cache.trees.set(sha, entries);
  return entries;
}

/** Paths (with blob SHA and size) under the wanted folders of a commit. */
async function listFiles(
  port: GitHubPort,
  cache: GitObjectCache,
  commitSha: string,
  folders: readonly { readonly folder: string; readonly recursive: boolean }[],
): Promise<Map<string, TreeEntry>> {
  const out = new Map<string, TreeEntry>();
  const walk = async (sha: string, prefix: string, recursive: boolean): Promise<void> => {
    for (const entry of await tree(port, cache, sha)) {
      const path = `${prefix}${entry.path}`;
      if (entry.type === 'blob' && entry.mode.startsWith('100')) out.set(path, { ...entry, path });
      else if (entry.type === 'tree' && recursive) await walk(entry.sha, `${path}/`, true);
    }
  };
  for (const { folder, recursive } of folders) {
    let sha: string | undefined = commitSha;
    for (const segment of folder === '' ? [] : folder.split('/')) {
      const entries: readonly TreeEntry[] = await tree(port, cache, sha);
      sha = entries.find((entry) => entry.path === segment && entry.type === 'tree')?.sha;
      if (sha === undefined) break;
    }
    if (sha !== undefined) await walk(sha, folder === '' ? '' : `${folder}/`, recursive);
  }
  return out;
}

/** Reads blobs a few at a time, from the cache when it has them. */
async function readBlobs(
  port: GitHubPort,
  cache: GitObjectCache,
  entries: readonly TreeEntry[],
): Promise<string[]> {
  const texts: string[] = new Array<string>(entries.length);
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const index = next;
      next += 1;
      const entry = entries[index] as TreeEntry;
      let text = cache.blobs.get(entry.sha);
      if (text === undefined) {
        text = await port.getBlob(entry.sha);
        cache.blobs.set(entry.sha, text);
      }
      texts[index] = text;
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return texts;
}

/** What was read of one commit. */
export interface FetchedRevision {
  /** The texts, by repository path. */
  readonly files: Map<string, string>;
  /** Wanted files not fetched, being over `limits.maxFileBytes`. */
  readonly oversized: readonly OversizedSource[];
}

/**
 * The config file, the repository's scenario files and the analysis set of
 * `commitSha`, within the config's limits: a file over the size limit is
 * left out (and listed), too many files or bytes is a SourceLimitError.
 * With `config` undefined, only the config file is read, within the default
 * limits.
 */
export async function fetchRevision(
  port: GitHubPort,
  cache: GitObjectCache,
  commitSha: string,
  config: KvmsimConfig | undefined,
): Promise<FetchedRevision> {
  const folders =
    config === undefined ? [{ folder: '.github', recursive: false }] : analysedFolders(config);
  const listed = await listFiles(port, cache, commitSha, folders);
  const wanted = [...listed.values()].filter((entry) =>
    config === undefined ? entry.path === '.github/kvmsim.yml' : isAnalysedPath(entry.path, config),
  );
  const plan = planSourceReads(
    wanted.map((entry) => ({ ...entry, bytes: entry.size ?? 0 })),
    (config ?? DEFAULT_CONFIG).limits,
    commitSha.slice(0, 12),
  );
  const texts = await readBlobs(port, cache, plan.read);
  return {
    files: new Map(plan.read.map((entry, index) => [entry.path, texts[index] as string])),
    oversized: plan.oversized,
  };
}
