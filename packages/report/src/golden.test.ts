// Golden files of every renderer on reports the pipeline produced from the
// seed example (upstream as base, a variant of the thread as head), not on
// hand-made objects: the reports are __fixtures__/seed/<variant>.report.json,
// which @kvmsim/analyze's seed-reports test keeps equal to what its pipeline
// produces. The goldens live in src/__golden__/ so a reviewer reads the
// Markdown as GitHub would show it. On top of the snapshots: every Mermaid
// block parses with mermaid's own parser (happy-dom stands in for the browser
// its sanitiser needs, see test-helpers), every link points at a line that
// holds the step's code, the SARIF validates, annotations sit on changed
// lines only.
import { readFileSync } from 'node:fs';
import { structuredPatch } from 'diff';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  GRANULES,
  formatSize,
  legalChunkSizes,
  splitCacheFigures,
  stage2Geometry,
} from '@kvmsim/mmu-model';
import { seedTree } from '@kvmsim/scenarios';
import { changedLinesFromPatch, renderCheckRun } from './check-run/render-check-run.js';
import { renderMarkdown } from './markdown/render-markdown.js';
import { renderXyChart } from './markdown/mermaid-xychart.js';
import type { Report } from './model/report.js';
import { parseReport } from './model/report-schema.js';
import { renderSarif } from './sarif/render-sarif.js';
import { mermaidParse } from './test-helpers/mermaid-parser.js';
import { compileSarifValidator } from './test-helpers/sarif-validator.js';
import { renderText } from './text/render-text.js';

const BASE_SHA = '1111111111111111111111111111111111111111';
const HEAD_SHA = '2222222222222222222222222222222222222222';
const VARIANTS = ['patch1', 'patch1-fixup', 'naive-self-deadlock'] as const;
const reports = new Map<string, Report>();

/** The pipeline's report on upstream -> `variant`, as @kvmsim/analyze wrote it. */
function seedReport(variant: string): Report {
  const file = new URL(`__fixtures__/seed/${variant}.report.json`, import.meta.url);
  return parseReport(JSON.parse(readFileSync(file, 'utf8')));
}

/** What GitHub's "list pull request files" gives: a patch per changed file. */
function changedLines(variant: string) {
  const base = seedTree('upstream');
  const head = seedTree(variant);
  const lines = new Map<string, ReadonlySet<number>>();
  for (const [path, text] of head) {
    const before = base.get(path) ?? '';
    if (before === text) continue;
    const patch = structuredPatch(path, path, before, text, '', '', { context: 3 });
    const unified = patch.hunks
      .map(
        (hunk) =>
          `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@\n${hunk.lines.join('\n')}`,
      )
      .join('\n');
    for (const [file, set] of changedLinesFromPatch(path, unified)) lines.set(file, set);
  }
  return lines;
}

beforeAll(() => {
  for (const variant of VARIANTS) reports.set(variant, seedReport(variant));
});

