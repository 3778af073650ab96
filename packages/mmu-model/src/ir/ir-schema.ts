// The IR as a zod schema: validates a ProgramModel read from JSON (from the
// extractor's cache, a file, another process) and produces the published JSON
// schema, schema/ir.schema.json. Kept beside types.ts; a test checks that both
// accept the same statement kinds.
import { z } from 'zod';
import {
  BINARY_OPERATORS,
  DIAGNOSTIC_SEVERITIES,
  FREE_APIS,
  IR_VERSION,
  LOCK_KINDS,
  LOCK_MODES,
  type ProgramModel,
} from './types.js';

const location = z.object({
  file: z.string().min(1),
  line: z.number().int().positive(),
  column: z.number().int().positive(),
});
const mode = z.enum(LOCK_MODES);
const assertMode = z.enum([...LOCK_MODES, 'any']);

export const exprSchema: z.ZodType = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('const'), value: z.union([z.number(), z.boolean(), z.null()]) }),
    z.object({ kind: z.literal('field'), path: z.string().min(1) }),
    z.object({ kind: z.literal('local'), name: z.string().min(1) }),
    z.object({ kind: z.literal('param'), name: z.string().min(1) }),
    z.object({ kind: z.literal('addressOf'), path: z.string().min(1) }),
    z.object({ kind: z.literal('unknown'), reason: z.string() }),
    z.object({ kind: z.literal('not'), operand: exprSchema }),
    z.object({ kind: z.literal('negate'), operand: exprSchema }),
    z.object({ kind: z.literal('complement'), operand: exprSchema }),
    z.object({
      kind: z.literal('binary'),
      op: z.enum(BINARY_OPERATORS),
      left: exprSchema,
      right: exprSchema,
    }),
    z.object({
      kind: z.literal('conditional'),
      test: exprSchema,
      then: exprSchema,
      else: exprSchema,
    }),
    z.object({ kind: z.literal('helper'), name: z.string().min(1), args: z.array(exprSchema) }),
  ]),
);

const target = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local'), name: z.string().min(1) }),
  z.object({ kind: z.literal('field'), path: z.string().min(1) }),
]);

const base = { loc: location };
export const stmtSchema: z.ZodType = z.lazy(() => {
  const block = z.array(stmtSchema);
  return z.discriminatedUnion('op', [
    z.object({
      ...base,
      op: z.literal('lock'),
      lock: z.string().min(1),
      mode,
      mayFail: z
        .object({
          result: z.string(),
          successValue: z.number(),
          failureValue: z.number(),
          blocks: z.boolean(),
        })
        .optional(),
    }),
    z.object({ ...base, op: z.literal('unlock'), lock: z.string().min(1), mode }),
    z.object({
      ...base,
      op: z.literal('srcu_read_lock'),
      srcu: z.string().min(1),
      result: z.string().optional(),
    }),
    z.object({ ...base, op: z.literal('srcu_read_unlock'), srcu: z.string().min(1) }),
    z.object({
      ...base,
      op: z.literal('synchronize_srcu'),
      srcu: z.string().min(1),
      expedited: z.boolean(),
    }),
    z.object({
      ...base,
      op: z.literal('access'),
      path: z.string().min(1),
      mode: z.enum(['read', 'write']),
    }),
    z.object({ ...base, op: z.literal('assign'), target, value: exprSchema }),
    z.object({
      ...base,
      op: z.literal('alloc'),
      target,
      object: z.string(),
      api: z.string(),
      mightSleep: z.boolean(),
      mayFail: z.boolean(),
    }),
    z.object({ ...base, op: z.literal('free'), object: exprSchema, api: z.enum(FREE_APIS) }),
    z.object({
      ...base,
      op: z.literal('cache_topup'),
      cache: z.string().min(1),
      capacity: exprSchema,
      min: exprSchema,
      result: z.string().optional(),
    }),
    z.object({
      ...base,
      op: z.literal('cache_alloc'),
      cache: z.string().min(1),
      result: z.string().optional(),
    }),
    z.object({ ...base, op: z.literal('cache_free'), cache: z.string().min(1) }),
    z.object({
      ...base,
      op: z.literal('assert_held'),
      lock: z.string().min(1),
      mode: assertMode,
      api: z.string(),
    }),
    z.object({
      ...base,
      op: z.literal('warn'),
      cond: exprSchema,
      api: z.string(),
      fatal: z.boolean(),
      result: z.string().optional(),
    }),
    z.object({ ...base, op: z.literal('might_sleep'), reason: z.string() }),
    z.object({
      ...base,
      op: z.literal('atomic'),
      section: z.string().min(1),
      enter: z.boolean(),
      api: z.string().min(1),
    }),
    z.object({
      ...base,
      op: z.literal('call'),
      callee: z.string().min(1),
      args: z.array(exprSchema),
      result: z.string().optional(),
    }),
    z.object({ ...base, op: z.literal('branch'), cond: exprSchema, then: block, else: block }),
    z.object({
      ...base,
      op: z.literal('loop'),
      cond: exprSchema.optional(),
      bound: z.number().int().nonnegative(),
      body: block,
      update: block.optional(),
    }),
    z.object({ ...base, op: z.literal('break') }),
    z.object({ ...base, op: z.literal('continue') }),
    z.object({ ...base, op: z.literal('return'), value: exprSchema.optional() }),
    z.object({ ...base, op: z.literal('label'), name: z.string().min(1) }),
    z.object({ ...base, op: z.literal('goto'), label: z.string().min(1) }),
    z.object({ ...base, op: z.literal('scope'), body: block, cleanup: block }),
    z.object({
      ...base,
      op: z.literal('world'),
      action: z.string().min(1),
      args: z.array(exprSchema),
      result: z.string().optional(),
    }),
  ]);
});

export const programModelSchema = z.object({
  irVersion: z.literal(IR_VERSION),
  functions: z.record(
    z.string(),
    z.object({
      name: z.string().min(1),
      params: z.array(z.string()),
      loc: location,
      endLine: z.number().int().positive(),
      isStatic: z.boolean(),
      body: z.array(stmtSchema),
      bodyHash: z.string(),
    }),
  ),
  guardRules: z.array(
    z.object({
      path: z.string().min(1),
      lock: z.string().min(1),
      mode: assertMode,
      loc: location,
      text: z.string(),
    }),
  ),
  diagnostics: z.array(
    z.object({
      code: z.string().min(1),
      severity: z.enum(DIAGNOSTIC_SEVERITIES),
      message: z.string(),
      loc: location,
      function: z.string().optional(),
    }),
  ),
  locks: z
    .array(
      z.object({
        path: z.string().min(1),
        kind: z.enum(LOCK_KINDS),
        description: z.string(),
        source: z.string(),
      }),
    )
    .optional(),
});

/** A value that is not a valid ProgramModel; `field` is the JSON path of the first problem. */
export class ProgramFormatError extends Error {
  readonly code = 'invalid-program-model';
  readonly isInputError = true;
  constructor(
    readonly field: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`invalid IR at ${field}: ${message}`, options);
    this.name = 'ProgramFormatError';
  }
}

/** Validates a parsed JSON value as a ProgramModel. */
export function validateProgramModel(value: unknown): ProgramModel {
  const result = programModelSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = ['$', ...(issue?.path ?? []).map(String)].join('.');
    throw new ProgramFormatError(field, issue?.message ?? 'invalid', { cause: result.error });
  }
  return result.data as ProgramModel;
}

/** The published JSON schema of the IR. */
export function programModelJsonSchema(): object {
  return z.toJSONSchema(programModelSchema, { target: 'draft-2020-12' });
}
