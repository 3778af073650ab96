// renderReport and renderPolicyReport choose the renderer by format name and
// add nothing else: each format is its renderer's document, ending with one
// newline.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderCheckRun } from '../check-run/render-check-run.js';
import { renderMarkdown } from '../markdown/render-markdown.js';
import { parseReport } from '../model/report-schema.js';
import type { PolicyReport } from '../policy/policy-report.js';
import {
  renderPolicyHtml,
  renderPolicyMarkdown,
  renderPolicyText,
} from '../policy/render-policy.js';
import { renderSarif } from '../sarif/render-sarif.js';
import { renderText } from '../text/render-text.js';
import {
  POLICY_REPORT_FORMATS,
  isPolicyReportFormat,
  renderPolicyReport,
} from './render-policy-report.js';
import { REPORT_FORMATS, isReportFormat, renderReport } from './render-report.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../__fixtures__/seed/${name}`, import.meta.url), 'utf8'));
const report = parseReport(fixture('patch1.report.json'));
const policy = fixture('policies.policy-report.json') as PolicyReport;

describe('renderReport', () => {
  it('renders each format with its renderer', () => {
    expect(renderReport(report, 'text')).toBe(renderText(report));
    expect(renderReport(report, 'text', { color: true })).toBe(renderText(report, { color: true }));
    expect(renderReport(report, 'markdown')).toBe(renderMarkdown(report));
    expect(renderReport(report, 'markdown', { limit: 5_000 })).toBe(
      renderMarkdown(report, { limit: 5_000 }),
    );
    expect(parseReport(JSON.parse(renderReport(report, 'json')))).toEqual(report);
    expect(JSON.parse(renderReport(report, 'sarif'))).toEqual(renderSarif(report));
    const changed = new Map([['arch/arm64/kvm/mmu.c', new Set([1, 2, 3])]]);
    expect(JSON.parse(renderReport(report, 'check-run', { changedLines: changed }))).toEqual(
      renderCheckRun(report, changed),
    );
    expect(JSON.parse(renderReport(report, 'check-run'))).toMatchObject({ annotations: [] });
  });

  it.each(REPORT_FORMATS)('%s ends with exactly one newline', (format) => {
    expect(renderReport(report, format)).toMatch(/[^\n]\n$/);
  });

  it('knows its formats', () => {
    expect(REPORT_FORMATS).toEqual(['text', 'markdown', 'json', 'sarif', 'check-run']);
    expect(isReportFormat('sarif')).toBe(true);
    expect(isReportFormat('md')).toBe(false);
    expect(isReportFormat('html')).toBe(false);
  });
});

describe('renderPolicyReport', () => {
  it('renders each format with its renderer', () => {
    expect(renderPolicyReport(policy, 'text')).toBe(renderPolicyText(policy));
    expect(renderPolicyReport(policy, 'markdown')).toBe(renderPolicyMarkdown(policy));
    expect(renderPolicyReport(policy, 'html')).toBe(renderPolicyHtml(policy));
    expect(JSON.parse(renderPolicyReport(policy, 'json'))).toEqual(policy);
  });

  it.each(POLICY_REPORT_FORMATS)('%s ends with exactly one newline', (format) => {
    expect(renderPolicyReport(policy, format)).toMatch(/[^\n]\n$/);
  });

  it('knows its formats', () => {
    expect(isPolicyReportFormat('html')).toBe(true);
    expect(isPolicyReportFormat('sarif')).toBe(false);
  });
});
