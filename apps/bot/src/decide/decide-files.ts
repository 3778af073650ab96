// Second decision, once the pull request's changed files are listed: analyse,
// post a neutral check, or stay silent. A PR that touches no configured path
// gets no comment at all, and a neutral check only if the repository asked.
import { matchingPaths, type KvmsimConfig } from '@kvmsim/analyze';

export interface ChangedFile {
  readonly filename: string;
  /** `added`, `removed`, `modified`, `renamed`, ... as the Pulls API says. */
  readonly status: string;
}

export type FilesPlan =
  | { readonly kind: 'analyse'; readonly matched: readonly string[] }
  | { readonly kind: 'neutral'; readonly reason: string }
  | { readonly kind: 'silent'; readonly reason: string };

export function decideFiles(files: readonly ChangedFile[], config: KvmsimConfig): FilesPlan {
  if (files.length > config.limits.maxFiles) {
    return {
      kind: 'neutral',
      reason: `the pull request changes ${files.length} files, more than the limit of ${config.limits.maxFiles} (limits.maxFiles)`,
    };
  }
  const matched = matchingPaths(
    files.map((file) => file.filename),
    config.paths,
  );
  if (matched.length > 0) return { kind: 'analyse', matched };
  const reason = `no changed file matches ${config.paths.join(', ')}`;
  return config.neutralCheckWhenIrrelevant
    ? { kind: 'neutral', reason }
    : { kind: 'silent', reason };
}
