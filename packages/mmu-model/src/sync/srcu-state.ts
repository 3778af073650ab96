// Sleepable RCU (SRCU) as pure rules: read sections are tagged with an id;
// synchronize_srcu() and synchronize_srcu_expedited() wait for every read
// section that began before them, and not for those that begin after (the
// grace period guarantee). A reader blocked on a lock the synchroniser holds
// therefore deadlocks the synchroniser: the seed thread's slots_lock case.

export interface SrcuState {
  /** Read sections in progress: id and owning thread. */
  readonly readers: readonly { readonly id: number; readonly thread: number }[];
  readonly nextReaderId: number;
}

export const EMPTY_SRCU: SrcuState = { readers: [], nextReaderId: 1 };

/** srcu_read_lock(): never blocks. Returns the section id (the C index stand-in). */
export function srcuReadLock(state: SrcuState, thread: number): { state: SrcuState; id: number } {
  const id = state.nextReaderId;
  return { state: { readers: [...state.readers, { id, thread }], nextReaderId: id + 1 }, id };
}

/** srcu_read_unlock(): ends the thread's innermost section; `ok: false` when it has none. */
export function srcuReadUnlock(
  state: SrcuState,
  thread: number,
): { ok: true; state: SrcuState } | { ok: false } {
  const own = state.readers.filter((reader) => reader.thread === thread);
  const last = own.at(-1);
  if (last === undefined) return { ok: false };
  return {
    ok: true,
    state: { ...state, readers: state.readers.filter((reader) => reader.id !== last.id) },
  };
}

/** The read sections a synchronize_srcu() starting now must wait for. */
export function gracePeriodWaitSet(state: SrcuState): readonly number[] {
  return state.readers.map((reader) => reader.id);
}

/** Whether a synchronize_srcu() that began with `waitSet` may return now. */
export function gracePeriodElapsed(state: SrcuState, waitSet: readonly number[]): boolean {
  return !state.readers.some((reader) => waitSet.includes(reader.id));
}

/** Whether `thread` is inside a read section. */
export function inReadSection(state: SrcuState, thread: number): boolean {
  return state.readers.some((reader) => reader.thread === thread);
}
