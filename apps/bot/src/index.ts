// @kvmsim/bot: the Probot app. index wires events to handlers; handlers live beside it.
export { PERMISSIONS, PULL_REQUEST_ACTIONS } from './decide/bot-event.js';
export type { BotEvent, Permission, Plan } from './decide/bot-event.js';
export { COMMAND_HELP, decide } from './decide/decide.js';
export { decideFiles } from './decide/decide-files.js';
export type { ChangedFile, FilesPlan } from './decide/decide-files.js';
export type { CheckRunUpdate, GitHubPort, IssueComment } from './github/github-port.js';
export { MemoryGitHub } from './github/memory-port.js';
export { findStickyComment, upsertStickyComment } from './github/sticky-comment.js';
export type { StickyResult } from './github/sticky-comment.js';
export { RunRegistry } from './runs/run-registry.js';
export type { RunToken } from './runs/run-registry.js';
export { narrowComment, narrowPullRequest, narrowRerequested } from './events/narrow-event.js';
