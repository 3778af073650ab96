import { describe, expect, it } from 'vitest';
import type { Report } from './report.js';
import { parseReport, ReportFormatError, reportJsonSchema } from './report-schema.js';

const report: Report = {
  schemaVersion: 2,
  tool: { name: 'kvmsim', version: '0.1.0' },
  repository: { serverUrl: 'https://github.com', owner: 'kvmarm', repo: 'linux' },
  base: { label: 'base', sha: 'a'.repeat(40) },
  head: { label: 'head' },
  verdict: { conclusion: 'success', summary: 'no finding introduced', complete: true },
  findings: { fixed: [], introduced: [], unchanged: [], undetermined: [] },
  unverified: [],
  changedFunctions: { added: [], removed: [], changed: ['kvm_arch_flush_shadow_all'] },
  scenarios: [
    {
      name: 'two-flushes',
      reason: 'always',
      head: { exhaustive: true, statesExplored: 3, transitions: 4, durationMs: 1 },
      complete: false,
    },
  ],
  diagnostics: [],
  timings: { total: 10 },
};

describe('parseReport', () => {
  it('reads back what JSON.stringify wrote', () => {
    expect(parseReport(JSON.parse(JSON.stringify(report)))).toEqual(report);
  });
  it('names the field at fault', () => {
    const broken = { ...report, verdict: { conclusion: 'maybe', summary: '' } };
    expect(() => parseReport(broken)).toThrow(ReportFormatError);
    expect(() => parseReport(broken)).toThrow(/\$\.verdict\.conclusion/);
  });
  it('refuses another schema version', () => {
    expect(() => parseReport({ ...report, schemaVersion: 1 })).toThrow(/schemaVersion/);
  });
});

describe('reportJsonSchema', () => {
  it('is a JSON schema of the report that requires the version', () => {
    const schema = reportJsonSchema() as {
      required: string[];
      properties: Record<string, unknown>;
    };
    expect(schema.required).toContain('schemaVersion');
    // Every key of the Report, `policy` (present only when workloads ran) included.
    expect(Object.keys(schema.properties)).toEqual([...Object.keys(report), 'policy']);
    expect(schema.required).not.toContain('policy');
  });
  it('is the schema published with the package (schema/report.schema.json)', async () => {
    await expect(`${JSON.stringify(reportJsonSchema(), null, 2)}\n`).toMatchFileSnapshot(
      '../../schema/report.schema.json',
    );
  });
});
