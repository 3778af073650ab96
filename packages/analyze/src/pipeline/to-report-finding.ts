// A detector's Finding as the Report carries it: its root-cause id (from the
// functions its threads enter, see findingId), the scenario that met it and
// its trace reduced to what renderers show.
import { findingId, identityParts, type ReportFinding } from '@kvmsim/report';
import { ENTRY_POINTS, scenarioThreads, type Scenario } from '@kvmsim/scenarios';
import type { Finding } from '@kvmsim/sim';

/** The Report's copy of `finding`, met by `scenario` on `revision`; `entries` from threadEntries. */
export function toReportFinding(
  finding: Finding,
  scenario: string,
  entries: ReadonlyMap<string, readonly string[]>,
  revision: 'base' | 'head',
): ReportFinding {
  return {
    id: findingId(
      identityParts(
        finding,
        finding.threads.flatMap((thread) => entries.get(thread) ?? []),
      ),
    ),
    kind: finding.kind,
    scenario,
    scenarios: [scenario],
    message: finding.message,
    threads: finding.threads,
    functions: finding.functions,
    ...(finding.subject === undefined ? {} : { path: finding.subject }),
    locations: finding.locations,
    trace: finding.trace.map((step) => ({
      thread: step.thread,
      function: step.function,
      op: step.op,
      text: step.text,
      loc: step.loc,
      locksHeld: step.locksHeld,
      values: step.values,
    })),
    restsOnUnknown: finding.restsOnUnknown,
    revision,
  };
}

/** The functions each thread of a scenario enters, by the thread's name in findings. */
export function threadEntries(scenario: Scenario): Map<string, readonly string[]> {
  return new Map(
    scenarioThreads(scenario).map((thread) => [
      thread.name,
      thread.entries.map((entry) => ENTRY_POINTS[entry]?.function ?? entry),
    ]),
  );
}
