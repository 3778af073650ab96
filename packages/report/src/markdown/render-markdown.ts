// The pull-request comment: a one-line verdict first, the fixed / introduced /
// unchanged / undetermined counts, then each introduced finding with its
// explanation, a Mermaid sequence diagram of the trace and a collapsed step
// table; then the fixed, unchanged and undetermined findings as lists, the
// unverified WARNs collapsed, and a collapsed account of what was analysed.
// The comment stays under GitHub's limit by dropping detail from the end (and
// saying so), never by cutting Markdown in half.
import { renderPolicyCostsMarkdown } from '../policy/render-policy.js';
import { GITHUB_COMMENT_LIMIT } from '../comment-limit.js';
import { findingNotes, scenariosText } from '../model/finding-notes.js';
import type { Report, ReportFinding } from '../model/report.js';
import { renderSequenceDiagram } from '../trace/mermaid-sequence.js';
import { renderStepTable, type SourceLinkBase } from '../trace/step-table.js';
import { escapeMarkdown, inlineCode } from './escape.js';

/** Hidden marker that identifies kvmsim's one sticky comment on a pull request. */
export const COMMENT_MARKER = '<!-- kvmsim:report -->';

export interface MarkdownOptions {
  /** Maximum characters; default GitHub's comment limit. */
  readonly limit?: number;
}

const ICONS = { success: '✅', failure: '❌', neutral: '⚪' } as const;

function linkBase(report: Report, revision: 'base' | 'head'): SourceLinkBase | undefined {
  const sha = report[revision].sha;
  return report.repository === undefined || sha === undefined
    ? undefined
    : { ...report.repository, sha };
}

function findingTitle(finding: ReportFinding): string {
  const where = finding.functions[0] === undefined ? '' : ` in ${inlineCode(finding.functions[0])}`;
  const on = finding.path === undefined ? '' : ` on ${inlineCode(finding.path)}`;
  const notes = findingNotes(finding)
    .map((note) => ` · ${escapeMarkdown(note)}`)
    .join('');
  return `${inlineCode(finding.kind)}${on}${where} (${escapeMarkdown(scenariosText(finding))})${notes}`;
}

function renderDetailedFinding(report: Report, finding: ReportFinding): string {
  return [
    `#### ${findingTitle(finding)}`,
    '',
    escapeMarkdown(finding.message),
    finding.restsOnUnknown
      ? '\n> This trace takes a branch kvmsim could not model; check the condition by hand.'
      : '',
    '',
    '```mermaid',
    renderSequenceDiagram(finding.trace),
    '```',
    '',
    renderStepTable(
      finding.trace,
      linkBase(report, finding.revision),
      `Trace on ${finding.revision}: ${finding.trace.length} steps (id ${finding.id.replace(/[^\w-]/g, '')})`,
    ),
    '',
  ].join('\n');
}

/**
 * One finding in full (explanation, Mermaid trace, linked step table), for
 * `/kvmsim explain <id>`; undefined when the report has no finding with `id`.
 */
export function renderFindingMarkdown(report: Report, id: string): string | undefined {
  const { fixed, introduced, unchanged, undetermined } = report.findings;
  const statuses = [
    ['introduced', introduced],
    ['fixed', fixed],
    ['unchanged', unchanged],
    ['undetermined', undetermined],
    ['unverified', report.unverified],
  ] as const;
  for (const [status, findings] of statuses) {
    const finding = findings.find((candidate) => candidate.id === id);
    if (finding !== undefined)
      return `**${status}** on ${inlineCode(report[finding.revision].label)}\n\n${renderDetailedFinding(report, finding)}`;
  }
  return undefined;
}

function renderListItem(finding: ReportFinding): string {
  return `- ${findingTitle(finding)} ${inlineCode(finding.id)}`;
}

