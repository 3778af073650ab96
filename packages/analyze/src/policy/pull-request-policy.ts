// What a pull request costs: the configured workloads on its base and head,
// base the baseline, when the change reaches the entry points the workloads
// call (a change to the flush path is reached through VM destruction, one to
// the eager-split path through KVM_CLEAR_DIRTY_LOG). What the head adds is
// said in the verdict (see combinePolicyVerdict in @kvmsim/report): a finding
// of a failed-on kind that the base's run of the same workload did not have
// fails the check, an ABI change is named.
import type { SourceSet } from '@kvmsim/extract';
import type { ProgramModel } from '@kvmsim/mmu-model';
import { parseSize } from '@kvmsim/mmu-model';
import type { PolicyReport } from '@kvmsim/report';
import {
  ENTRY_POINTS,
  builtinWorkload,
  callChain,
  callGraph,
  workloadEntries,
  type Workload,
} from '@kvmsim/scenarios';
import { ConfigError } from '../config/config-error.js';
import type { KvmsimConfig } from '../config/config-schema.js';
import { CONFIG_PATH } from '../config/parse-config.js';
import { runPolicyStudy } from './policy-study.js';

/** The configured workloads; an unknown name is a ConfigError, not a silent skip. */
export function configuredWorkloads(config: KvmsimConfig): Workload[] {
  const problems: { key: string; reason: string }[] = [];
  const workloads = config.policy.workloads.flatMap((name, index) => {
    const found = builtinWorkload(name);
    if (found === undefined)
      problems.push({ key: `policy.workloads.${index}`, reason: `no workload is named "${name}"` });
    return found === undefined ? [] : [found];
  });
  if (problems.length > 0) throw new ConfigError(CONFIG_PATH, problems);
  return workloads;
}

/** Why the workloads must run on this change, or undefined when they need not. */
export function policyReason(
  config: KvmsimConfig,
  workloads: readonly Workload[],
  programs: readonly ProgramModel[],
  changed: ReadonlySet<string>,
): string | undefined {
  if (config.policy.run === 'never') return undefined;
  if (config.policy.run === 'always') return 'policy.run is always';
  const entries = [...new Set(workloads.flatMap(workloadEntries))].sort();
  for (const program of programs) {
    const graph = callGraph(program);
    for (const name of entries) {
      const entry = ENTRY_POINTS[name];
      if (entry === undefined) continue;
      const chain = callChain(graph, entry.function, changed);
      if (chain !== undefined) return `${entry.name} reaches ${chain.join(' → ')}`;
    }
  }
  return undefined;
}

export interface PullRequestPolicyOptions {
  readonly config: KvmsimConfig;
  /** The config's workloads (configuredWorkloads). */
  readonly workloads: readonly Workload[];
  /** Each side's files and the IR the analysis extracted from them. */
  readonly base: { readonly sources: SourceSet; readonly program: ProgramModel };
  readonly head: { readonly sources: SourceSet; readonly program: ProgramModel };
  readonly toolVersion: string;
}

export async function pullRequestPolicy(options: PullRequestPolicyOptions): Promise<PolicyReport> {
  return runPolicyStudy({
    policies: [
      { name: 'base', description: 'the pull request base', ...options.base },
      { name: 'head', description: 'the pull request head', ...options.head },
    ],
    workloads: options.workloads,
    granules: options.config.policy.granules,
    chunkSizes: options.config.policy.chunkSizes.map((size) =>
      typeof size === 'number' ? size : (parseSize(size) ?? 0),
    ),
    races: false,
    toolVersion: options.toolVersion,
  });
}
