// Every renderer of a policy study's report, on the study of the seed
// thread's policies (__fixtures__/seed/policies.policy-report.json, kept equal
// to what @kvmsim/analyze's runPolicyStudy produces): an ABI change and a WARN
// that only a variant has must show, the Mermaid charts must parse with
// mermaid's own parser, the SVG must be XML.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mermaidParse } from '../test-helpers/mermaid-parser.js';
import type { PolicyReport } from './policy-report.js';
import {
  bucketed,
  humanBytes,
  policyChart,
  renderPolicyHtml,
  renderPolicyMarkdown,
  renderPolicyText,
  renderSvgChart,
} from './render-policy.js';
import { renderXyChart } from '../markdown/mermaid-xychart.js';

let report: PolicyReport;

beforeAll(() => {
  const file = new URL('../__fixtures__/seed/policies.policy-report.json', import.meta.url);
  report = JSON.parse(readFileSync(file, 'utf8')) as PolicyReport;
});

describe('the renderers', () => {
  it('Markdown: a table per workload with differences, the ABI change, a chart mermaid parses', async () => {
    const markdown = renderPolicyMarkdown(report);
    expect(markdown).toContain('### `chunk-size-after-use`');
    expect(markdown).toContain(
      '| `keep-until-destroy` | 4K pages, 1G chunks | 2.0 MiB | 2.0 MiB (+2.0 MiB) |',
    );
    expect(markdown).toContain(
      '`KVM_ENABLE_CAP(ARM_EAGER_SPLIT_CHUNK_SIZE, 2M)` returns `-22` under `refuse-chunk-change` (`0` before), 4K pages, 1G chunks',
    );
    const charts = [...markdown.matchAll(/```mermaid\n([\s\S]*?)```/g)].map(
      (match) => match[1] ?? '',
    );
    expect(charts).toHaveLength(1);
    for (const chart of charts) await expect(mermaidParse(chart)).resolves.toBeTruthy();
    await expect(mermaidParse(charts[0]?.replace('line [', 'line ((') ?? '')).rejects.toThrow();
  }, 60_000);

  it('text: aligned columns and the ABI change', () => {
    const text = renderPolicyText(report);
    expect(text).toMatch(/^upstream\s+4K pages, 1G chunks\s+2\.0 MiB\s+0\s/m);
    expect(text).toContain('ABI change: KVM_ENABLE_CAP');
  });

  it('HTML: escaped tables and SVG charts that are well-formed XML', async () => {
    const html = renderPolicyHtml(report);
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    const { Window } = await import('happy-dom');
    const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>') + 6);
    const parsed = new new Window().DOMParser().parseFromString(svg, 'image/svg+xml');
    expect(parsed.querySelector('parsererror')).toBeNull();
    expect(parsed.querySelectorAll('polyline')).toHaveLength(4);
    const hostile = renderSvgChart({
      title: '<script>alert(1)</script>',
      steps: ['1'],
      yLabel: 'KiB',
      series: [{ name: 'a&b', values: [1] }],
    });
    expect(hostile).not.toContain('<script>');
    expect(hostile).toContain('a&amp;b');
  });

  it('charts the configuration whose policies differ most, bucketed to at most 40 points', () => {
    const chart = policyChart(report.workloads[0] as never);
    expect(chart?.title).toContain('4K pages, 1G chunks');
    const { steps, values } = bucketed(
      Array.from({ length: 1000 }, (_, index) => String(index)),
      [Array.from({ length: 1000 }, (_, index) => index)],
    );
    expect(steps).toHaveLength(40);
    expect(steps[0]).toBe('1-25');
    expect(values[0]?.[0]).toBe(24); // the most of its bucket
    expect(
      renderXyChart({
        title: 't',
        steps,
        yLabel: 'KiB',
        series: [{ name: 'a', values: values[0] ?? [] }],
      }),
    ).toContain('x-axis');
  });

  it('bytes as people read them', () => {
    expect(humanBytes(0)).toBe('0');
    expect(humanBytes(4096)).toBe('4 KiB');
    expect(humanBytes(2105352)).toBe('2.0 MiB');
  });
});
