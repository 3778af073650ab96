// The scenario format: YAML validated with zod; the JSON schema published
// with the package (schema/scenario.schema.json) is generated from it.
import { FINDING_KINDS } from '@kvmsim/sim';
import { z } from 'zod';
import { nameSchema, sizeSchema, vmGeometryShape } from './size.js';

/** A size: bytes, or a string such as 4K, 2M, 1G. */
const size = sizeSchema;

const optionValue = z.union([z.number(), z.boolean(), z.string()]);

const step = z
  .object({
    entry: z.string().min(1).describe('an entry point, see `kvmsim scenario list --entries`'),
    with: z.record(z.string(), optionValue).optional().describe("the entry point's options"),
  })
  .strict();

const thread = z
  .object({
    name: z
      .string()
      .regex(/^[a-z][\w-]*$/i, 'letters, digits, - and _')
      .optional(),
    entry: z.string().min(1).optional(),
    with: z.record(z.string(), optionValue).optional(),
    steps: z
      .array(step)
      .min(1)
      .optional()
      .describe('entry points the thread runs one after the other'),
  })
  .strict()
  .refine((value) => (value.entry === undefined) !== (value.steps === undefined), {
    message: 'a thread has either `entry` or `steps`',
  });

export const scenarioSchema = z
  .object({
    name: nameSchema,
    description: z.string().min(1),
    /** The seed thread's case it reproduces, if any. */
    seed: z.string().optional(),
    /** Run on every pull request, whatever it changes. */
    always: z.boolean().optional(),
    vm: z
      .object({
        ...vmGeometryShape,
        chunkSize: size
          .default(0)
          .describe('KVM_CAP_ARM_EAGER_SPLIT_CHUNK_SIZE; 0 disables eager splitting'),
        nested: z
          .boolean()
          .default(false)
          .describe('nested virtualisation: kvm->arch.nested_mmus allocated'),
        stage2: z
          .boolean()
          .default(true)
          .describe('the VM has its stage-2 page table (false before creation)'),
        memslots: z
          .array(
            z
              .object({
                size,
                blocks: size.default('4K'),
                dirtyLogging: z.boolean().default(false),
              })
              .strict(),
          )
          .default([]),
        splitCache: z
          .object({
            filled: z
              .boolean()
              .describe('the split cache was topped up for the chunk size and not freed'),
            pages: z
              .number()
              .int()
              .nonnegative()
              .default(2)
              .describe('pages in it (the races do not depend on how many)'),
          })
          .strict()
          .optional(),
      })
      .strict()
      .default({
        granule: '4K',
        ipaBits: 40,
        chunkSize: 0,
        nested: false,
        stage2: true,
        memslots: [],
      }),
    threads: z.array(thread).min(1).max(4),
    properties: z
      .array(z.enum(FINDING_KINDS))
      .min(1)
      .optional()
      .describe('detectors to report; all when absent'),
    destroysVm: z.boolean().optional(),
    budget: z
      .object({
        maxStates: z.number().int().positive().optional(),
        maxTransitions: z.number().int().positive().optional(),
        maxDepth: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type ScenarioSpec = z.output<typeof scenarioSchema>;
export type ThreadSpecYaml = ScenarioSpec['threads'][number];

/** The JSON schema of scenario files (published as schema/scenario.schema.json). */
export function scenarioJsonSchema(): unknown {
  return z.toJSONSchema(scenarioSchema, { target: 'draft-2020-12', io: 'input' });
}
