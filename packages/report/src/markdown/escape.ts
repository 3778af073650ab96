// Escaping of user-controlled text (function names, paths, config values) for
// GitHub-flavoured Markdown, so that a pull request cannot inject markup,
// mentions, links or HTML into the comment kvmsim posts.

const MAX_IDENTIFIER = 200;
const ZERO_WIDTH_SPACE = '\u200b';

/** Shortens text past `limit` characters, saying so with an ellipsis. */
export function truncateText(text: string, limit = MAX_IDENTIFIER): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

/**
 * Text as an inline code span: nothing inside is interpreted (no links, no
 * mentions, no HTML). The fence is one backtick longer than the longest run
 * inside; `|` is escaped so that the span can sit in a table cell.
 */
export function inlineCode(text: string): string {
  const flat = truncateText(text.replace(/[\r\n]+/g, ' ')).replace(/\|/g, '\\|');
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat.trim() === '' ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/**
 * Text as plain Markdown prose: every character with a Markdown meaning is
 * backslash-escaped, HTML is entity-encoded, and `@` is broken with a
 * zero-width space so that no mention or team ping is ever triggered.
 */
export function escapeMarkdown(text: string): string {
  return truncateText(text.replace(/[\r\n]+/g, ' '), 1000)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]()#+\-.!|~]/g, (character) => `\\${character}`)
    .replace(/@/g, `@${ZERO_WIDTH_SPACE}`)
    .replace(/:\/\//g, `:${ZERO_WIDTH_SPACE}//`);
}
