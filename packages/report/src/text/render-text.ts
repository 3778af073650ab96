// The terminal report: the verdict, the counts, and each introduced or fixed
// finding with its trace drawn as ASCII lanes, one column per thread. Colour
// is the caller's decision (the CLI turns it off for NO_COLOR and pipes), so
// this stays a pure function of the report.
import { renderPolicyText } from '../policy/render-policy.js';
import { countsText, findingNotes, scenariosText } from '../model/finding-notes.js';
import type { Report, ReportFinding } from '../model/report.js';
import type { TraceStepView } from '../trace/trace-view.js';

export interface TextOptions {
  /** ANSI colours. Default false. */
  readonly color?: boolean;
  /** Width of one lane in the trace diagram. Default 38. */
  readonly laneWidth?: number;
}

const CODES = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1 } as const;
type Style = keyof typeof CODES;

function painter(enabled: boolean) {
  return (style: Style, text: string) => (enabled ? `\x1b[${CODES[style]}m${text}\x1b[0m` : text);
}

/** Removes control characters so analysed names cannot move the cursor or recolour the terminal. */
export function sanitizeTerminal(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x1f\x7f-\x9f]/g, ' ');
}

function fit(text: string, width: number): string {
  const clean = sanitizeTerminal(text);
  return clean.length > width ? `${clean.slice(0, width - 1)}…` : clean.padEnd(width);
}

/** The trace as lanes: a header row of thread names, then one row per step. */
export function renderLanes(steps: readonly TraceStepView[], laneWidth = 38): string {
  const threads = [...new Set(steps.map((step) => step.thread))];
  const header = threads.map((thread) => fit(thread, laneWidth)).join(' | ');
  const rule = threads.map(() => '-'.repeat(laneWidth)).join('-+-');
  const rows = steps.map((step, index) => {
    const cells = threads.map((thread) =>
      thread === step.thread ? fit(step.text, laneWidth) : ' '.repeat(laneWidth),
    );
    const where = `${step.loc.file}:${step.loc.line}`;
    return `${String(index + 1).padStart(3)}  ${cells.join(' | ')}  ${sanitizeTerminal(where)}`;
  });
  return [`     ${header}`, `     ${rule}`, ...rows].join('\n');
}

/** A finding's first line: its status, kind, message, and what it rests on. */
function firstLine(finding: ReportFinding, status: string, paint: ReturnType<typeof painter>) {
  const colour: Style = status === 'introduced' ? 'red' : status === 'fixed' ? 'green' : 'yellow';
  const notes = findingNotes(finding).map((note) => ` [${sanitizeTerminal(note)}]`);
  return `${paint(colour, `${status}:`)} ${paint('bold', finding.kind)} ${sanitizeTerminal(finding.message)}${notes.join('')}`;
}

function renderFinding(finding: ReportFinding, status: string, options: TextOptions): string[] {
  const paint = painter(options.color ?? false);
  return [
    firstLine(finding, status, paint),
    paint(
      'dim',
      `  ${sanitizeTerminal(scenariosText(finding))}, id ${sanitizeTerminal(finding.id)}, trace on ${finding.revision}${finding.scenarios.length > 1 ? ` (from ${sanitizeTerminal(finding.scenario)})` : ''}`,
    ),
    renderLanes(finding.trace, options.laneWidth),
    '',
  ];
}

/** A finding listed on one line, with its id. */
function listed(finding: ReportFinding, status: string, options: TextOptions): string {
  return `${firstLine(finding, status, painter(options.color ?? false))} (${sanitizeTerminal(finding.id)})`;
}

/** Which scenarios were cut off or not run, for the counts line. */
function incomplete(report: Report): string {
  const cut = report.scenarios.filter((scenario) => !scenario.complete);
  return cut.length === 0
    ? ''
    : ` (not complete: ${cut.map((scenario) => sanitizeTerminal(scenario.name)).join(', ')})`;
}

export function renderText(report: Report, options: TextOptions = {}): string {
  const paint = painter(options.color ?? false);
  const { introduced, fixed, unchanged, undetermined } = report.findings;
  const verdictColour: Style =
    report.verdict.conclusion === 'failure'
      ? 'red'
      : report.verdict.conclusion === 'success'
        ? 'green'
        : 'yellow';
  return [
    `${paint('bold', 'kvmsim')} ${paint(verdictColour, sanitizeTerminal(report.verdict.summary))}`,
    `${sanitizeTerminal(report.base.label)} -> ${sanitizeTerminal(report.head.label)}: ${countsText(report.findings)}; ${report.scenarios.length} scenarios${incomplete(report)}`,
    // Diagnostics about whole files (one too large to analyse) say what was not looked at.
    ...report.diagnostics
      .filter((diagnostic) => diagnostic.function === undefined)
      .map((diagnostic) =>
        paint('yellow', `${diagnostic.revision}: ${sanitizeTerminal(diagnostic.message)}`),
      ),
    '',
    ...introduced.flatMap((finding) => renderFinding(finding, 'introduced', options)),
    ...fixed.flatMap((finding) => renderFinding(finding, 'fixed', options)),
    ...unchanged.map((finding) => listed(finding, 'unchanged', options)),
    ...undetermined.map((finding) => listed(finding, 'undetermined', options)),
    ...(report.unverified.length === 0
      ? []
      : [
          paint(
            'dim',
            `${report.unverified.length} unverified WARN${report.unverified.length === 1 ? '' : 's'} (fired only after an unmodelled branch; not findings): ${report.unverified.map((finding) => sanitizeTerminal(finding.functions[0] ?? finding.id)).join(', ')}`,
          ),
        ]),
    '',
    ...(report.policy === undefined
      ? []
      : [
          `what it costs (${sanitizeTerminal(report.policy.reason ?? 'workloads on base and head')}):`,
          ...renderPolicyText(report.policy).split('\n').map(sanitizeTerminal),
        ]),
  ].join('\n');
}
