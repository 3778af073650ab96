// @kvmsim/bot: the Probot app (app.ts wires events to handlers over the pure core).
export { kvmsimApp } from './app.js';
export type { KvmsimAppOptions } from './app.js';
export { analysePullRequest, CHECK_NAME } from './analysis/analyse-pull-request.js';
export type { AnalysisContext, AnalysisOutcome } from './analysis/analyse-pull-request.js';
export { GitObjectCache, fetchRevision } from './sources/fetch-revision.js';
export type { FetchedRevision } from './sources/fetch-revision.js';
export { OctokitPort } from './github/octokit-port.js';
export { MemoryRepository } from './github/memory-repository.js';
export { PERMISSIONS, PULL_REQUEST_ACTIONS } from './decide/bot-event.js';
export type { BotEvent, Permission, Plan } from './decide/bot-event.js';
export { COMMAND_HELP, decide } from './decide/decide.js';
export { decideFiles } from './decide/decide-files.js';
export type { ChangedFile, FilesPlan } from './decide/decide-files.js';
export type {
  CheckRunUpdate,
  GitHubPort,
  IssueComment,
  PullFile,
  PullRequestInfo,
  TreeEntry,
} from './github/github-port.js';
export { MemoryGitHub } from './github/memory-port.js';
export { findStickyComment, upsertStickyComment } from './github/sticky-comment.js';
export type { StickyResult } from './github/sticky-comment.js';
export { RunRegistry } from './runs/run-registry.js';
export type { RunToken } from './runs/run-registry.js';
export { narrowComment, narrowPullRequest, narrowRerequested } from './events/narrow-event.js';
