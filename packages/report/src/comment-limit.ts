// GitHub's limits on what a check run or a comment may carry.

/** Maximum characters of an issue or pull-request comment body. */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** Maximum annotations per check-run create or update request. */
export const CHECK_RUN_ANNOTATIONS_PER_REQUEST = 50;

/** Splits annotations into the batches the Checks API accepts. */
export function batchAnnotations<T>(annotations: readonly T[]): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < annotations.length; start += CHECK_RUN_ANNOTATIONS_PER_REQUEST) {
    batches.push(annotations.slice(start, start + CHECK_RUN_ANNOTATIONS_PER_REQUEST));
  }
  return batches;
}