function renderHeader(report: Report): string {
  const { fixed, introduced, unchanged, undetermined } = report.findings;
  const total = Object.values(report.timings).length === 0 ? undefined : report.timings.total;
  const shortSha = (sha?: string) => (sha === undefined ? '' : ` ${inlineCode(sha.slice(0, 12))}`);
  return [
    COMMENT_MARKER,
    `### kvmsim ${ICONS[report.verdict.conclusion]} ${escapeMarkdown(report.verdict.summary)}`,
    '',
    `${inlineCode(report.base.label)}${shortSha(report.base.sha)} → ${inlineCode(report.head.label)}${shortSha(report.head.sha)} · ${report.scenarios.length} scenarios${total === undefined ? '' : ` · ${(total / 1000).toFixed(1)} s`}`,
    '',
    '| fixed | introduced | unchanged | undetermined | unverified WARNs |',
    '| ---: | ---: | ---: | ---: | ---: |',
    `| ${fixed.length} | ${introduced.length} | ${unchanged.length} | ${undetermined.length} | ${report.unverified.length} |`,
    '',
  ].join('\n');
}

function renderAnalysed(report: Report): string {
  const rows = report.scenarios.map((scenario) => {
    const run = (side: 'base' | 'head') => {
      const summary = scenario[side];
      if (summary === undefined) return '—';
      const status = summary.exhaustive
        ? 'exhaustive'
        : `**cut off** (${summary.stopReason ?? 'budget'})`;
      return `${summary.statesExplored} states, ${status}`;
    };
    const why = [scenario.reason, scenario.skipped ?? ''].filter((part) => part !== '').join('; ');
    return `| ${inlineCode(scenario.name)} | ${escapeMarkdown(why)} | ${run('base')} | ${run('head')} |`;
  });
  const changed = report.changedFunctions.changed.map(inlineCode).join(', ') || 'none';
  // Diagnostics about whole files (one too large to analyse) say what was not looked at.
  const files = report.diagnostics
    .filter((diagnostic) => diagnostic.function === undefined)
    .map((diagnostic) => `- ${diagnostic.revision}: ${escapeMarkdown(diagnostic.message)}`);
  return [
    '<details>',
    '<summary>What was analysed</summary>',
    '',
    `Changed functions: ${changed}`,
    '',
    ...(files.length === 0 ? [] : [...files, '']),
    '| scenario | why | base | head |',
    '| - | - | - | - |',
    ...rows,
    '',
    `${report.diagnostics.length} extractor diagnostics. kvmsim ${escapeMarkdown(report.tool.version)}.`,
    '',
    '</details>',
    '',
  ].join('\n');
}

/** The comment body, at most `limit` characters. */
export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const limit = options.limit ?? GITHUB_COMMENT_LIMIT;
  const header = renderHeader(report);
  const analysed = renderAnalysed(report);
  const sections: string[] = [];
  let used = header.length + analysed.length + 200;
  let omitted = 0;
  const add = (text: string): boolean => {
    if (used + text.length + 1 > limit) return false;
    sections.push(text);
    used += text.length + 1;
    return true;
  };
  const { introduced, fixed, unchanged, undetermined } = report.findings;
  if (introduced.length > 0) add('## Introduced by this change\n');
  for (const finding of introduced) {
    if (!add(renderDetailedFinding(report, finding)) && !add(renderListItem(finding))) omitted += 1;
  }
  const lists: [string, readonly ReportFinding[]][] = [
    ['## Fixed by this change', fixed],
    ['## Unchanged (pre-existing)', unchanged],
    ['## Undetermined: the other side was not explored completely', undetermined],
  ];
  for (const [title, findings] of lists) {
    if (findings.length === 0) continue;
    add(`${title}\n`);
    for (const finding of findings) if (!add(renderListItem(finding))) omitted += 1;
    add('');
  }
  if (report.unverified.length > 0) {
    const count = report.unverified.length;
    const summary = `${count} unverified WARN${count === 1 ? '' : 's'}: fired only after a branch kvmsim could not model, so not findings`;
    // One block or one line: a <details> is never left open.
    const block = `<details>\n<summary>${summary}</summary>\n\n${report.unverified.map(renderListItem).join('\n')}\n\n</details>\n`;
    if (!add(block)) add(`${summary} (listed in the JSON report).\n`);
  }
  if (report.policy !== undefined) add(renderPolicyCostsMarkdown(report.policy));
  const note =
    omitted === 0
      ? ''
      : `\n> ${omitted} more finding${omitted === 1 ? '' : 's'} did not fit in this comment; the check run and the JSON report list them all.\n`;
  return [header, ...sections, note, analysed].join('\n');
}
