// Small random thread programs for differential testing against SPIN: 2–3
// threads mixing mutexes, an rwlock, SRCU read sections and
// synchronize_srcu, shared accesses, a heap object that may be freed and
// cleared, lockdep assertions, and branches the model cannot decide. Locks
// are mostly nested properly; sometimes a lock is taken on one side of a
// branch only, so an unlock may find it not held.
import type { Stmt } from '@kvmsim/mmu-model';
import type { SimulationInput } from '../kvm/simulation-input.js';
import { e, fn, ir, program, thread } from './ir.js';

/** mulberry32: a small seeded PRNG, so every program is reproducible from its seed. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LOCKS = [
  { path: 'kvm.lock', modes: ['exclusive'] as const },
  { path: 'kvm.slots_lock', modes: ['exclusive'] as const },
  { path: 'kvm.mmu_lock', modes: ['read', 'write'] as const },
];
const PATHS = ['kvm.arch.a', 'kvm.arch.b', 'kvm.arch.obj.x'];

export function randomProgram(seed: number): SimulationInput {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  let budget = 0;

  const block = (depth: number, held: readonly string[], calls = true): Stmt[] => {
    const out: Stmt[] = [];
    const length = 1 + Math.floor(random() * 3);
    for (let index = 0; index < length && budget > 0; index += 1) {
      budget -= 1;
      const roll = random();
      if (roll < 0.25) out.push(random() < 0.5 ? ir.read(pick(PATHS)) : ir.write(pick(PATHS)));
      else if (roll < 0.45 && depth < 3) {
        const lock = pick(
          LOCKS.filter((candidate) => !held.includes(candidate.path) || random() < 0.1),
        );
        if (lock === undefined) continue;
        const mode = pick(lock.modes);
        out.push(
          ir.lock(lock.path, mode),
          ...block(depth + 1, [...held, lock.path], calls),
          ir.unlock(lock.path, mode),
        );
      } else if (roll < 0.55 && depth < 3)
        out.push(ir.srcuLock(), ...block(depth + 1, held, calls), ir.srcuUnlock());
      else if (roll < 0.62) out.push(ir.sync());
      else if (roll < 0.7) out.push(ir.kvfree(e.field('kvm.arch.obj')));
      else if (roll < 0.76) out.push(ir.store('kvm.arch.obj', e.null()));
      else if (roll < 0.82) {
        const lock = pick(LOCKS);
        out.push(ir.assertHeld(lock.path, 'any'));
      } else if (roll < 0.9 && depth < 3)
        out.push(
          ir.branch(
            random() < 0.5 ? e.unknown() : e.ne(e.field('kvm.arch.obj'), e.null()),
            block(depth + 1, held, calls),
            block(depth + 1, held, calls),
          ),
        );
      else if (roll < 0.95) {
        const lock = pick(LOCKS);
        const mode = pick(lock.modes);
        out.push(ir.branch(e.unknown(), [ir.lock(lock.path, mode)]), ir.unlock(lock.path, mode));
      } else if (calls) out.push(ir.call('helper', e.local('kvm')));
      else out.push(ir.mightSleep());
    }
    return out;
  };

  const threads = 2 + Math.floor(random() * 2);
  budget = 3;
  const helper = fn('helper', ['kvm'], block(2, [], false));
  const functions = [helper];
  for (let index = 0; index < threads; index += 1) {
    budget = 3 + Math.floor(random() * 4);
    functions.push(fn(`entry${index}`, ['kvm'], block(0, [])));
  }
  return {
    program: program(functions),
    threads: functions.slice(1).map((entry, index) => thread(`t${index}`, entry.name)),
    world: { fields: { 'kvm.arch.obj': { object: 'obj' }, 'kvm.arch.a': 0, 'kvm.arch.b': 0 } },
  };
}
