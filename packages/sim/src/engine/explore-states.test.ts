// The engine on known-buggy and known-correct toy programs, written directly
// as transition systems (no KVM anywhere): it must catch the bugs with
// shortest traces and stay silent on the correct versions.
import { describe, expect, it } from 'vitest';
import { exploreStates } from './explore-states.js';
import { replaySteps } from './replay-steps.js';
import { firstEnabled, runScripted } from './run-scripted.js';
import type { TransitionSystem } from './transition-system.js';

type Op =
  | { kind: 'lock'; lock: string }
  | { kind: 'unlock'; lock: string }
  | { kind: 'read' }
  | { kind: 'write' };
interface ToyState {
  readonly pcs: readonly number[];
  readonly owners: Readonly<Record<string, number>>;
  readonly counter: number;
  readonly seen: readonly number[]; // value each thread read
}
type ToyStep = { thread: number };

/** Threads run straight-line programs over locks and one shared counter (counter++ = read; write). */
function toy(
  programs: readonly Op[][],
  expectCounter?: number,
): TransitionSystem<ToyState, ToyStep, string> {
  const op = (state: ToyState, thread: number) => programs[thread]?.[state.pcs[thread] ?? 0];
  return {
    initial: () => ({
      pcs: programs.map(() => 0),
      owners: {},
      counter: 0,
      seen: programs.map(() => 0),
    }),
    enabled: (state) =>
      programs.flatMap((_, thread) => {
        const next = op(state, thread);
        if (next === undefined) return [];
        if (next.kind === 'lock' && state.owners[next.lock] !== undefined) return [];
        return [{ thread }];
      }),
    apply: (state, step) => ({ state: applyToy(state, step), violations: [] }),
    key: (state) => JSON.stringify(state),
    stateViolations: (state, enabled) => (enabled.length === 0 ? stuck(state) : []),
    violationKey: (violation) => violation,
    stepRank: (step) => step.thread,
  };

  function applyToy(state: ToyState, { thread }: ToyStep): ToyState {
    const next = op(state, thread);
    const pcs = state.pcs.map((pc, index) => (index === thread ? pc + 1 : pc));
    if (next?.kind === 'lock')
      return { ...state, pcs, owners: { ...state.owners, [next.lock]: thread } };
    if (next?.kind === 'unlock') {
      const owners = { ...state.owners };
      delete owners[next.lock];
      return { ...state, pcs, owners };
    }
    if (next?.kind === 'read')
      return {
        ...state,
        pcs,
        seen: state.seen.map((value, index) => (index === thread ? state.counter : value)),
      };
    return { ...state, pcs, counter: (state.seen[thread] ?? 0) + 1 };
  }

  function stuck(state: ToyState): string[] {
    const unfinished = programs.some(
      (program, thread) => (state.pcs[thread] ?? 0) < program.length,
    );
    if (unfinished) return ['deadlock'];
    if (expectCounter !== undefined && state.counter !== expectCounter)
      return [`lost update: counter ${state.counter}`];
    return [];
  }
}

const lock = (name: string): Op => ({ kind: 'lock', lock: name });
const unlock = (name: string): Op => ({ kind: 'unlock', lock: name });
const increment: Op[] = [{ kind: 'read' }, { kind: 'write' }];

describe('exploreStates', () => {
  it('finds the ABBA deadlock with a shortest trace of two steps', () => {
    const system = toy([
      [lock('a'), lock('b'), unlock('b'), unlock('a')],
      [lock('b'), lock('a'), unlock('a'), unlock('b')],
    ]);
    const result = exploreStates(system);
    expect(result.exhaustive).toBe(true);
    expect(result.counterexamples).toEqual([
      { violation: 'deadlock', steps: [{ thread: 0 }, { thread: 1 }] },
    ]);
  });

  it('stays silent when both threads take the locks in the same order', () => {
    const system = toy([
      [lock('a'), lock('b'), unlock('b'), unlock('a')],
      [lock('a'), lock('b'), unlock('b'), unlock('a')],
    ]);
    expect(exploreStates(system).counterexamples).toEqual([]);
  });

  it('finds a lost update between two unlocked increments, and none under a lock', () => {
    const racy = exploreStates(toy([increment, increment], 2));
    expect(racy.counterexamples.map((found) => found.violation)).toEqual([
      'lost update: counter 1',
    ]);
    expect(racy.counterexamples[0]?.steps).toHaveLength(4);
    const locked = [lock('m'), ...increment, unlock('m')];
    expect(exploreStates(toy([locked, locked], 2)).counterexamples).toEqual([]);
  });

  it('is deterministic: same input, same findings, same traces', () => {
    const programs = [[lock('a'), ...increment, unlock('a')], increment, [lock('a'), unlock('a')]];
    expect(exploreStates(toy(programs, 2))).toEqual(exploreStates(toy(programs, 2)));
  });

  it('stops at the state budget and says it was not exhaustive', () => {
    const result = exploreStates(toy([increment, increment, increment], 3), {
      budget: { maxStates: 5 },
    });
    expect(result).toMatchObject({ exhaustive: false, stopReason: 'states', statesExplored: 5 });
  });

  it('stops on time with an injected clock', () => {
    let now = 0;
    const result = exploreStates(toy([increment, increment, increment], 3), {
      budget: { timeBudgetMs: 3, now: () => (now += 1) },
    });
    expect(result).toMatchObject({ exhaustive: false, stopReason: 'time' });
  });

  it('replays a counterexample to the same violation', () => {
    const system = toy([increment, increment], 2);
    const [found] = exploreStates(system).counterexamples;
    const replayed = replaySteps(system, found?.steps ?? []);
    expect(replayed.violations).toContain(found?.violation);
  });

  it('refuses to replay a step that is not enabled', () => {
    const system = toy([[lock('a')], [lock('a')]]);
    expect(() => replaySteps(system, [{ thread: 0 }, { thread: 1 }])).toThrow(/not enabled/);
  });
});

describe('runScripted', () => {
  it('runs the first enabled step each time: one thread to its end, then the next', () => {
    const system = toy([increment, increment], 2);
    const run = runScripted(system, system.initial());
    expect(run.steps).toBe(4);
    expect(run.cut).toBe(false);
    // Serial increments: no lost update on this schedule, though one exists.
    expect(run.violations).toEqual([]);
    expect(run.state.counter).toBe(2);
  });

  it('follows its scheduler: interleaved reads lose an update', () => {
    const system = toy([increment, increment], 2);
    let turn = 0;
    const run = runScripted(system, system.initial(), (_, enabled) => {
      const step = enabled[turn++ % enabled.length];
      return step ?? firstEnabled(_, enabled);
    });
    expect(run.violations).toEqual(['lost update: counter 1']);
  });

  it('ends on a state where nothing is enabled, and reports the deadlock there', () => {
    const system = toy([
      [lock('a'), lock('b')],
      [lock('b'), lock('a')],
    ]);
    let turn = 0;
    const run = runScripted(
      system,
      system.initial(),
      (_, enabled) => enabled[turn++ % enabled.length] ?? firstEnabled(_, enabled),
    );
    expect(run.violations).toEqual(['deadlock']);
  });

  it('stops at the step bound and says so', () => {
    const system = toy([increment, increment], 2);
    const run = runScripted(system, system.initial(), firstEnabled, 3);
    expect(run).toMatchObject({ steps: 3, cut: true });
  });
});
