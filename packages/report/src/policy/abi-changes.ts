// ABI changes of a policy study: an ioctl step of a workload whose result
// under a policy differs from the baseline's on the same configuration. An
// ioctl that now returns -EINVAL where it returned 0 is something userspace
// sees, whatever the memory figures say.
import type { AbiChange, PolicyConfiguration, PolicyRow } from './policy-report.js';

/** The ioctl results of each row that differ from the baseline's on the same configuration. */
export function abiChanges(
  workload: string,
  rows: readonly PolicyRow[],
  baseline: string,
): AbiChange[] {
  const same = (a: PolicyConfiguration, b: PolicyConfiguration) =>
    a.granule === b.granule && a.chunkSize === b.chunkSize;
  const results = (target: PolicyRow) => {
    const byStep = new Map<string, Set<string>>();
    for (const ioctl of target.ioctls) {
      const key = `${ioctl.ioctl}\u0000${ioctl.label}`;
      byStep.set(key, (byStep.get(key) ?? new Set()).add(ioctl.result));
    }
    return byStep;
  };
  const out: AbiChange[] = [];
  for (const target of rows) {
    if (target.policy === baseline || target.error !== undefined) continue;
    const reference = rows.find(
      (candidate) =>
        candidate.policy === baseline && same(candidate.configuration, target.configuration),
    );
    if (reference === undefined || reference.error !== undefined) continue;
    const before = results(reference);
    for (const [key, now] of results(target)) {
      const was = before.get(key);
      if (was === undefined) continue;
      const text = (set: Set<string>) => [...set].sort().join(' or ');
      if (text(was) === text(now)) continue;
      const [ioctl = '', label = ''] = key.split('\u0000');
      out.push({
        workload,
        configuration: target.configuration,
        policy: target.policy,
        ioctl,
        label,
        baseline: text(was),
        result: text(now),
      });
    }
  }
  return out;
}
