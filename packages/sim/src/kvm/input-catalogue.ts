// The lock catalogue a simulation runs with: the input's (the KVM one by
// default) plus the locks the extractor found outside it, with the kind the
// API taking them implies. A catalogue entry always wins over an inferred one.
import {
  KVM_LOCK_CATALOGUE,
  lockKindOf,
  mergeLockCatalogues,
  type LockCatalogue,
} from '@kvmsim/mmu-model';
import type { SimulationInput } from './simulation-input.js';

export function inputLockCatalogue(
  input: Pick<SimulationInput, 'locks' | 'program'>,
): LockCatalogue {
  const base = input.locks ?? KVM_LOCK_CATALOGUE;
  return mergeLockCatalogues(base, {
    locks: (input.program.locks ?? []).filter((lock) => lockKindOf(base, lock.path) === undefined),
  });
}