describe.each(VARIANTS)('golden renderings of upstream -> %s', (variant) => {
  const report = () => reports.get(variant) as Report;

  it('the report round-trips through its schema', () => {
    expect(parseReport(JSON.parse(JSON.stringify(report())))).toEqual(report());
  });

  it('Markdown', async () => {
    await expect(renderMarkdown(report())).toMatchFileSnapshot(`__golden__/${variant}.md`);
  });

  it('terminal text, without and with colour', async () => {
    await expect(renderText(report())).toMatchFileSnapshot(`__golden__/${variant}.txt`);
    const coloured = renderText(report(), { color: true });
    expect(coloured).toContain('\u001b[1m');
    const plain = coloured
      .split('\u001b')
      .map((part, index) => (index === 0 ? part : part.replace(/^\[\d+m/, '')))
      .join('');
    expect(plain).toBe(renderText(report()));
  });

  it('check run', async () => {
    const output = renderCheckRun(report(), changedLines(variant));
    // One golden file of the large JSON renderings is enough to review.
    if (variant === 'patch1')
      await expect(`${JSON.stringify(output, null, 2)}\n`).toMatchFileSnapshot(
        `__golden__/${variant}.check-run.json`,
      );
    expect(output.title).toBe(report().verdict.summary);
    const lines = changedLines(variant);
    for (const annotation of output.annotations)
      expect(lines.get(annotation.path)?.has(annotation.start_line)).toBe(true);
  });

  it('SARIF, valid against the 2.1.0 schema', async () => {
    const sarif = renderSarif(report());
    const validate = compileSarifValidator();
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    if (variant === 'patch1')
      await expect(`${JSON.stringify(sarif, null, 2)}\n`).toMatchFileSnapshot(
        `__golden__/${variant}.sarif.json`,
      );
    expect((sarif.runs[0] as { results?: unknown[] } | undefined)?.results).toHaveLength(
      report().findings.introduced.length +
        report().findings.unchanged.length +
        report().findings.undetermined.filter((finding) => finding.revision === 'head').length,
    );
  });

  it('every Mermaid block parses', async () => {
    const blocks = [...renderMarkdown(report()).matchAll(/```mermaid\n([\s\S]*?)```/g)].map(
      (match) => match[1] as string,
    );
    if (report().findings.introduced.length > 0) expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) await expect(mermaidParse(block)).resolves.toBeTruthy();
    // The parser is a real check: a broken arrow is refused.
    if (blocks[0] !== undefined)
      await expect(mermaidParse(blocks[0].replace('->>', '->>>>'))).rejects.toThrow();
  });

  it('every link points at the line of the step, at the commit of its side', () => {
    const trees: Readonly<Record<string, ReadonlyMap<string, string>>> = {
      [BASE_SHA]: seedTree('upstream'),
      [HEAD_SHA]: seedTree(variant),
    };
    const links = [
      ...renderMarkdown(report()).matchAll(
        /\[`([^`]*)`\]\(https:\/\/github\.com\/kvmsim\/linux\/blob\/([0-9a-f]{40})\/([^#)]+)#L(\d+)\)/g,
      ),
    ];
    if (report().findings.introduced.length > 0) expect(links.length).toBeGreaterThan(0);
    for (const [, , sha, path, line] of links) {
      const text = trees[sha as string]?.get(path as string);
      expect(text, `${sha}:${path}`).toBeDefined();
      expect(Number(line)).toBeLessThanOrEqual((text as string).split('\n').length);
    }
    // Each lock operation or assertion of a trace is on a line that calls it.
    for (const finding of [...report().findings.introduced, ...report().findings.fixed]) {
      const tree = finding.revision === 'base' ? trees[BASE_SHA] : trees[HEAD_SHA];
      for (const step of finding.trace) {
        const call = /^(lockdep_assert_held\w*|\w*(?:lock|unlock)\w*|kvfree|kfree)\(/.exec(
          step.text,
        )?.[1];
        if (call === undefined) continue;
        const source = tree?.get(step.loc.file)?.split('\n')[step.loc.line - 1] ?? '';
        expect(source, `${step.loc.file}:${step.loc.line} for ${step.text}`).toMatch(
          new RegExp(`\\b(${call}|guard|scoped_guard|KVM_MMU_\\w*LOCK|kvm_\\w+)\\b`),
        );
      }
    }
  });
});

describe('charts', () => {
  it('the split cache per chunk size, as an xychart the Mermaid parser accepts', async () => {
    const geometry = stage2Geometry({ granule: '4K', ipaBits: 40 });
    const chunks = legalChunkSizes(geometry).filter((chunk) => chunk > 0);
    const chart = renderXyChart({
      title: 'split_page_cache pages per chunk size (4K granule)',
      steps: chunks.map(formatSize),
      yLabel: 'pages',
      series: [
        {
          name: 'capacity',
          values: chunks.map((chunk) => splitCacheFigures(geometry, chunk).capacity),
        },
      ],
    });
    expect(GRANULES).toContain('4K');
    await expect(mermaidParse(chart)).resolves.toBeTruthy();
    await expect(mermaidParse(chart.replace('line [', 'line ['.repeat(2)))).rejects.toThrow();
  });
});
