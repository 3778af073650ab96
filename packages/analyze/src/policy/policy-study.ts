// The policy study: every policy × granule × chunk size × workload through the
// policy runner, and every policy through the race explorer's built-in
// scenarios, gathered into one PolicyReport. The CLI's `kvmsim policy study`
// runs it on the seed thread's policies; `kvmsim policy run` on one tree.
import {
  DEFAULT_ANALYSIS_SET,
  extractProgram,
  isInAnalysisSet,
  type SourceSet,
} from '@kvmsim/extract';
import { GRANULES, stage2Geometry, type Granule, type ProgramModel } from '@kvmsim/mmu-model';
import {
  POLICY_REPORT_SCHEMA_VERSION,
  abiChanges,
  type PolicyConfiguration,
  type PolicyRaces,
  type PolicyReport,
  type PolicyRow,
  type PolicyWorkloadReport,
} from '@kvmsim/report';
import {
  builtinScenarios,
  builtinWorkloads,
  policyTree,
  runScenario,
  runWorkload,
  seedPolicies,
  type Workload,
} from '@kvmsim/scenarios';
import type { PolicyRunResult } from '@kvmsim/sim';

export interface StudyPolicy {
  readonly name: string;
  readonly description: string;
  /** The tree (any files: the default analysis set is applied). */
  readonly sources: SourceSet;
  /** Its IR when the caller extracted it already (a pull request's analysis has). */
  readonly program?: ProgramModel;
}

export interface PolicyStudyProgress {
  readonly done: number;
  readonly total: number;
  /** What runs next, e.g. `live-migration: upstream 4K/1G`. */
  readonly label: string;
}

export interface PolicyStudyOptions {
  /** The policies, the baseline first. */
  readonly policies: readonly StudyPolicy[];
  /** Default: the built-in workloads. */
  readonly workloads?: readonly Workload[];
  /** Default: 4K, 16K and 64K. */
  readonly granules?: readonly Granule[];
  /**
   * Chunk sizes to study, kept where the granule supports them. Default: every
   * block size of each granule larger than a page.
   */
  readonly chunkSizes?: readonly number[];
  /** VMs on the host, instead of each workload's own count. */
  readonly vms?: number;
  /** Run the race explorer's built-in scenarios on each policy too. Default true. */
  readonly races?: boolean;
  readonly toolVersion: string;
  readonly onProgress?: (progress: PolicyStudyProgress) => void;
}

/** upstream (free on dirty-log disable and in kvm_uninit_stage2_mmu) and the seed's policies. */
export function builtinPolicies(): StudyPolicy[] {
  return [
    {
      name: 'upstream',
      description:
        'As in 7.1-rc2: the split cache is freed when dirty logging is disabled and in kvm_uninit_stage2_mmu().',
      sources: policyTree('upstream'),
    },
    ...seedPolicies().map((policy) => ({
      name: policy.name,
      description: policy.description,
      sources: policyTree(policy.name),
    })),
  ];
}

/** The configurations a study covers: per granule, its chunk sizes. */
export function studyConfigurations(
  granules: readonly Granule[] = GRANULES,
  chunkSizes?: readonly number[],
): PolicyConfiguration[] {
  return granules.flatMap((granule) => {
    const geometry = stage2Geometry({ granule, ipaBits: 40 });
    const legal = geometry.blockSizes.filter((size) => size > geometry.pageSize);
    const sizes =
      chunkSizes === undefined ? legal : chunkSizes.filter((size) => legal.includes(size));
    return sizes.map((chunkSize) => ({ granule, chunkSize }));
  });
}

async function programOf(sources: SourceSet): Promise<ProgramModel> {
  const analysed = new Map<string, string>();
  for (const [path, text] of sources)
    if (isInAnalysisSet(path, DEFAULT_ANALYSIS_SET)) analysed.set(path, text);
  return (await extractProgram(analysed)).program;
}

