// The table of operations: every instruction that is a scheduling point, by
// name. The compiler, the KVM system, the footprints, traces and the Promela
// export look an operation up here; the mapped type makes a missing entry a
// compile error.
import { accessOp } from './access.js';
import type { AccessInstr } from './access.js';
import { allocOp } from './alloc.js';
import type { AllocInstr } from './alloc.js';
import { assertHeldOp } from './assert-held.js';
import type { AssertHeldInstr } from './assert-held.js';
import { assignOp } from './assign.js';
import type { AssignInstr } from './assign.js';
import { atomicOp } from './atomic.js';
import type { AtomicInstr } from './atomic.js';
import { cacheAllocOp } from './cache-alloc.js';
import type { CacheAllocInstr } from './cache-alloc.js';
import { cacheFreeOp } from './cache-free.js';
import type { CacheFreeInstr } from './cache-free.js';
import { cacheTopupOp } from './cache-topup.js';
import type { CacheTopupInstr } from './cache-topup.js';
import { freeOp } from './free.js';
import type { FreeInstr } from './free.js';
import { lockOp } from './lock.js';
import type { LockInstr } from './lock.js';
import { mightSleepOp } from './might-sleep.js';
import type { MightSleepInstr } from './might-sleep.js';
import type { OpName, Operation } from './operation.js';
import { readOp } from './read.js';
import type { ReadInstr } from './read.js';
import { srcuReadLockOp } from './srcu-read-lock.js';
import type { SrcuReadLockInstr } from './srcu-read-lock.js';
import { srcuReadUnlockOp } from './srcu-read-unlock.js';
import type { SrcuReadUnlockInstr } from './srcu-read-unlock.js';
import { synchronizeSrcuOp } from './synchronize-srcu.js';
import type { SynchronizeSrcuInstr } from './synchronize-srcu.js';
import { unlockOp } from './unlock.js';
import type { UnlockInstr } from './unlock.js';
import { warnOp } from './warn.js';
import type { WarnInstr } from './warn.js';
import { worldOp } from './world.js';
import type { WorldInstr } from './world.js';

export const OPERATIONS: { readonly [K in OpName]: Operation<K> } = {
  read: readOp,
  lock: lockOp,
  unlock: unlockOp,
  srcu_read_lock: srcuReadLockOp,
  srcu_read_unlock: srcuReadUnlockOp,
  synchronize_srcu: synchronizeSrcuOp,
  access: accessOp,
  assign: assignOp,
  alloc: allocOp,
  free: freeOp,
  cache_topup: cacheTopupOp,
  cache_alloc: cacheAllocOp,
  cache_free: cacheFreeOp,
  assert_held: assertHeldOp,
  warn: warnOp,
  might_sleep: mightSleepOp,
  atomic: atomicOp,
  world: worldOp,
};

/** The operation of `op` (typed loosely, for callers that hold an instruction of any kind). */
export function operation(op: OpName): Operation<OpName> {
  return OPERATIONS[op] as unknown as Operation<OpName>;
}

/** Whether `name` is an operation of the table (an IR statement kind that is a scheduling point). */
export function isOpName(name: string): name is OpName {
  return Object.hasOwn(OPERATIONS, name);
}

/** Every instruction that is a scheduling point: the instructions of the operations. */
export type VisibleInstr =
  | ReadInstr
  | LockInstr
  | UnlockInstr
  | SrcuReadLockInstr
  | SrcuReadUnlockInstr
  | SynchronizeSrcuInstr
  | AccessInstr
  | AssignInstr
  | AllocInstr
  | FreeInstr
  | CacheTopupInstr
  | CacheAllocInstr
  | CacheFreeInstr
  | AssertHeldInstr
  | WarnInstr
  | MightSleepInstr
  | WorldInstr
  | AtomicInstr;
