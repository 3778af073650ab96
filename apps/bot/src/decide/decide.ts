// decide(event, config) -> Plan: whether and how the app acts on one event.
// Slash commands are honoured only from users with write access, so that
// anyone can read kvmsim's results but nobody outside the project can make
// the app spend minutes of CPU on their behalf.
import type { KvmsimConfig } from '@kvmsim/analyze';
import { PULL_REQUEST_ACTIONS, type BotEvent, type Permission, type Plan } from './bot-event.js';

const WRITERS: ReadonlySet<Permission> = new Set(['admin', 'maintain', 'write']);
const COMMAND = /^\/kvmsim(?:\s+(\S+))?(?:\s+(\S+))?\s*$/m;
const FINDING_ID = /^[a-z-]+-[0-9a-f]{8}$/;

export const COMMAND_HELP =
  'kvmsim commands: `/kvmsim rerun`, `/kvmsim explain <finding-id>`, `/kvmsim scenarios`.';

export function decide(event: BotEvent, config: KvmsimConfig): Plan {
  switch (event.kind) {
    case 'pull_request': {
      if (!(PULL_REQUEST_ACTIONS as readonly string[]).includes(event.action)) {
        return { kind: 'ignore', reason: `pull_request.${event.action} is not analysed` };
      }
      if (event.draft && config.drafts === 'skip') {
        return { kind: 'ignore', reason: 'draft pull requests are skipped (drafts: skip)' };
      }
      return {
        kind: 'analyse',
        number: event.number,
        headSha: event.headSha,
        trigger: `pull_request.${event.action}`,
      };
    }
    case 'rerequested':
      return event.number === undefined
        ? { kind: 'ignore', reason: 'the re-requested check belongs to no pull request' }
        : { kind: 'analyse', number: event.number, headSha: event.headSha, trigger: 'rerequested' };
    case 'comment':
      return decideComment(event);
  }
}

function decideComment(event: Extract<BotEvent, { kind: 'comment' }>): Plan {
  if (!event.isPullRequest) return { kind: 'ignore', reason: 'comment on an issue' };
  if (event.authorIsBot) return { kind: 'ignore', reason: 'comment by a bot' };
  const match = COMMAND.exec(event.body);
  if (match === null) return { kind: 'ignore', reason: 'no /kvmsim command' };
  if (!WRITERS.has(event.permission)) {
    return {
      kind: 'ignore',
      reason: `${event.author} has ${event.permission} access; commands need write`,
    };
  }
  const [, verb, argument] = match;
  switch (verb) {
    case 'rerun':
      return { kind: 'analyse', number: event.number, headSha: undefined, trigger: 'command' };
    case 'scenarios':
      return { kind: 'list-scenarios', number: event.number };
    case 'explain':
      return argument !== undefined && FINDING_ID.test(argument)
        ? { kind: 'explain', number: event.number, findingId: argument }
        : {
            kind: 'reply',
            number: event.number,
            body: `\`/kvmsim explain\` needs a finding id such as \`double-free-3f9a1c2e\`. ${COMMAND_HELP}`,
          };
    default:
      return { kind: 'reply', number: event.number, body: COMMAND_HELP };
  }
}
