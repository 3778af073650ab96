// What the workloads add to the verdict of the race runs, on the seed
// thread's policy study (upstream as the baseline).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PolicyReport } from '../policy/policy-report.js';
import { combinePolicyVerdict, markWorkloadsNotRun } from './policy-verdict.js';
import type { Verdict } from './report.js';

const study = JSON.parse(
  readFileSync(
    new URL('../__fixtures__/seed/policies.policy-report.json', import.meta.url),
    'utf8',
  ),
) as PolicyReport;

/** The study cut down to upstream and one other policy, as a pull request's base and head. */
function pullRequest(head: string): PolicyReport {
  return {
    ...study,
    workloads: study.workloads.map((workload) => ({
      ...workload,
      rows: workload.rows.filter((row) => row.policy === 'upstream' || row.policy === head),
      abiChanges: workload.abiChanges.filter((change) => change.policy === head),
    })),
  };
}

const success: Verdict = { conclusion: 'success', complete: true, summary: '1 finding fixed' };
const nothing: Verdict = {
  conclusion: 'neutral',
  complete: true,
  summary: 'no scenario reaches a changed function',
};

describe('combinePolicyVerdict', () => {
  it('fails on a finding the head meets along a workload and the base does not, first in the summary', () => {
    expect(combinePolicyVerdict(success, pullRequest('keep-until-destroy'))).toEqual({
      conclusion: 'failure',
      complete: true,
      summary: 'the workloads meet 1 new finding (warn); 1 finding fixed',
    });
  });

  it('does not fail on a kind the repository does not fail on', () => {
    expect(combinePolicyVerdict(success, pullRequest('keep-until-destroy'), ['deadlock'])).toEqual(
      success,
    );
  });

  it('names ABI changes, and lets them replace "nothing reached"', () => {
    expect(combinePolicyVerdict(nothing, pullRequest('refuse-chunk-change'))).toEqual({
      conclusion: 'neutral',
      complete: true,
      summary: '2 ABI changes',
    });
  });

  it('leaves the verdict alone when the workloads add nothing', () => {
    expect(combinePolicyVerdict(success, pullRequest('two-pass-split'))).toEqual(success);
  });
});

describe('markWorkloadsNotRun', () => {
  it('is incomplete, never a success', () => {
    expect(markWorkloadsNotRun(success)).toEqual({
      conclusion: 'neutral',
      complete: false,
      summary: 'incomplete: the workloads did not run (time limit); 1 finding fixed',
    });
  });

  it('keeps a failure a failure, and says what did not run', () => {
    const failure: Verdict = { conclusion: 'failure', complete: true, summary: '1 introduced' };
    expect(markWorkloadsNotRun(failure)).toEqual({
      conclusion: 'failure',
      complete: false,
      summary: '1 introduced; incomplete: the workloads did not run (time limit)',
    });
  });
});
