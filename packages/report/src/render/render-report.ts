// A Report in one of the formats kvmsim writes it in, chosen by name: the
// one place that maps a format to its renderer, so the CLI's `--format`, the
// app's comment and anything else that writes a report cannot drift apart.
// Each result is a whole document ending with one newline, ready to print
// or write to a file.
import { renderCheckRun, type ChangedLines } from '../check-run/render-check-run.js';
import { renderMarkdown } from '../markdown/render-markdown.js';
import type { Report } from '../model/report.js';
import { renderSarif } from '../sarif/render-sarif.js';
import { renderText } from '../text/render-text.js';
import { withFinalNewline } from './with-final-newline.js';

/**
 * The formats of a Report: `text` for a terminal, `markdown` the pull-request
 * comment, `json` the Report itself (see reportJsonSchema), `sarif` SARIF
 * 2.1.0 for code scanning, `check-run` the check run's output as JSON.
 */
export const REPORT_FORMATS = ['text', 'markdown', 'json', 'sarif', 'check-run'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface RenderReportOptions {
  /** `text`: ANSI colours. Default false. */
  readonly color?: boolean;
  /** `markdown`: at most this many characters. Default GitHub's comment limit. */
  readonly limit?: number;
  /**
   * `check-run`: the head's lines the pull request changed, by path;
   * annotations go on these only. Default none (no annotations).
   */
  readonly changedLines?: ChangedLines;
}

/** Whether `name` is a format of REPORT_FORMATS (for checking what a user typed). */
export function isReportFormat(name: string): name is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(name);
}

/** `report` as a document in `format`, ending with one newline. */
export function renderReport(
  report: Report,
  format: ReportFormat,
  options: RenderReportOptions = {},
): string {
  switch (format) {
    case 'text':
      return withFinalNewline(renderText(report, { color: options.color ?? false }));
    case 'markdown':
      return withFinalNewline(
        renderMarkdown(report, options.limit === undefined ? {} : { limit: options.limit }),
      );
    case 'json':
      return withFinalNewline(JSON.stringify(report, null, 2));
    case 'sarif':
      return withFinalNewline(JSON.stringify(renderSarif(report), null, 2));
    case 'check-run':
      return withFinalNewline(
        JSON.stringify(renderCheckRun(report, options.changedLines ?? new Map()), null, 2),
      );
  }
}
