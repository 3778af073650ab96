// The detectors that look at one state rather than one step: a data race
// (two threads poised at conflicting accesses), a deadlock (no thread can
// move and some has not finished; each blocked thread says what it waits for)
// and, when the scenario destroys the VM, leaks once every thread finished.
import { dataRaces } from '../detectors/data-race.js';
import type { Wait } from '../detectors/deadlock.js';
import { deadlock } from '../detectors/deadlock.js';
import { leaks } from '../detectors/leak.js';
import { operation } from '../ops/index.js';
import type { CompiledFunction, Instr } from '../program/compiled.js';
import { isVisible } from '../program/compiled.js';
import { resolvePath } from '../program/eval-expr.js';
import type { Observation, Violation } from './observation.js';
import type { Frame, PoisedAccess, SimState, SimStep, Site } from './sim-state.js';

const NOTHING_POISED: readonly PoisedAccess[] = Object.freeze([]);

/** What the state detectors need of their system. */
export interface StateDetectorHost {
  readonly threadCount: number;
  readonly destroysVm: boolean;
  current(
    state: SimState,
    thread: number,
  ): { instr: Instr; frame: Frame; fn: CompiledFunction } | undefined;
  site(fn: CompiledFunction, pc: number): Site;
  threadName(thread: number): string;
}

export class StateDetectors {
  private readonly poisedScratch: (readonly PoisedAccess[])[] = [];
  private readonly raceMemo: (readonly Violation[] | undefined)[][][] = [];

  constructor(private readonly host: StateDetectorHost) {}

  /** What a poised thread is about to touch: paths and whether it writes. */
  poisedAccesses(state: SimState, thread: number): readonly PoisedAccess[] {
    const t = state.threads[thread];
    if (t === undefined || t.stopped || t.waitFor !== undefined) return NOTHING_POISED;
    const frame = t.frames[t.frames.length - 1];
    if (frame === undefined) return NOTHING_POISED;
    if (frame.poised === undefined) {
      const at = this.host.current(state, thread);
      frame.poised = at === undefined ? NOTHING_POISED : this.poisedAt(at);
    }
    return frame.poised;
  }

  private poisedAt(at: { instr: Instr; frame: Frame; fn: CompiledFunction }): PoisedAccess[] {
    const { instr, frame, fn } = at;
    if (!isVisible(instr)) return [];
    const accesses = operation(instr.op).accesses(instr, (ref) => resolvePath(ref, frame.slots));
    if (accesses.length === 0) return [];
    const site = this.host.site(fn, frame.pc);
    return accesses.map((access) => ({ path: access.path, write: access.write, site }));
  }

  /** The violations of `state` itself, given its enabled steps. */
  violations(state: SimState, enabled: readonly SimStep[]): Observation[] {
    const out: Observation[] = [];
    // Data races: two threads poised at conflicting accesses to one location.
    const poised = this.poisedScratch;
    let accessing = 0;
    for (let thread = 0; thread < state.threads.length; thread += 1) {
      poised[thread] = this.poisedAccesses(state, thread);
      if ((poised[thread] as readonly PoisedAccess[]).length > 0) accessing += 1;
    }
    poised.length = state.threads.length;
    for (let a = 0; accessing > 1 && a < poised.length; a += 1) {
      const lefts = poised[a] as readonly PoisedAccess[];
      if (lefts.length === 0) continue;
      for (let b = a + 1; b < poised.length; b += 1) {
        const rights = poised[b] as readonly PoisedAccess[];
        if (rights.length === 0) continue;
        const races = this.racesBetween(state, a, b, lefts, rights);
        for (let index = 0; index < races.length; index += 1) out.push(races[index] as Violation);
      }
    }
    if (enabled.length > 0) return out;
    const blocked = state.threads.flatMap((thread, index) =>
      thread.frames.length > 0 && !thread.stopped ? [index] : [],
    );
    if (blocked.length > 0) {
      out.push(this.deadlock(state, blocked));
      return out;
    }
    if (this.host.destroysVm) out.push(...leaks(state.objects));
    return out;
  }

  /**
   * The data races of threads `a` and `b` poised at `lefts` and `rights`.
   * What a thread is poised at depends only on its innermost frame, so the
   * answer is kept per pair of threads and pair of frame ids.
   */
  private racesBetween(
    state: SimState,
    a: number,
    b: number,
    lefts: readonly PoisedAccess[],
    rights: readonly PoisedAccess[],
  ): readonly Violation[] {
    const left = state.threads[a]?.frames.at(-1)?.keyId ?? -1;
    const right = state.threads[b]?.frames.at(-1)?.keyId ?? -1;
    if (left < 0 || right < 0)
      return dataRaces(a, b, lefts, rights, (thread) => this.host.threadName(thread));
    // Frame ids are dense small integers: tables indexed by them, not maps.
    const byLeft = (this.raceMemo[a * this.host.threadCount + b] ??= []);
    const byRight = (byLeft[left] ??= []);
    let races = byRight[right];
    if (races === undefined) {
      races = dataRaces(a, b, lefts, rights, (thread) => this.host.threadName(thread));
      byRight[right] = races;
    }
    return races;
  }

  /** A state where the live threads are all blocked: each says what it waits for. */
  private deadlock(state: SimState, blocked: readonly number[]): Violation {
    const waits = new Map<number, Wait>();
    for (const thread of blocked) {
      const at = this.host.current(state, thread);
      if (at === undefined) continue;
      const { instr, frame, fn } = at;
      const site = { function: fn.name, loc: instr.loc };
      const waitsAt = isVisible(instr) ? operation(instr.op).waits : undefined;
      const wait =
        waitsAt === undefined || !isVisible(instr)
          ? undefined
          : waitsAt(instr, {
              state,
              thread,
              fn: fn.name,
              path: (ref) => resolvePath(ref, frame.slots),
              name: (other) => (other === thread ? 'itself' : this.host.threadName(other)),
            });
      waits.set(
        thread,
        wait === undefined
          ? {
              text: `${this.host.threadName(thread)} is stuck in ${fn.name}`,
              site,
              on: fn.name,
              for: [],
            }
          : {
              text: `${this.host.threadName(thread)} ${wait.text}`,
              site,
              on: wait.on,
              for: wait.for,
            },
      );
    }
    return deadlock(blocked, waits);
  }
}
