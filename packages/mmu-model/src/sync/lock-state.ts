// Kernel locks as pure transition rules: mutex (sleeping, owned, not
// recursive), spinlock and raw spinlock (atomic context, not recursive), and
// rwlock (many readers or one writer; arm64's kvm->mmu_lock). Blocking is
// explicit: an acquisition is either possible now, or blocked with a reason,
// so a simulator can tell "wait" from "never" (a thread that asks again for a
// lock it holds waits for itself: a self-deadlock).
import type { LockKind, LockMode } from '../ir/types.js';

export type ThreadId = number;

export interface LockHolder {
  readonly thread: ThreadId;
  readonly mode: LockMode;
}

export interface LockState {
  readonly kind: Exclude<LockKind, 'srcu'>;
  readonly holders: readonly LockHolder[];
}

export type AcquireCheck =
  | { readonly ok: true }
  | {
      readonly ok: false;
      /**
       * `held`: another thread holds it, wait. `recursive`: this thread already
       * holds it in a conflicting mode, it would wait for itself forever.
       */
      readonly reason: 'held' | 'recursive';
      readonly holders: readonly LockHolder[];
    };

export function newLock(kind: LockState['kind']): LockState {
  return { kind, holders: [] };
}

const RW_MODES: readonly LockMode[] = Object.freeze(['read', 'write']);
const EXCLUSIVE_MODES: readonly LockMode[] = Object.freeze(['exclusive']);
const OK: AcquireCheck = Object.freeze({ ok: true });

/** The modes a lock of `kind` can be taken in. */
export function modesOf(kind: LockState['kind']): readonly LockMode[] {
  return kind === 'rwlock' ? RW_MODES : EXCLUSIVE_MODES;
}

/** Whether `thread` could take `lock` in `mode` now. */
export function canAcquire(lock: LockState, thread: ThreadId, mode: LockMode): AcquireCheck {
  if (!modesOf(lock.kind).includes(mode)) {
    throw new TypeError(`a ${lock.kind} cannot be taken in ${mode} mode`);
  }
  // A simulator asks this in every state it explores: one pass, nothing allocated when free.
  let own = false;
  let others = false;
  let readers = true;
  for (const holder of lock.holders) {
    if (holder.thread === thread) own = true;
    else others = true;
    if (holder.mode !== 'read') readers = false;
  }
  // Readers share an rwlock; Linux rwlocks also let a reader nest read_lock.
  if (mode === 'read' && readers) return OK;
  if (own) return { ok: false, reason: 'recursive', holders: lock.holders };
  if (others) return { ok: false, reason: 'held', holders: lock.holders };
  return OK;
}

/** Takes the lock; call only after canAcquire said ok. */
export function acquire(lock: LockState, thread: ThreadId, mode: LockMode): LockState {
  const check = canAcquire(lock, thread, mode);
  if (!check.ok) throw new Error(`acquire of a ${lock.kind} that is ${check.reason}`);
  return { ...lock, holders: [...lock.holders, { thread, mode }] };
}

export type ReleaseResult =
  | { readonly ok: true; readonly lock: LockState }
  | { readonly ok: false; readonly reason: 'not-held' };

/** Releases one hold of `thread` in `mode`; releasing a lock not held is reported, not thrown. */
export function release(lock: LockState, thread: ThreadId, mode: LockMode): ReleaseResult {
  const index = lock.holders.findIndex(
    (holder) => holder.thread === thread && holder.mode === mode,
  );
  if (index < 0) return { ok: false, reason: 'not-held' };
  return {
    ok: true,
    lock: { ...lock, holders: lock.holders.filter((_, position) => position !== index) },
  };
}

/** Whether `thread` holds the lock in `mode` ('any' for any mode). */
export function holds(lock: LockState, thread: ThreadId, mode: LockMode | 'any'): boolean {
  return lock.holders.some(
    (holder) => holder.thread === thread && (mode === 'any' || holder.mode === mode),
  );
}

/** Taking a mutex may sleep; spinning locks may not, and make the holder atomic. */
export function acquireMaySleep(kind: LockKind): boolean {
  return kind === 'mutex';
}

/** Holding a lock of this kind puts the thread in atomic context (no sleeping allowed). */
export function isAtomicWhileHeld(kind: LockKind): boolean {
  return kind === 'spinlock' || kind === 'raw_spinlock' || kind === 'rwlock';
}
