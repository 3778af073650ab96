// @kvmsim/report: verdicts and renderers. Public API, exported by name.
export {
  CHECK_RUN_ANNOTATIONS_PER_REQUEST,
  GITHUB_COMMENT_LIMIT,
  batchAnnotations,
} from './comment-limit.js';
