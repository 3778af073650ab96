// The GitHub check run's output: title, summary, text and annotations. The
// bot sends the annotations 50 per request (batchAnnotations). Annotations go
// only on lines the pull request changed in the head, because GitHub shows
// annotations elsewhere out of context and a maintainer reads them as noise.
import { countsText, findingNotes, scenariosText } from '../model/finding-notes.js';
import type { Report, ReportFinding } from '../model/report.js';

/** Lines of the head that the pull request added or modified, per path. */
export type ChangedLines = ReadonlyMap<string, ReadonlySet<number>>;

export const ANNOTATION_LEVELS = ['notice', 'warning', 'failure'] as const;
export type AnnotationLevel = (typeof ANNOTATION_LEVELS)[number];

/** The Checks API annotation object. */
export interface CheckAnnotation {
  readonly path: string;
  readonly start_line: number;
  readonly end_line: number;
  readonly annotation_level: AnnotationLevel;
  readonly title: string;
  readonly message: string;
  readonly raw_details?: string;
}

export interface CheckRunOutput {
  readonly title: string;
  readonly summary: string;
  readonly text: string;
  readonly annotations: readonly CheckAnnotation[];
}

/** GitHub's limit on each of summary and text. */
const OUTPUT_TEXT_LIMIT = 65_535;

function traceText(finding: ReportFinding): string {
  return finding.trace
    .map(
      (step, index) =>
        `${index + 1}. [${step.thread}] ${step.text} (${step.function}, ${step.loc.file}:${step.loc.line})`,
    )
    .join('\n');
}

function annotate(
  finding: ReportFinding,
  level: AnnotationLevel,
  changedLines: ChangedLines,
): CheckAnnotation[] {
  const seen = new Set<string>();
  const annotations: CheckAnnotation[] = [];
  for (const step of [...finding.locations, ...finding.trace.map((s) => s.loc)]) {
    const key = `${step.file}:${step.line}`;
    if (seen.has(key) || changedLines.get(step.file)?.has(step.line) !== true) continue;
    seen.add(key);
    annotations.push({
      path: step.file,
      start_line: step.line,
      end_line: step.line,
      annotation_level: level,
      title: `kvmsim: ${finding.kind} (${scenariosText(finding)})`.slice(0, 255),
      message: [...findingNotes(finding), finding.message].join(': ').slice(0, 64_000),
      raw_details: traceText(finding).slice(0, 64_000),
    });
  }
  return annotations;
}

export function renderCheckRun(report: Report, changedLines: ChangedLines): CheckRunOutput {
  const { introduced, fixed, unchanged, undetermined } = report.findings;
  const cut = report.scenarios.filter((scenario) => !scenario.complete);
  const summary = [
    `**${report.verdict.summary}**`,
    '',
    `${countsText(report.findings)}; ${report.unverified.length} unverified WARNs`,
    '',
    `${report.scenarios.length} scenarios; ${report.base.label} → ${report.head.label}.`,
    ...(cut.length === 0
      ? []
      : [
          '',
          `Not complete: ${cut.map((scenario) => `${scenario.name} (${[scenario.base, scenario.head].some((run) => run !== undefined && !run.exhaustive) ? 'cut off' : 'not run'})`).join(', ')}.`,
        ]),
  ].join('\n');
  const statuses = [
    ['introduced', introduced],
    ['fixed', fixed],
    ['undetermined', undetermined],
  ] as const;
  const text = statuses
    .flatMap(([status, findings]) =>
      findings.map((finding) => {
        const notes = findingNotes(finding).map((note) => ` [${note}]`);
        return `### ${status}: ${finding.kind} (${finding.id})${notes.join('')}\n\n${finding.message} (${scenariosText(finding)})\n\n${traceText(finding)}\n`;
      }),
    )
    .join('\n');
  return {
    title: report.verdict.summary.slice(0, 255),
    summary: summary.slice(0, OUTPUT_TEXT_LIMIT),
    text: text.slice(0, OUTPUT_TEXT_LIMIT),
    annotations: [
      ...introduced.flatMap((finding) => annotate(finding, 'failure', changedLines)),
      ...unchanged.flatMap((finding) => annotate(finding, 'notice', changedLines)),
    ],
  };
}

/** Changed head lines from a unified diff of the pull request (the `+` side). */
export function changedLinesFromPatch(path: string, patch: string): ChangedLines {
  const lines = new Set<number>();
  let line = 0;
  for (const row of patch.split('\n')) {
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(row);
    if (hunk !== null) {
      line = Number(hunk[1]);
      continue;
    }
    if (line === 0 || row.startsWith('\\')) continue;
    if (row.startsWith('+')) {
      lines.add(line);
      line += 1;
    } else if (!row.startsWith('-')) {
      line += 1;
    }
  }
  return new Map([[path, lines]]);
}
