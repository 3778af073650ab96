// What a pull request's head meets along the workloads that its base does
// not: the policy side of "introduced". Findings of a workload row are
// compared by kind and message with the base's row of the same workload and
// configuration (a policy run has one execution, no scenarios to weigh).
import type { PolicyReport, PolicyRowFinding } from './policy-report.js';

/** Findings of the head's rows that the base's row of the same workload and configuration lacks. */
export function policyFindingsIntroduced(
  report: PolicyReport,
): { workload: string; finding: PolicyRowFinding }[] {
  const out: { workload: string; finding: PolicyRowFinding }[] = [];
  for (const workload of report.workloads)
    for (const row of workload.rows) {
      if (row.policy === report.baseline) continue;
      const base = workload.rows.find(
        (candidate) =>
          candidate.policy === report.baseline &&
          candidate.configuration.granule === row.configuration.granule &&
          candidate.configuration.chunkSize === row.configuration.chunkSize,
      );
      const known = new Set(base?.findings.map((finding) => `${finding.kind}|${finding.message}`));
      for (const finding of row.findings)
        if (!known.has(`${finding.kind}|${finding.message}`))
          out.push({ workload: workload.name, finding });
    }
  return out;
}
