import { describe, expect, it } from 'vitest';
import type { ReportFinding } from '../model/report.js';
import { groupByIdentity } from './group-by-identity.js';

const step = {
  thread: 't',
  function: 'f',
  op: 'free',
  text: 'kfree(p)',
  loc: { file: 'a.c', line: 1 },
};

function finding(id: string, scenario: string, steps: number, restsOnUnknown = false) {
  return {
    id,
    kind: 'double-free',
    scenario,
    scenarios: [scenario],
    message: 'm',
    threads: ['t'],
    functions: ['f'],
    locations: [step.loc],
    trace: Array.from({ length: steps }, () => step),
    restsOnUnknown,
    revision: 'head',
  } as unknown as ReportFinding;
}

describe('groupByIdentity', () => {
  it('lists one root cause once, with every scenario that met it', () => {
    const grouped = groupByIdentity([
      finding('a', 's1', 3),
      finding('a', 's2', 3),
      finding('b', 's1', 2),
    ]);
    expect(grouped.map((entry) => [entry.id, entry.scenarios])).toEqual([
      ['a', ['s1', 's2']],
      ['b', ['s1']],
    ]);
  });

  it('shows the trace that guesses least, then the shortest', () => {
    const [guess] = groupByIdentity([finding('a', 's1', 2, true), finding('a', 's2', 5)]);
    expect(guess?.scenario).toBe('s2');
    const [short] = groupByIdentity([finding('a', 's1', 5), finding('a', 's2', 2)]);
    expect(short?.scenario).toBe('s2');
    expect(short?.scenarios).toEqual(['s1', 's2']);
  });
});
