// One finding per root cause. Several scenarios of one revision can meet the
// same bug (two flushes, a flush and a release); the report lists it once,
// with every scenario that met it and the trace a reader can trust most.
import type { ReportFinding } from '../model/report.js';

/**
 * One finding per root cause: the scenarios that met it are listed under
 * one copy, the one whose trace guesses least (no unmodelled branch), then
 * is shortest, then comes first.
 */
export function groupByIdentity(findings: readonly ReportFinding[]): ReportFinding[] {
  const groups = new Map<string, { best: ReportFinding; scenarios: string[] }>();
  for (const finding of findings) {
    const group = groups.get(finding.id);
    if (group === undefined) {
      groups.set(finding.id, { best: finding, scenarios: [...finding.scenarios] });
      continue;
    }
    for (const scenario of finding.scenarios)
      if (!group.scenarios.includes(scenario)) group.scenarios.push(scenario);
    const better =
      Number(finding.restsOnUnknown) - Number(group.best.restsOnUnknown) ||
      finding.trace.length - group.best.trace.length;
    if (better < 0) group.best = finding;
  }
  return [...groups.values()].map(({ best, scenarios }) => ({ ...best, scenarios }));
}
