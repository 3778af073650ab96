// `.github/kvmsim.yml`: the repository's policy for kvmsim, read from the base
// branch so that a pull request cannot change its own policy. Every key is
// optional; DEFAULT_CONFIG says what an absent key means.
import { GRANULES } from '@kvmsim/mmu-model';
import { DEFAULT_BUDGET, FINDING_KINDS } from '@kvmsim/sim';
import { z } from 'zod';
import { DEFAULT_KVM_PATHS } from './kvm-paths.js';

const findingKind = z.enum(FINDING_KINDS);

/**
 * Wall-clock limits, far above what the state budgets take on real trees
 * (seconds per exploration): they only stop a runaway analysis.
 */
const DEFAULT_SAFETY_NET = { explorationMs: 600_000, totalMs: 1_800_000 } as const;

export const configSchema = z
  .object({
    /** Globs of changed files that make a PR a KVM PR. */
    paths: z
      .array(z.string().min(1))
      .min(1)
      .default([...DEFAULT_KVM_PATHS]),
    /** Globs of the files read and extracted at base and head; absent means the extractor's default. */
    analysisSet: z.array(z.string().min(1)).min(1).optional(),
    scenarios: z
      .object({
        /** Only these built-in scenarios (by name); absent means all. */
        enable: z.array(z.string()).optional(),
        /** Built-in scenarios never run. */
        disable: z.array(z.string()).default([]),
        /** Extra folders of scenario files, read from the base branch. */
        directories: z.array(z.string()).default(['.github/kvmsim/scenarios']),
      })
      .strict()
      .default({ disable: [], directories: ['.github/kvmsim/scenarios'] }),
    /**
     * What one analysis may spend. States and transitions bound the work, so
     * a push gets the same verdict on an idle or a loaded machine; the times
     * are a safety net, and a run they cut makes the verdict incomplete.
     */
    budgets: z
      .object({
        /** Distinct states per exploration. */
        maxStates: z.number().int().positive().default(DEFAULT_BUDGET.maxStates),
        /** Transitions per exploration. */
        maxTransitions: z.number().int().positive().default(DEFAULT_BUDGET.maxTransitions),
        /** Milliseconds per exploration (safety net). */
        explorationMs: z.number().int().positive().default(DEFAULT_SAFETY_NET.explorationMs),
        /** Milliseconds for the whole analysis of one push (safety net). */
        totalMs: z.number().int().positive().default(DEFAULT_SAFETY_NET.totalMs),
      })
      .strict()
      .default({
        maxStates: DEFAULT_BUDGET.maxStates,
        maxTransitions: DEFAULT_BUDGET.maxTransitions,
        ...DEFAULT_SAFETY_NET,
      }),
    /**
     * Policy runs: the workloads run on base and head when the change reaches
     * their entry points (`reached`), on every analysis (`always`) or never.
     */
    policy: z
      .object({
        run: z.enum(['reached', 'always', 'never']).default('reached'),
        /** Built-in workload names. */
        workloads: z.array(z.string().min(1)).default(['live-migration', 'chunk-size-after-use']),
        granules: z.array(z.enum(GRANULES)).min(1).default(['4K']),
        /** Chunk sizes (bytes or sizes such as 1G), kept where the granule has them. */
        chunkSizes: z
          .array(
            z.union([
              z.number().int().positive(),
              z.string().regex(/^\d+\s*[KMGT]?i?B?$/i, 'a size such as 2M or 1G'),
            ]),
          )
          .min(1)
          .default(['1G']),
      })
      .strict()
      .default({
        run: 'reached',
        workloads: ['live-migration', 'chunk-size-after-use'],
        granules: ['4K'],
        chunkSizes: ['1G'],
      }),
    /** Finding kinds that fail the check when introduced; absent means all. */
    failOn: z.array(findingKind).optional(),
    /** When the sticky comment is written. */
    comment: z.enum(['always', 'on-findings', 'never']).default('on-findings'),
    /** Whether draft pull requests are analysed. */
    drafts: z.enum(['analyse', 'skip']).default('skip'),
    /** Post a neutral check on PRs that touch no KVM path (otherwise stay silent). */
    neutralCheckWhenIrrelevant: z.boolean().default(false),
    limits: z
      .object({
        maxFileBytes: z
          .number()
          .int()
          .positive()
          .default(4 * 1024 * 1024),
        maxFiles: z.number().int().positive().default(400),
        maxTotalBytes: z
          .number()
          .int()
          .positive()
          .default(64 * 1024 * 1024),
      })
      .strict()
      .default({ maxFileBytes: 4 * 1024 * 1024, maxFiles: 400, maxTotalBytes: 64 * 1024 * 1024 }),
  })
  .strict();

/** The validated configuration, every default filled in. */
export type KvmsimConfig = z.output<typeof configSchema>;

export const DEFAULT_CONFIG: KvmsimConfig = configSchema.parse({});
