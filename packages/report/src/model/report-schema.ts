// The Report's schema as zod, the one definition from which both the
// validation of a report read back from JSON and the published JSON schema
// (schema/report.schema.json) come. A test keeps it in step with the
// TypeScript type.
import { z } from 'zod';
import { REPORT_SCHEMA_VERSION, type Report } from './report.js';

const location = z.object({ file: z.string(), line: z.number().int(), column: z.number().int() });

const traceStep = z.object({
  thread: z.string(),
  function: z.string(),
  op: z.string(),
  text: z.string(),
  loc: location,
  locksHeld: z.array(z.string()),
  values: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
});

const finding = z.object({
  id: z.string(),
  kind: z.string(),
  scenario: z.string(),
  scenarios: z.array(z.string()),
  message: z.string(),
  threads: z.array(z.string()),
  functions: z.array(z.string()),
  path: z.string().optional(),
  locations: z.array(location),
  trace: z.array(traceStep),
  restsOnUnknown: z.boolean(),
  revision: z.enum(['base', 'head']),
  undetermined: z.string().optional(),
});

const runSummary = z.object({
  exhaustive: z.boolean(),
  stopReason: z.string().optional(),
  statesExplored: z.number().int().nonnegative(),
  transitions: z.number().int().nonnegative(),
  durationMs: z.number().nonnegative(),
});

export const reportSchema = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  tool: z.object({ name: z.literal('kvmsim'), version: z.string() }),
  repository: z.object({ serverUrl: z.string(), owner: z.string(), repo: z.string() }).optional(),
  base: z.object({ label: z.string(), sha: z.string().optional() }),
  head: z.object({ label: z.string(), sha: z.string().optional() }),
  verdict: z.object({
    conclusion: z.enum(['success', 'failure', 'neutral']),
    summary: z.string(),
    complete: z.boolean(),
  }),
  findings: z.object({
    fixed: z.array(finding),
    introduced: z.array(finding),
    unchanged: z.array(finding),
    undetermined: z.array(finding),
  }),
  unverified: z.array(finding),
  changedFunctions: z.object({
    added: z.array(z.string()),
    removed: z.array(z.string()),
    changed: z.array(z.string()),
  }),
  scenarios: z.array(
    z.object({
      name: z.string(),
      reason: z.string(),
      base: runSummary.optional(),
      head: runSummary.optional(),
      skipped: z.string().optional(),
      complete: z.boolean(),
    }),
  ),
  diagnostics: z.array(
    z.object({
      code: z.string(),
      severity: z.enum(['error', 'warning', 'info']),
      message: z.string(),
      loc: location,
      function: z.string().optional(),
      revision: z.enum(['base', 'head']),
    }),
  ),
  timings: z.record(z.string(), z.number()),
  /** The PolicyReport (see policy-report.ts); checked here for its outline. */
  policy: z
    .looseObject({
      schemaVersion: z.literal(1),
      toolVersion: z.string(),
      baseline: z.string(),
      policies: z.array(z.looseObject({ name: z.string(), description: z.string() })),
      configurations: z.array(z.looseObject({ granule: z.string(), chunkSize: z.number() })),
      workloads: z.array(z.looseObject({ name: z.string(), rows: z.array(z.looseObject({})) })),
    })
    .optional(),
});

/** A report read back from JSON was not a valid report; `field` is the JSON path at fault. */
export class ReportFormatError extends Error {
  readonly code = 'invalid-report';
  readonly isInputError = true;
  constructor(
    readonly field: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`invalid kvmsim report at ${field}: ${message}`, options);
    this.name = 'ReportFormatError';
  }
}

/** Validates a parsed JSON value as a Report. */
export function parseReport(value: unknown): Report {
  const result = reportSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue === undefined ? '$' : ['$', ...issue.path.map(String)].join('.');
    throw new ReportFormatError(field, issue?.message ?? 'invalid', { cause: result.error });
  }
  // The policy part is checked for its outline only (its rows are the runner's figures).
  return result.data as unknown as Report;
}

/** The published JSON schema of the Report. */
export function reportJsonSchema(): object {
  return z.toJSONSchema(reportSchema, { target: 'draft-2020-12' });
}
