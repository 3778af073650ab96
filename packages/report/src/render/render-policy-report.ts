// A PolicyReport in one of the formats a policy study is written in, chosen
// by name, as renderReport does for a Report. Each result is a whole
// document ending with one newline.
import type { PolicyReport } from '../policy/policy-report.js';
import {
  renderPolicyHtml,
  renderPolicyMarkdown,
  renderPolicyText,
} from '../policy/render-policy.js';
import { withFinalNewline } from './with-final-newline.js';

/**
 * The formats of a PolicyReport: `text` aligned tables, `markdown` with
 * Mermaid charts, `json` the PolicyReport itself, `html` with SVG charts.
 */
export const POLICY_REPORT_FORMATS = ['text', 'markdown', 'json', 'html'] as const;
export type PolicyReportFormat = (typeof POLICY_REPORT_FORMATS)[number];

/** Whether `name` is a format of POLICY_REPORT_FORMATS. */
export function isPolicyReportFormat(name: string): name is PolicyReportFormat {
  return (POLICY_REPORT_FORMATS as readonly string[]).includes(name);
}

/** `report` as a document in `format`, ending with one newline. */
export function renderPolicyReport(report: PolicyReport, format: PolicyReportFormat): string {
  switch (format) {
    case 'text':
      return withFinalNewline(renderPolicyText(report));
    case 'markdown':
      return withFinalNewline(renderPolicyMarkdown(report));
    case 'json':
      return withFinalNewline(JSON.stringify(report, null, 2));
    case 'html':
      return withFinalNewline(renderPolicyHtml(report));
  }
}
