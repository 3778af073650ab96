import { describe, expect, it } from 'vitest';
import { compareFindings, type RunState, type RunStates } from './compare-findings.js';

const COMPLETE: RunState = { complete: true };
const cut = (why: string): RunState => ({ complete: false, why });

/** Every run complete but those named `scenario/side`. */
function runs(incomplete: Record<string, string> = {}): RunStates {
  return (scenario, side) => {
    const why = incomplete[`${scenario}/${side}`];
    return why === undefined ? COMPLETE : cut(why);
  };
}

const doubleFree = { id: 'double-free-1', scenarios: ['flush-vs-flush'] };
const commitFree = { id: 'double-free-2', scenarios: ['memslot-commit-vs-flush'] };
// Found in a helper the patch did not touch: where a thread waits does not matter.
const selfDeadlock = { id: 'deadlock-1', scenarios: ['flush-alone', 'alone-vm-release'] };

describe('compareFindings', () => {
  it('sorts findings into fixed, introduced and unchanged when every run is complete', () => {
    const result = compareFindings([doubleFree, commitFree], [commitFree, selfDeadlock], runs());
    expect(result).toEqual({
      fixed: [doubleFree],
      introduced: [selfDeadlock],
      unchanged: [commitFree],
      undetermined: [],
    });
  });

  it('calls a head finding introduced when one scenario it shows in was complete on the base', () => {
    const result = compareFindings(
      [],
      [selfDeadlock],
      runs({ 'flush-alone/base': 'the base run of flush-alone was cut off (states)' }),
    );
    expect(result.introduced).toEqual([selfDeadlock]);
  });

  it('never calls a head finding introduced when the base runs of its scenarios were cut off', () => {
    const result = compareFindings(
      [],
      [doubleFree],
      runs({ 'flush-vs-flush/base': 'cut off (states)' }),
    );
    expect(result.introduced).toEqual([]);
    expect(result.undetermined).toEqual([
      { finding: doubleFree, revision: 'head', why: 'cut off (states)' },
    ]);
  });

  it('never calls a base finding fixed while a head run of its scenarios was incomplete', () => {
    const result = compareFindings(
      [selfDeadlock],
      [],
      runs({ 'alone-vm-release/head': 'not run' }),
    );
    expect(result.fixed).toEqual([]);
    expect(result.undetermined).toEqual([
      { finding: selfDeadlock, revision: 'base', why: 'not run' },
    ]);
  });

  it('keeps a finding both sides have as unchanged, however their runs went', () => {
    const result = compareFindings(
      [commitFree],
      [commitFree],
      runs({ 'memslot-commit-vs-flush/base': 'cut', 'memslot-commit-vs-flush/head': 'cut' }),
    );
    expect(result.unchanged).toEqual([commitFree]);
    expect(result.undetermined).toEqual([]);
  });
});
