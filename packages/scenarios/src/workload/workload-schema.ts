// The workload format: what userspace and the host do to a VM, step by step,
// for policy runs. YAML validated with zod, like scenarios; the JSON schema
// published with the package (schema/workload.schema.json) is generated from it.
import { z } from 'zod';
import { nameSchema, sizeSchema, vmGeometryShape } from '../format/size.js';

/** A size: bytes, or a string such as 4K, 2M, 1G. */
const size = sizeSchema;

const slot = z.number().int().min(0).max(32_767).describe('the memslot id');

/** How much of a memslot's dirty bitmap is set: `all`, or a share of its 64-page words. */
const dirty = z
  .union([z.literal('all'), z.string().regex(/^\d+(\.\d+)?%$/, "'all' or a share such as 1%")])
  .describe("'all', or the share of 64-page bitmap words the guest dirtied, e.g. 1%");

const op = <Name extends string, Shape extends z.ZodRawShape>(name: Name, shape: Shape) =>
  z.object({ [name]: z.object(shape).strict() } as { [K in Name]: z.ZodObject<Shape> }).strict();

const baseSteps = [
  op('create-memslot', {
    slot,
    size: size.describe('memory_size'),
    blocks: size
      .optional()
      .describe('the block size the guest memory is mapped with; default the largest that fits'),
  }),
  op('delete-memslot', { slot }),
  op('enable-dirty-logging', { slot }),
  op('disable-dirty-logging', { slot }),
  op('clear-dirty-log', {
    slot,
    rounds: z.number().int().positive().default(1),
    first: dirty.default('all').describe('the first round (KVM_DIRTY_LOG_INITIALLY_SET: all)'),
    then: dirty.default('1%').describe('every later round'),
  }),
  op('set-chunk-size', {
    size: z
      .union([size, z.literal('other')])
      .describe(
        "the new chunk size, or 'other': the next smaller block size than the VM's (the next larger when there is none)",
      ),
  }),
  op('remap-blocks', { slot }),
  op('destroy-vm', {}),
] as const;

export interface WorkloadRepeat {
  readonly repeat: { readonly times: number; readonly steps: readonly WorkloadStep[] };
}

type BaseStep = z.output<(typeof baseSteps)[number]>;
export type WorkloadStep = BaseStep | WorkloadRepeat;

const step: z.ZodType<WorkloadStep> = z.lazy(() =>
  z.union([
    ...baseSteps,
    z
      .object({
        repeat: z
          .object({ times: z.number().int().positive(), steps: z.array(step).min(1) })
          .strict(),
      })
      .strict(),
  ]),
) as z.ZodType<WorkloadStep>;

export const workloadSchema = z
  .object({
    name: nameSchema,
    description: z.string().min(1),
    vm: z
      .object({
        ...vmGeometryShape,
        chunkSize: size
          .default(0)
          .describe('KVM_CAP_ARM_EAGER_SPLIT_CHUNK_SIZE at creation; the study sets it'),
        manualProtect: z
          .boolean()
          .default(true)
          .describe('KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2 with KVM_DIRTY_LOG_INITIALLY_SET'),
      })
      .strict()
      .default({ granule: '4K', ipaBits: 40, chunkSize: 0, manualProtect: true }),
    vms: z.number().int().positive().max(4096).default(1).describe('VMs on the host'),
    stagger: z
      .number()
      .int()
      .nonnegative()
      .default(0)
      .describe('ticks between one VM starting and the next'),
    seed: z.number().int().default(1).describe('seed of the dirty patterns (per VM and round)'),
    steps: z.array(step).min(1),
  })
  .strict();

export type WorkloadSpec = z.output<typeof workloadSchema>;

/** The JSON schema of workload files (published as schema/workload.schema.json). */
export function workloadJsonSchema(): unknown {
  return z.toJSONSchema(workloadSchema, { target: 'draft-2020-12', io: 'input' });
}
