// The built-in workloads: the YAML files in workloads/ of this package.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProgramModel } from '@kvmsim/mmu-model';
import { runPolicy, type PolicyRunResult } from '@kvmsim/sim';
import { buildPolicy, type WorkloadOverrides } from './build-policy.js';
import { parseWorkload, type Workload } from './parse-workload.js';

const LIBRARY = fileURLToPath(new URL('../../workloads/', import.meta.url));

let cached: Workload[] | undefined;

/** Every built-in workload, by name order. */
export function builtinWorkloads(): readonly Workload[] {
  cached ??= readdirSync(LIBRARY)
    .filter((entry) => /\.ya?ml$/.test(entry))
    .sort()
    .map((entry) =>
      parseWorkload(readFileSync(join(LIBRARY, entry), 'utf8'), `workloads/${entry}`),
    );
  return cached;
}

export function builtinWorkload(name: string): Workload | undefined {
  return builtinWorkloads().find((workload) => workload.name === name);
}

/** Runs a workload on one revision's program, with the study's changes to its VM. */
export function runWorkload(
  workload: Workload,
  program: ProgramModel,
  overrides: WorkloadOverrides = {},
): PolicyRunResult {
  return runPolicy(buildPolicy(workload, program, overrides));
}
