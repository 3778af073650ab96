// The JSON form of a SimulationInput (what `kvmsim export promela` reads and
// what shards running in other processes receive), validated with zod. A bad
// file is rejected with the JSON path of the first problem.
import { z } from 'zod';
import { exprSchema, programModelSchema, stage2Geometry, GRANULES } from '@kvmsim/mmu-model';
import type { SimulationInput } from './simulation-input.js';
import { REDUCTIONS } from './simulation-input.js';

const count = z.number().int().nonnegative();

const initialValueSchema = z.union([
  z.number(),
  z.boolean(),
  z.null(),
  z.object({ address: z.string().min(1) }).strict(),
  z.object({ object: z.string().min(1) }).strict(),
]);

export const simulationInputSchema = z
  .object({
    program: programModelSchema,
    threads: z
      .array(
        z
          .object({
            name: z.string().min(1),
            entry: z.string().min(1),
            args: z.array(exprSchema),
          })
          .strict(),
      )
      .min(1),
    world: z
      .object({
        fields: z.record(z.string(), initialValueSchema).optional(),
        caches: z
          .record(z.string(), z.object({ nobjs: count, capacity: count }).strict())
          .optional(),
      })
      .strict()
      .optional(),
    params: z.record(z.string(), z.union([z.number(), z.boolean()])).optional(),
    /** VM facts for the model's helpers: the stage-2 configuration and memslot state. */
    vm: z
      .object({
        granule: z.enum(GRANULES),
        ipaBits: z.number().int(),
        lpa2: z.boolean().optional(),
        memslotsEmpty: z.boolean().optional(),
        memslots: z.array(z.number().int().nonnegative()).optional(),
        dirtyLogging: z.boolean().optional(),
      })
      .strict()
      .optional(),
    destroysVm: z.boolean().optional(),
    options: z
      .object({
        reduction: z.enum(REDUCTIONS).optional(),
        allocationFailures: z.boolean().optional(),
        budget: z
          .object({
            maxStates: count.optional(),
            maxTransitions: count.optional(),
            maxDepth: count.optional(),
            timeBudgetMs: count.optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export class SimulationInputFormatError extends Error {
  override readonly name = 'SimulationInputFormatError';
  readonly code = 'invalid-simulation-input';
  readonly isInputError = true;
  constructor(
    readonly source: string,
    readonly field: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`${source}: ${field}: ${reason}`, options);
  }
}

/** Validates parsed JSON as a SimulationInput; `source` names the file in errors. */
export function parseSimulationInput(value: unknown, source = 'input'): SimulationInput {
  const result = simulationInputSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = ['$', ...(issue?.path ?? []).map(String)].join('.');
    throw new SimulationInputFormatError(source, field, issue?.message ?? 'invalid', {
      cause: result.error,
    });
  }
  const { vm, ...rest } = result.data;
  let helpers: SimulationInput['helpers'];
  if (vm !== undefined) {
    try {
      helpers = {
        geometry: stage2Geometry({
          granule: vm.granule,
          ipaBits: vm.ipaBits,
          lpa2: vm.lpa2 ?? false,
        }),
        ...(vm.memslotsEmpty === undefined ? {} : { memslotsEmpty: vm.memslotsEmpty }),
        ...(vm.memslots === undefined ? {} : { memslots: vm.memslots }),
        ...(vm.dirtyLogging === undefined ? {} : { dirtyLogging: vm.dirtyLogging }),
      };
    } catch (error) {
      throw new SimulationInputFormatError(source, '$.vm', (error as Error).message, {
        cause: error,
      });
    }
  }
  return {
    ...(rest as Omit<SimulationInput, 'helpers'>),
    ...(helpers === undefined ? {} : { helpers }),
  };
}
