// The policy study on the seed thread's policies, and every renderer of its
// report: an ABI change and a WARN that only a variant has must show, the
// Mermaid charts must parse with mermaid's own parser, the SVG must be XML.
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinWorkload, type Workload } from '@kvmsim/scenarios';
import { mermaidParse } from '../test-helpers/mermaid-parser.js';
import type { PolicyReport, PolicyRow } from './policy-report.js';
import {
  abiChanges,
  builtinPolicies,
  runPolicyStudy,
  studyConfigurations,
} from './policy-study.js';
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

const G = 2 ** 30;
let report: PolicyReport;

beforeAll(async () => {
  report = await runPolicyStudy({
    policies: builtinPolicies(),
    workloads: [builtinWorkload('chunk-size-after-use') as Workload],
    granules: ['4K', '64K'],
    chunkSizes: [G, 512 * 2 ** 20],
    toolVersion: 'test',
  });
}, 120_000);

const rowOf = (policy: string, granule: string): PolicyRow | undefined =>
  report.workloads[0]?.rows.find(
    (row) => row.policy === policy && row.configuration.granule === granule,
  );

describe('runPolicyStudy', () => {
  it('runs every policy on every configuration the granules support', () => {
    expect(report.configurations).toEqual([
      { granule: '4K', chunkSize: G },
      { granule: '64K', chunkSize: 512 * 2 ** 20 },
    ]);
    expect(report.workloads[0]?.rows).toHaveLength(4 * 2);
    expect(report.baseline).toBe('upstream');
  });

  it('finds the ABI change of refuse-chunk-change and nothing for the others', () => {
    const changes = report.workloads[0]?.abiChanges ?? [];
    expect(
      changes.map((change) => [change.policy, change.configuration.granule, change.result]),
    ).toEqual([
      ['refuse-chunk-change', '4K', '-22'],
      ['refuse-chunk-change', '64K', '-22'],
    ]);
    expect(changes[0]).toMatchObject({
      ioctl: 'KVM_ENABLE_CAP',
      label: 'KVM_ENABLE_CAP(ARM_EAGER_SPLIT_CHUNK_SIZE, 2M)',
      baseline: '0',
    });
  });

  it('shows the capacity WARN under keep-until-destroy only', () => {
    const kinds = (policy: string) => rowOf(policy, '4K')?.findings.map((finding) => finding.kind);
    expect(kinds('keep-until-destroy')).toContain('warn');
    expect(kinds('upstream')).not.toContain('warn');
    expect(kinds('refuse-chunk-change')).not.toContain('warn');
    expect(rowOf('keep-until-destroy', '4K')?.findings[0]?.at).toMatch(
      /^virt\/kvm\/kvm_main\.c|arch\/arm64\/kvm\/mmu\.c:\d+$/,
    );
  });

  it('holds the memory figures worked out by hand', () => {
    expect(rowOf('upstream', '4K')?.metrics.peakCachePages).toBe(513);
    expect(rowOf('two-pass-split', '4K')?.metrics.peakCachePages).toBe(1);
    expect(rowOf('upstream', '64K')?.metrics.peakCachePages).toBe(1);
    expect(rowOf('keep-until-destroy', '4K')?.metrics.idleCachePages).toBe(513);
  });

  it('puts the race explorer next to the memory figures', () => {
    const races = new Map(report.races?.map((entry) => [entry.policy, entry]));
    const kinds = (policy: string) =>
      new Set(races.get(policy)?.findings.map((finding) => finding.kind));
    // The thread's double free on the flush path is upstream's; the kept cache removes it.
    expect(kinds('upstream').has('double-free')).toBe(true);
    expect(
      [...(races.get('keep-until-destroy')?.findings ?? [])].some(
        (finding) => finding.scenario === 'memslot-commit-vs-flush',
      ),
    ).toBe(false);
  });

  it('refuses a study whose chunk sizes no granule has', async () => {
    await expect(
      runPolicyStudy({
        policies: builtinPolicies().slice(0, 1),
        granules: ['64K'],
        chunkSizes: [G],
        toolVersion: 'test',
      }),
    ).rejects.toThrow('no chunk size of the study is a block size of its granules');
  });
});

describe('abiChanges', () => {
  it('compares only rows of the same configuration, and is silent on equal results', () => {
    const base = rowOf('upstream', '4K') as PolicyRow;
    expect(abiChanges('w', [base, { ...base, policy: 'same' }], 'upstream')).toEqual([]);
    const other = {
      ...base,
      policy: 'x',
      configuration: { granule: '16K' as const, chunkSize: 1 },
    };
    expect(
      abiChanges(
        'w',
        [base, { ...other, ioctls: other.ioctls.map((i) => ({ ...i, result: '-1' })) }],
        'upstream',
      ),
    ).toEqual([]);
  });
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

  it('studies each granule with its block sizes above a page by default', () => {
    expect(
      studyConfigurations(['4K', '16K', '64K']).map((c) => `${c.granule}/${c.chunkSize}`),
    ).toEqual([`4K/${2 ** 21}`, `4K/${G}`, `16K/${2 ** 25}`, `64K/${2 ** 29}`]);
  });
});
