// The PolicyReport: what each split-cache policy (or a pull request's base and
// head) costs along each workload, for each granule and chunk size, with the
// ioctl results that changed and the race findings of the same code, so that
// memory and safety read in one place. Every renderer takes this value.
import type { Granule } from '@kvmsim/mmu-model';
import type { PolicyAssumption, PolicyIoctlResult, PolicyMetrics } from '@kvmsim/sim';

export const POLICY_REPORT_SCHEMA_VERSION = 1;

export interface PolicyConfiguration {
  readonly granule: Granule;
  /** KVM_CAP_ARM_EAGER_SPLIT_CHUNK_SIZE the VM starts with. */
  readonly chunkSize: number;
}

export interface PolicyRowFinding {
  readonly kind: string;
  readonly message: string;
  /** The workload step it first happened at. */
  readonly label: string;
  readonly count: number;
  /** file:line of the statement. */
  readonly at?: string;
}

/** One policy on one configuration of one workload. */
export interface PolicyRow {
  readonly policy: string;
  readonly configuration: PolicyConfiguration;
  /** Host totals (one VM: that VM). */
  readonly metrics: PolicyMetrics;
  readonly findings: readonly PolicyRowFinding[];
  readonly ioctls: readonly PolicyIoctlResult[];
  /** Split-cache bytes held per tick (the most within it), summed over VMs. */
  readonly series: readonly number[];
  /** Branches the model could not decide, taken as false. */
  readonly assumptions: readonly PolicyAssumption[];
  /** Why the workload could not run on this policy's code, instead of figures. */
  readonly error?: string;
}

/** An ioctl that returns something else than under the baseline: an ABI change. */
export interface AbiChange {
  readonly workload: string;
  readonly configuration: PolicyConfiguration;
  readonly policy: string;
  readonly ioctl: string;
  /** The workload step, e.g. `KVM_ENABLE_CAP(ARM_EAGER_SPLIT_CHUNK_SIZE, 2M)`. */
  readonly label: string;
  readonly baseline: string;
  readonly result: string;
}

export interface PolicyWorkloadReport {
  readonly name: string;
  readonly description: string;
  readonly vms: number;
  /** The label of each tick (the first VM's). */
  readonly ticks: readonly string[];
  readonly rows: readonly PolicyRow[];
  readonly abiChanges: readonly AbiChange[];
}

export interface PolicyRaceFinding {
  readonly scenario: string;
  readonly kind: string;
  readonly message: string;
}

/** The race explorer's verdict on a policy's code, over the built-in scenarios. */
export interface PolicyRaces {
  readonly policy: string;
  readonly findings: readonly PolicyRaceFinding[];
  readonly scenarios: number;
  /** Scenarios that could not run on this code, with why. */
  readonly skipped: readonly { readonly scenario: string; readonly reason: string }[];
}

export interface PolicyReport {
  readonly schemaVersion: typeof POLICY_REPORT_SCHEMA_VERSION;
  readonly toolVersion: string;
  /** The policy every other one is compared with (`upstream`, or a pull request's `base`). */
  readonly baseline: string;
  readonly policies: readonly { readonly name: string; readonly description: string }[];
  readonly configurations: readonly PolicyConfiguration[];
  readonly workloads: readonly PolicyWorkloadReport[];
  /** Absent when the study ran without the race explorer. */
  readonly races?: readonly PolicyRaces[];
  /** Why a pull request's analysis ran the workloads (the change reaches an entry point they call). */
  readonly reason?: string;
}
