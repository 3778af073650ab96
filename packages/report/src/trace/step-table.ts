// A trace as a Markdown table inside a collapsed <details> block: step,
// thread, what happened, where (a link to the exact line at the analysed
// commit), and the locks held after the step.
import { inlineCode } from '../markdown/escape.js';
import type { TraceLocation, TraceStepView } from './trace-view.js';

/** Where source links point: a GitHub repository at one commit. */
export interface SourceLinkBase {
  /** e.g. `https://github.com` (GitHub Enterprise has its own). */
  readonly serverUrl: string;
  readonly owner: string;
  readonly repo: string;
  /** Full commit SHA of the revision the trace ran on. */
  readonly sha: string;
}

const SAFE_NAME = /^[A-Za-z0-9._-]+$/;

/**
 * `blob/<sha>/<path>#L<line>` for a location, or undefined when any part would
 * not make a trustworthy link (names with odd characters, a non-hex SHA, a path
 * that climbs out of the repository).
 */
export function sourceLink(base: SourceLinkBase, loc: TraceLocation): string | undefined {
  if (!SAFE_NAME.test(base.owner) || !SAFE_NAME.test(base.repo)) return undefined;
  if (!/^[0-9a-f]{7,64}$/i.test(base.sha)) return undefined;
  if (!/^https:\/\/[A-Za-z0-9.-]+(:\d+)?$/.test(base.serverUrl)) return undefined;
  const segments = loc.file.split('/');
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    return undefined;
  }
  const path = segments.map(encodeURIComponent).join('/');
  return `${base.serverUrl}/${base.owner}/${base.repo}/blob/${base.sha}/${path}#L${loc.line}`;
}

export function renderStepTable(
  steps: readonly TraceStepView[],
  links?: SourceLinkBase,
  summary = `Trace: ${steps.length} steps`,
): string {
  const rows = steps.map((step, index) => {
    const where = `${step.loc.file}:${step.loc.line}`;
    const link = links === undefined ? undefined : sourceLink(links, step.loc);
    const whereCell = link === undefined ? inlineCode(where) : `[${inlineCode(where)}](${link})`;
    const held = step.locksHeld.length === 0 ? '—' : step.locksHeld.map(inlineCode).join(' ');
    return `| ${index + 1} | ${inlineCode(step.thread)} | ${inlineCode(step.text)} in ${inlineCode(step.function)} | ${whereCell} | ${held} |`;
  });
  return [
    '<details>',
    `<summary>${summary.replace(/[<>&]/g, '')}</summary>`,
    '',
    '| # | thread | step | where | locks held after |',
    '| - | - | - | - | - |',
    ...rows,
    '',
    '</details>',
  ].join('\n');
}