function row(
  policy: string,
  configuration: PolicyConfiguration,
  run: PolicyRunResult | { error: string },
): PolicyRow {
  if ('error' in run)
    return {
      policy,
      configuration,
      metrics: EMPTY_METRICS,
      findings: [],
      ioctls: [],
      series: [],
      assumptions: [],
      error: run.error,
    };
  return {
    policy,
    configuration,
    metrics: run.host,
    findings: run.findings.map((finding) => ({
      kind: finding.kind,
      message: finding.message,
      label: finding.label,
      count: finding.count,
      ...(finding.sites[0] === undefined
        ? {}
        : { at: `${finding.sites[0].loc.file}:${finding.sites[0].loc.line}` }),
    })),
    ioctls: run.ioctls,
    series: run.series.map((point) => point.bytes),
    assumptions: run.assumptions,
  };
}

const EMPTY_METRICS: PolicyRow['metrics'] = {
  peakCachePages: 0,
  peakCacheBytes: 0,
  idleCachePages: 0,
  idleCacheBytes: 0,
  cachePageTicks: 0,
  cacheByteTicks: 0,
  cachePagesAllocated: 0,
  cachePagesFreed: 0,
  pagesTakenBySplits: 0,
  blocksSplit: 0,
  tablePagesLive: 0,
  topups: 0,
  lockDrops: 0,
  tlbInvalidations: 0,
};

export async function runPolicyStudy(options: PolicyStudyOptions): Promise<PolicyReport> {
  const baseline = options.policies[0]?.name;
  if (baseline === undefined) throw new RangeError('a policy study needs at least one policy');
  const workloads = options.workloads ?? builtinWorkloads();
  const configurations = studyConfigurations(options.granules, options.chunkSizes);
  if (configurations.length === 0)
    throw new RangeError('no chunk size of the study is a block size of its granules');
  const programs = new Map<string, ProgramModel>();
  for (const policy of options.policies)
    programs.set(policy.name, policy.program ?? (await programOf(policy.sources)));
  const races = options.races !== false;
  const scenarios = races ? builtinScenarios() : [];
  const total =
    workloads.length * configurations.length * options.policies.length +
    (races ? options.policies.length : 0);
  let done = 0;
  const progress = (label: string) => options.onProgress?.({ done, total, label });

  const reports: PolicyWorkloadReport[] = workloads.map((workload) => {
    const rows: PolicyRow[] = [];
    let ticks: readonly string[] = [];
    for (const configuration of configurations) {
      for (const policy of options.policies) {
        progress(
          `${workload.name}: ${policy.name} ${configuration.granule}/${configuration.chunkSize}`,
        );
        const program = programs.get(policy.name) as ProgramModel;
        let run: PolicyRunResult | { error: string };
        try {
          run = runWorkload(workload, program, {
            granule: configuration.granule,
            chunkSize: configuration.chunkSize,
            ...(options.vms === undefined ? {} : { vms: options.vms }),
          });
          if (ticks.length === 0) ticks = run.series.map((point) => point.label);
        } catch (error) {
          if (!(error instanceof Error) || !('isInputError' in error)) throw error;
          run = { error: error.message };
        }
        rows.push(row(policy.name, configuration, run));
        done += 1;
      }
    }
    return {
      name: workload.name,
      description: workload.description,
      vms: options.vms ?? workload.vms,
      ticks,
      rows,
      abiChanges: abiChanges(workload.name, rows, baseline),
    };
  });

  const raceReports: PolicyRaces[] = [];
  if (races) {
    for (const policy of options.policies) {
      progress(`races: ${policy.name}`);
      const program = programs.get(policy.name) as ProgramModel;
      const findings: PolicyRaces['findings'][number][] = [];
      const skipped: PolicyRaces['skipped'][number][] = [];
      for (const scenario of scenarios) {
        const run = runScenario(scenario, program);
        if (run.skipped !== undefined)
          skipped.push({ scenario: scenario.name, reason: run.skipped });
        else
          for (const finding of run.result.findings)
            findings.push({
              scenario: scenario.name,
              kind: finding.kind,
              message: finding.message,
            });
      }
      raceReports.push({ policy: policy.name, findings, scenarios: scenarios.length, skipped });
      done += 1;
    }
  }
  options.onProgress?.({ done, total, label: 'done' });
  return {
    schemaVersion: POLICY_REPORT_SCHEMA_VERSION,
    toolVersion: options.toolVersion,
    baseline,
    policies: options.policies.map(({ name, description }) => ({ name, description })),
    configurations,
    workloads: reports,
    ...(races ? { races: raceReports } : {}),
  };
}
