// The verdict once the workloads have had their say. decideVerdict judges the
// race runs; a pull request's workloads (see PolicyReport) can add a failure
// (a new finding of a failed-on kind along a workload) and name ABI changes,
// and workloads the time limit left unrun make the verdict incomplete, as an
// unrun scenario does.
import { policyFindingsIntroduced } from '../policy/policy-findings-introduced.js';
import type { PolicyReport } from '../policy/policy-report.js';
import type { Verdict } from './report.js';

/** The verdict when the workloads the change needs could not run: incomplete, unless it fails anyway. */
export function markWorkloadsNotRun(verdict: Verdict): Verdict {
  const note = 'incomplete: the workloads did not run (time limit)';
  return verdict.conclusion === 'failure'
    ? { ...verdict, complete: false, summary: `${verdict.summary}; ${note}` }
    : { conclusion: 'neutral', complete: false, summary: `${note}; ${verdict.summary}` };
}

/**
 * The verdict with what the workloads add: a new finding of a failed-on kind
 * (`failOn`, every kind when absent) fails, and then leads the summary; ABI
 * changes are named. "Nothing reached" gives way to what the workloads say;
 * an incomplete verdict stays so.
 */
export function combinePolicyVerdict(
  verdict: Verdict,
  policy: PolicyReport,
  failOn?: readonly string[],
): Verdict {
  const failing = policyFindingsIntroduced(policy).filter(
    ({ finding }) => failOn === undefined || failOn.includes(finding.kind),
  );
  const abi = policy.workloads.flatMap((workload) => workload.abiChanges);
  const failed =
    failing.length > 0
      ? `the workloads meet ${failing.length} new finding${failing.length === 1 ? '' : 's'} (${[...new Set(failing.map(({ finding }) => finding.kind))].sort().join(', ')})`
      : '';
  const changes = abi.length > 0 ? `${abi.length} ABI change${abi.length === 1 ? '' : 's'}` : '';
  if (failed === '' && changes === '') return verdict;
  const races = verdict.conclusion === 'neutral' && verdict.complete ? '' : verdict.summary;
  const parts =
    failed !== '' && verdict.conclusion !== 'failure'
      ? [failed, races, changes]
      : [races, failed, changes];
  return {
    conclusion: failed !== '' ? 'failure' : verdict.conclusion,
    complete: verdict.complete,
    summary: parts.filter((part) => part !== '').join('; '),
  };
}
