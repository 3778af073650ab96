// The pipeline's Report on the seed example (upstream as base, a variant of
// the thread as head), kept as the JSON the renderers of @kvmsim/report are
// tested on: packages/report/src/__fixtures__/seed/<variant>.report.json.
// A change to the pipeline that changes a report shows here as a diff of that
// file; `npx vitest run -u` in this package rewrites it, and the renderer
// goldens of @kvmsim/report then say what the change does to each rendering.
import { describe, expect, it } from 'vitest';
import { parseReport, type Report } from '@kvmsim/report';
import { seedTree } from '@kvmsim/scenarios';
import { analyzeSources } from './analyze-sources.js';

const BASE_SHA = '1111111111111111111111111111111111111111';
const HEAD_SHA = '2222222222222222222222222222222222222222';
const VARIANTS = ['patch1', 'patch1-fixup', 'naive-self-deadlock'] as const;

async function seedReport(variant: string): Promise<Report> {
  let clock = 0;
  const report = await analyzeSources({
    base: { label: 'upstream', sha: BASE_SHA, sources: seedTree('upstream') },
    head: { label: variant, sha: HEAD_SHA, sources: seedTree(variant) },
    toolVersion: '0.0.0-golden',
    now: () => (clock += 1),
  });
  return {
    ...report,
    repository: { serverUrl: 'https://github.com', owner: 'kvmsim', repo: 'linux' },
  };
}

describe.each(VARIANTS)('the Report of upstream -> %s', (variant) => {
  it('round-trips through its schema and is the fixture the renderers are tested on', async () => {
    const report = await seedReport(variant);
    expect(parseReport(JSON.parse(JSON.stringify(report)))).toEqual(report);
    await expect(`${JSON.stringify(report, null, 2)}\n`).toMatchFileSnapshot(
      `../../../report/src/__fixtures__/seed/${variant}.report.json`,
    );
  });
});
