// The kernel API a lock operation is written with, for messages and traces:
// `mutex_lock`, `spin_unlock`, `write_trylock`.
import type { LockKind, LockMode } from '@kvmsim/mmu-model';

export function lockCall(kind: LockKind, mode: LockMode, unlock: boolean, tryLock = false): string {
  const verb = unlock ? 'unlock' : tryLock ? 'trylock' : 'lock';
  switch (kind) {
    case 'mutex':
      return `mutex_${verb}`;
    case 'spinlock':
      return `spin_${verb}`;
    case 'raw_spinlock':
      return `raw_spin_${verb}`;
    case 'rwlock':
      return `${mode}_${verb}`;
    default:
      return verb;
  }
}
