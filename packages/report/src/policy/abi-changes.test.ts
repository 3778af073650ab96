// ABI changes between rows of a policy study, on the rows of the seed
// thread's policies (see render-policy.test.ts for the fixture).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { abiChanges } from './abi-changes.js';
import type { PolicyReport, PolicyRow } from './policy-report.js';

const report = JSON.parse(
  readFileSync(
    new URL('../__fixtures__/seed/policies.policy-report.json', import.meta.url),
    'utf8',
  ),
) as PolicyReport;

const rowOf = (policy: string, granule: string): PolicyRow | undefined =>
  report.workloads[0]?.rows.find(
    (row) => row.policy === policy && row.configuration.granule === granule,
  );

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

  it("finds refuse-chunk-change's -EINVAL against upstream's 0, on every configuration", () => {
    const rows = report.workloads[0]?.rows ?? [];
    expect(abiChanges('chunk-size-after-use', rows, 'upstream')).toEqual(
      report.workloads[0]?.abiChanges,
    );
    expect(
      abiChanges('chunk-size-after-use', rows, 'upstream').map((change) => change.policy),
    ).toEqual(['refuse-chunk-change', 'refuse-chunk-change']);
  });
});
