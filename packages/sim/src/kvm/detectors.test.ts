// Each detector on a case where it must fire and one where it must stay
// silent, on small thread programs written in the IR. Every finding's trace
// must replay to the same finding.
import { describe, expect, it } from 'vitest';
import type { FunctionModel, GuardRule, Stmt } from '@kvmsim/mmu-model';
import { e, fn, ir, program, thread } from '../test-helpers/ir.js';
import { REDUCTIONS, type SimulationInput } from './simulation-input.js';
import { replayFinding, simulate } from './simulate.js';

function run(input: SimulationInput) {
  const result = simulate(input);
  for (const finding of result.findings) {
    // A failing replay prints the steps to paste into replay(input, steps).
    expect(replayFinding(input, finding), JSON.stringify(finding.steps)).toBe(true);
  }
  // The reductions must not change what is found.
  for (const reduction of REDUCTIONS) {
    const other = simulate({ ...input, options: { ...input.options, reduction } });
    expect(other.findings.map((f) => f.key).sort(), reduction).toEqual(
      result.findings.map((f) => f.key).sort(),
    );
  }
  return result;
}

const kinds = (input: SimulationInput) => run(input).findings.map((finding) => finding.kind);

function twice(entry: FunctionModel, ...more: FunctionModel[]): SimulationInput {
  return {
    program: program([entry, ...more]),
    threads: [thread('first', entry.name), thread('second', entry.name)],
  };
}

describe('double-free', () => {
  // The seed's bug: two flushes both read kvm->arch.nested_mmus before either frees it.
  const flush = (locked: boolean) =>
    fn(
      'flush',
      ['kvm'],
      [
        ...(locked ? [ir.lock('kvm.mmu_lock', 'write')] : []),
        ir.kvfree(e.field('kvm.arch.nested_mmus')),
        ir.store('kvm.arch.nested_mmus', e.null()),
        ...(locked ? [ir.unlock('kvm.mmu_lock', 'write')] : []),
      ],
    );
  const world = { fields: { 'kvm.arch.nested_mmus': { object: 'nested_mmus' } } };

  it('fires when two unlocked flushes free the same array', () => {
    const result = run({ ...twice(flush(false)), world });
    const found = result.findings.find((finding) => finding.kind === 'double-free');
    expect(found?.message).toMatch(/frees nested_mmus again with kvfree/);
    // Four steps: the second flush reads the pointer before the first clears it.
    expect(found?.trace.map((step) => `${step.thread}: ${step.text}`)).toEqual([
      'first: read kvm.arch.nested_mmus',
      'first: kvfree(nested_mmus#0)',
      'second: read kvm.arch.nested_mmus',
      'second: kvfree(nested_mmus#0)',
    ]);
  });

  it('is silent when the flush holds the MMU write lock', () => {
    expect(kinds({ ...twice(flush(true)), world })).toEqual([]);
  });

  it('fires on the memory cache freed twice concurrently, silent when serialised', () => {
    const free = (locked: boolean) =>
      fn(
        'uninit',
        ['kvm'],
        locked
          ? ir.guard('kvm.mmu_lock', 'write', [ir.cacheFree('kvm.arch.mmu.split_page_cache')])
          : [ir.cacheFree('kvm.arch.mmu.split_page_cache')],
      );
    const caches = { 'kvm.arch.mmu.split_page_cache': { capacity: 2, nobjs: 2 } };
    const racy = run({ ...twice(free(false)), world: { caches } });
    expect(racy.findings.map((finding) => finding.subject)).toContain(
      'kvm.arch.mmu.split_page_cache.objects',
    );
    expect(kinds({ ...twice(free(true)), world: { caches } })).toEqual([]);
  });
});

describe('use-after-free', () => {
  const freer = fn(
    'teardown',
    ['kvm'],
    [ir.kvfree(e.field('kvm.arch.nested_mmus')), ir.store('kvm.arch.nested_mmus', e.null())],
  );
  const world = { fields: { 'kvm.arch.nested_mmus': { object: 'nested_mmus' } } };

  it('fires when one thread touches an element of an array another freed', () => {
    const user = fn('walk', ['kvm'], [ir.write('kvm.arch.nested_mmus[*].pgt')]);
    const result = run({
      program: program([freer, user]),
      threads: [thread('teardown', 'teardown'), thread('walk', 'walk')],
      world,
    });
    expect(result.findings.map((finding) => finding.kind)).toContain('use-after-free');
  });

  it('is silent when the user checks the pointer under the lock the freer holds', () => {
    const lockedFreer = fn(
      'teardown',
      ['kvm'],
      ir.guard('kvm.mmu_lock', 'write', freer.body.slice()),
    );
    const user = fn(
      'walk',
      ['kvm'],
      ir.guard('kvm.mmu_lock', 'write', [
        ir.branch(e.ne(e.field('kvm.arch.nested_mmus'), e.null()), [
          ir.write('kvm.arch.nested_mmus[*].pgt'),
        ]),
      ]),
    );
    expect(
      kinds({
        program: program([lockedFreer, user]),
        threads: [thread('teardown', 'teardown'), thread('walk', 'walk')],
        world,
      }),
    ).toEqual([]);
  });
});

describe('data-race', () => {
  it('fires on an unlocked write against a read, with both accesses in the trace', () => {
    const writer = fn('writer', ['kvm'], [ir.write('kvm.arch.flags')]);
    const reader = fn('reader', ['kvm'], [ir.read('kvm.arch.flags')]);
    const result = run({
      program: program([writer, reader]),
      threads: [thread('w', 'writer'), thread('r', 'reader')],
    });
    expect(result.findings.map((finding) => finding.kind)).toEqual(['data-race']);
    expect(result.findings[0]?.trace.map((step) => step.text)).toEqual([
      'write kvm.arch.flags',
      'read kvm.arch.flags',
    ]);
  });

  it('is silent for two readers and for accesses under one lock', () => {
    const reader = fn('reader', ['kvm'], [ir.read('kvm.arch.flags')]);
    expect(kinds(twice(reader))).toEqual([]);
    const locked = fn(
      'locked',
      ['kvm'],
      ir.guard('kvm.lock', 'exclusive', [ir.write('kvm.arch.flags')]),
    );
    expect(kinds(twice(locked))).toEqual([]);
  });

  it('fires on writes under the read side of an rwlock', () => {
    const writer = fn(
      'writer',
      ['kvm'],
      ir.guard('kvm.mmu_lock', 'read', [ir.write('kvm.arch.flags')]),
    );
    expect(kinds(twice(writer))).toEqual(['data-race']);
  });
});

describe('warn', () => {
  const cache = 'kvm.arch.mmu.split_page_cache';

  it("fires on the memory cache's capacity WARN when two topups disagree", () => {
    // The seed's chunk-size change: the cache was filled for one chunk size, the next topup asks for another.
    const split = fn('split', ['kvm'], [ir.topup(cache, e.param('capacity'), e.num(1))]);
    const result = run({
      program: program([split]),
      threads: [thread('split', 'split')],
      world: { caches: { [cache]: { capacity: 513, nobjs: 0 } } },
      params: { capacity: 1025 },
    });
    expect(result.findings.map((finding) => finding.kind)).toEqual(['warn']);
    expect(result.findings[0]?.message).toMatch(/illegal to request a different capacity/);
  });

  it('is silent when the capacity stays the same, and for a WARN_ON whose condition is false or unknown', () => {
    const split = fn(
      'split',
      ['kvm'],
      [ir.topup(cache, e.num(513), e.num(1)), ir.warn(e.bool(false)), ir.warn(e.unknown())],
    );
    expect(
      kinds({
        program: program([split]),
        threads: [thread('split', 'split')],
        world: { caches: { [cache]: { capacity: 513, nobjs: 0 } } },
      }),
    ).toEqual([]);
  });

  it('fires on a WARN_ON whose condition holds', () => {
    const check = fn('check', ['kvm'], [ir.warn(e.eq(e.field(`${cache}.capacity`), e.num(0)))]);
    const world = (capacity: number) => ({ caches: { [cache]: { capacity, nobjs: 0 } } });
    const input = { program: program([check]), threads: [thread('check', 'check')] };
    expect(kinds({ ...input, world: world(0) })).toEqual(['warn']);
    expect(kinds({ ...input, world: world(513) })).toEqual([]);
  });
});

describe('deadlock', () => {
  it('fires on ABBA and is silent when both take the locks in one order', () => {
    const ab = fn(
      'ab',
      ['kvm'],
      [
        ir.lock('kvm.lock'),
        ir.lock('kvm.slots_lock'),
        ir.unlock('kvm.slots_lock'),
        ir.unlock('kvm.lock'),
      ],
    );
    const ba = fn(
      'ba',
      ['kvm'],
      [
        ir.lock('kvm.slots_lock'),
        ir.lock('kvm.lock'),
        ir.unlock('kvm.lock'),
        ir.unlock('kvm.slots_lock'),
      ],
    );
    const result = run({
      program: program([ab, ba]),
      threads: [thread('a', 'ab'), thread('b', 'ba')],
    });
    expect(result.findings.map((finding) => finding.kind).sort()).toEqual([
      'deadlock',
      'lock-order',
    ]);
    expect(result.findings.find((finding) => finding.kind === 'deadlock')?.steps).toHaveLength(2);
    expect(kinds(twice(ab))).toEqual([]);
  });

  it('runs locks outside the catalogue with the kind the extractor inferred, and only those', () => {
    const lock = (first: string, second: string) =>
      fn(
        `${first}_then_${second}`,
        ['kvm'],
        [ir.lock(first), ir.lock(second), ir.unlock(second), ir.unlock(first)],
      );
    const inferred = ['kvm_lock', 'kvm_usage_lock'].map((path) => ({
      path,
      kind: 'mutex' as const,
      description: 'inferred from mutex_lock()',
      source: 'virt/kvm/kvm_main.c:1',
    }));
    const functions = [lock('kvm_lock', 'kvm_usage_lock'), lock('kvm_usage_lock', 'kvm_lock')];
    const input: SimulationInput = {
      program: { ...program(functions), locks: inferred },
      threads: [
        thread('a', 'kvm_lock_then_kvm_usage_lock'),
        thread('b', 'kvm_usage_lock_then_kvm_lock'),
      ],
    };
    expect(kinds(input).sort()).toEqual(['deadlock', 'lock-order']);
    // Without the inferred kinds the program names locks nobody knows: an input error.
    expect(() => simulate({ ...input, program: program(functions) })).toThrow(
      /unknown lock 'kvm_lock'/,
    );
  });

  it('fires when a callee takes the write lock its caller already holds', () => {
    // patch 1's first version: the flush takes mmu_lock and calls a function that takes it again.
    const callee = fn(
      'free_pgd',
      ['kvm'],
      ir.guard('kvm.mmu_lock', 'write', [ir.write('kvm.arch.mmu.pgt')]),
    );
    const caller = fn(
      'flush',
      ['kvm'],
      ir.guard('kvm.mmu_lock', 'write', [ir.call('free_pgd', e.local('kvm'))]),
    );
    const result = run({ program: program([caller, callee]), threads: [thread('flush', 'flush')] });
    expect(result.findings.map((finding) => finding.kind)).toEqual(['deadlock']);
    expect(result.findings[0]?.message).toMatch(/kvm\.mmu_lock, held by itself/);
  });

  it('lets a constant argument decide the callee: __kvm_free_stage2_pgd(mmu, true) never locks', () => {
    const callee = fn(
      'free_pgd',
      ['kvm', 'locked'],
      [
        ir.branch(e.not(e.local('locked')), [ir.lock('kvm.mmu_lock', 'write')]),
        ir.write('kvm.arch.mmu.pgt'),
        ir.branch(e.not(e.local('locked')), [ir.unlock('kvm.mmu_lock', 'write')]),
      ],
    );
    const caller = fn(
      'flush',
      ['kvm'],
      ir.guard('kvm.mmu_lock', 'write', [ir.call('free_pgd', e.local('kvm'), e.bool(true))]),
    );
    expect(
      kinds({ program: program([caller, callee]), threads: [thread('flush', 'flush')] }),
    ).toEqual([]);
  });

  it('fires when synchronize_srcu waits for a reader that waits for the lock the synchroniser holds', () => {
    // James's point: the flush runs inside kvm->srcu, so it cannot take slots_lock.
    const reader = fn(
      'flush',
      ['kvm'],
      [ir.srcuLock(), ir.lock('kvm.slots_lock'), ir.unlock('kvm.slots_lock'), ir.srcuUnlock()],
    );
    const updater = fn(
      'set_memory',
      ['kvm'],
      [ir.lock('kvm.slots_lock'), ir.sync(), ir.unlock('kvm.slots_lock')],
    );
    const result = run({
      program: program([reader, updater]),
      threads: [thread('flush', 'flush'), thread('ioctl', 'set_memory')],
    });
    expect(result.findings.map((finding) => finding.kind).sort()).toEqual([
      'deadlock',
      'lock-order',
    ]);
    expect(result.findings.find((f) => f.kind === 'deadlock')?.message).toMatch(
      /synchronize_srcu\(kvm\.srcu\).*read section of flush/,
    );
    const harmless = fn(
      'flush',
      ['kvm'],
      [
        ir.srcuLock(),
        ir.lock('kvm.slots_arch_lock'),
        ir.unlock('kvm.slots_arch_lock'),
        ir.srcuUnlock(),
      ],
    );
    expect(
      kinds({
        program: program([harmless, updater]),
        threads: [thread('flush', 'flush'), thread('ioctl', 'set_memory')],
      }),
    ).toEqual([]);
  });
});

describe('lock-order', () => {
  it('fires on a cycle no interleaving deadlocks on, because an outer lock serialises it', () => {
    const ab = fn(
      'ab',
      ['kvm'],
      ir.guard('kvm.lock', 'exclusive', [
        ir.lock('kvm.slots_lock'),
        ir.lock('kvm.slots_arch_lock'),
        ir.unlock('kvm.slots_arch_lock'),
        ir.unlock('kvm.slots_lock'),
      ]),
    );
    const ba = fn(
      'ba',
      ['kvm'],
      ir.guard('kvm.lock', 'exclusive', [
        ir.lock('kvm.slots_arch_lock'),
        ir.lock('kvm.slots_lock'),
        ir.unlock('kvm.slots_lock'),
        ir.unlock('kvm.slots_arch_lock'),
      ]),
    );
    const result = run({
      program: program([ab, ba]),
      threads: [thread('a', 'ab'), thread('b', 'ba')],
    });
    expect(result.findings.map((finding) => finding.kind)).toEqual(['lock-order']);
    expect(result.findings[0]?.message).toMatch(
      /kvm\.slots_arch_lock → kvm\.slots_lock → kvm\.slots_arch_lock/,
    );
  });

  it('fires when one thread takes slots_lock inside kvm->srcu, against the documented order', () => {
    const flush = fn(
      'flush',
      ['kvm'],
      [ir.srcuLock(), ir.lock('kvm.slots_lock'), ir.unlock('kvm.slots_lock'), ir.srcuUnlock()],
    );
    const result = run({ program: program([flush]), threads: [thread('flush', 'flush')] });
    expect(result.findings.map((finding) => finding.kind)).toEqual(['lock-order']);
    expect(result.findings[0]?.message).toMatch(
      /documented: Documentation\/virt\/kvm\/locking\.rst/,
    );
  });

  it('is silent when every thread follows the documented order', () => {
    const ok = fn(
      'ok',
      ['kvm'],
      [
        ir.lock('kvm.lock'),
        ir.lock('kvm.slots_lock'),
        ir.unlock('kvm.slots_lock'),
        ir.unlock('kvm.lock'),
      ],
    );
    expect(kinds(twice(ok))).toEqual([]);
  });
});

describe('sleep-in-atomic', () => {
  it('fires on a mutex taken under a spinning lock, silent under a mutex', () => {
    const bad = fn(
      'bad',
      ['kvm'],
      ir.guard('kvm.mmu_lock', 'write', [ir.lock('kvm.slots_lock'), ir.unlock('kvm.slots_lock')]),
    );
    expect(kinds({ program: program([bad]), threads: [thread('t', 'bad')] })).toContain(
      'sleep-in-atomic',
    );
    const ok = fn(
      'ok',
      ['kvm'],
      ir.guard('kvm.lock', 'exclusive', [
        ir.mightSleep(),
        ir.lock('kvm.slots_lock'),
        ir.unlock('kvm.slots_lock'),
      ]),
    );
    expect(kinds({ program: program([ok]), threads: [thread('t', 'ok')] })).toEqual([]);
  });

  it('fires on sleeping inside preempt_disable()/local_irq_save(), silent once both are left', () => {
    const at = { file: 'arch/arm64/kvm/mmu.c', line: 1, column: 1 };
    const section = (name: string, enter: boolean, api: string): Stmt => ({
      op: 'atomic',
      section: name,
      enter,
      api,
      loc: at,
    });
    const bad = fn(
      'bad',
      ['kvm'],
      [
        section('preempt', true, 'preempt_disable'),
        section('irq', true, 'local_irq_save'),
        section('irq', false, 'local_irq_restore'),
        ir.lock('kvm.slots_lock'),
        ir.unlock('kvm.slots_lock'),
        section('preempt', false, 'preempt_enable'),
      ],
    );
    const result = run({ program: program([bad]), threads: [thread('t', 'bad')] });
    expect(result.findings.map((finding) => [finding.kind, finding.rule])).toEqual([
      ['sleep-in-atomic', 'sleep-while-atomic'],
    ]);
    expect(result.findings[0]?.message).toMatch(/mutex_lock.*in a preempt section/);
    const ok = fn(
      'ok',
      ['kvm'],
      [
        section('preempt', true, 'preempt_disable'),
        section('preempt', false, 'preempt_enable'),
        ir.lock('kvm.slots_lock'),
        ir.unlock('kvm.slots_lock'),
      ],
    );
    expect(kinds({ program: program([ok]), threads: [thread('t', 'ok')] })).toEqual([]);
  });

  it('a section left that was never entered is a notice, not a finding', () => {
    const at = { file: 'arch/arm64/kvm/mmu.c', line: 7, column: 1 };
    const stray = fn(
      'stray',
      ['kvm'],
      [
        { op: 'atomic', section: 'preempt', enter: false, api: 'preempt_enable', loc: at },
        ir.lock('kvm.slots_lock'),
        ir.unlock('kvm.slots_lock'),
      ],
    );
    const result = run({ program: program([stray]), threads: [thread('t', 'stray')] });
    expect(result.findings).toEqual([]);
    expect(result.notices.map((notice) => notice.message)).toEqual([
      'preempt_enable() in stray leaves a preempt section the thread is not in; ignored',
    ]);
  });

  it('fires on a topup that allocates under mmu_lock', () => {
    const bad = fn(
      'bad',
      ['kvm'],
      ir.guard('kvm.mmu_lock', 'write', [
        ir.topup('kvm.arch.mmu.split_page_cache', e.num(2), e.num(2)),
      ]),
    );
    expect(kinds({ program: program([bad]), threads: [thread('t', 'bad')] })).toEqual([
      'sleep-in-atomic',
    ]);
  });
});

describe('missing-lock', () => {
  const uninit = fn(
    'uninit',
    ['kvm'],
    [ir.assertHeld('kvm.mmu_lock', 'write', 'lockdep_assert_held_write')],
  );

  it('fires on a failed lockdep assertion, silent when the caller holds the lock', () => {
    const bare = fn('destroy', ['kvm'], [ir.call('uninit', e.local('kvm'))]);
    const result = run({ program: program([bare, uninit]), threads: [thread('t', 'destroy')] });
    expect(result.findings.map((finding) => finding.kind)).toEqual(['missing-lock']);
    expect(result.findings[0]?.message).toMatch(
      /lockdep_assert_held_write\(kvm\.mmu_lock\) fails in uninit/,
    );
    const held = fn(
      'destroy',
      ['kvm'],
      ir.guard('kvm.mmu_lock', 'write', [ir.call('uninit', e.local('kvm'))]),
    );
    expect(kinds({ program: program([held, uninit]), threads: [thread('t', 'destroy')] })).toEqual(
      [],
    );
  });

  it('fires on an access that breaks a guarded-by rule, silent under the guard', () => {
    const rule: GuardRule = {
      path: 'kvm.arch.mmu.split_page_cache',
      lock: 'kvm.slots_lock',
      mode: 'any',
      loc: { file: 'arch/arm64/include/asm/kvm_host.h', line: 170, column: 2 },
      text: 'Protected by kvm->slots_lock',
    };
    const bare = fn('free_cache', ['kvm'], [ir.cacheFree('kvm.arch.mmu.split_page_cache')]);
    const result = run({ program: program([bare], [rule]), threads: [thread('t', 'free_cache')] });
    expect(result.findings.map((finding) => finding.kind)).toEqual(['missing-lock']);
    const locked = fn(
      'free_cache',
      ['kvm'],
      ir.guard('kvm.slots_lock', 'exclusive', [ir.cacheFree('kvm.arch.mmu.split_page_cache')]),
    );
    expect(
      kinds({ program: program([locked], [rule]), threads: [thread('t', 'free_cache')] }),
    ).toEqual([]);
  });

  it('reports an unlock of a lock not held as a finding, not a crash', () => {
    const sometimes = fn(
      'sometimes',
      ['kvm'],
      [ir.branch(e.unknown('flag'), [ir.lock('kvm.lock')]), ir.unlock('kvm.lock')],
    );
    const result = run({ program: program([sometimes]), threads: [thread('t', 'sometimes')] });
    expect(result.findings.map((finding) => finding.kind)).toEqual(['missing-lock']);
    expect(result.findings[0]?.restsOnUnknown).toBe(true);
  });
});

describe('leak', () => {
  it('fires on an object still allocated when the VM is destroyed, silent once freed', () => {
    const leaky = fn('init', ['kvm'], [ir.alloc('kvm.arch.nested_mmus', 'nested_mmus')]);
    const result = run({
      program: program([leaky]),
      threads: [thread('t', 'init')],
      destroysVm: true,
    });
    expect(result.findings.map((finding) => finding.kind)).toEqual(['leak']);
    const tidy = fn(
      'init',
      ['kvm'],
      [ir.alloc('kvm.arch.nested_mmus', 'nested_mmus'), ir.kvfree(e.field('kvm.arch.nested_mmus'))],
    );
    expect(
      kinds({ program: program([tidy]), threads: [thread('t', 'init')], destroysVm: true }),
    ).toEqual([]);
    expect(kinds({ program: program([leaky]), threads: [thread('t', 'init')] })).toEqual([]);
  });

  it('counts cache pages: a cache that is never freed leaks', () => {
    const fill = fn(
      'fill',
      ['kvm'],
      [ir.topup('kvm.arch.mmu.split_page_cache', e.num(2), e.num(2))],
    );
    const result = run({
      program: program([fill]),
      threads: [thread('t', 'fill')],
      destroysVm: true,
    });
    expect(result.findings.map((finding) => finding.message).sort()).toEqual([
      '2 × kvm.arch.mmu.split_page_cache page still allocated when the scenario ends with the VM destroyed',
      'kvm.arch.mmu.split_page_cache.objects still allocated when the scenario ends with the VM destroyed',
    ]);
  });
});

describe('use-after-free through a memory cache', () => {
  it('fires when a cache allocation uses pages another thread freed after it read the cache', () => {
    const cache = 'kvm.arch.mmu.split_page_cache';
    const split = fn('split', ['kvm'], [ir.cacheAlloc(cache)]);
    const flush = fn('flush', ['kvm'], [ir.cacheFree(cache)]);
    const result = run({
      program: program([split, flush]),
      threads: [thread('split', 'split'), thread('flush', 'flush')],
      world: { caches: { [cache]: { capacity: 2, nobjs: 2 } } },
    });
    expect(result.findings.map((finding) => finding.kind)).toContain('use-after-free');
    // Under the lock the flush also takes, and only from a cache that still has pages: silent.
    const serial = fn(
      'split',
      ['kvm'],
      ir.guard('kvm.mmu_lock', 'write', [
        ir.branch(e.ne(e.field(`${cache}.nobjs`), e.num(0)), [ir.cacheAlloc(cache)]),
      ]),
    );
    const lockedFlush = fn(
      'flush',
      ['kvm'],
      ir.guard('kvm.mmu_lock', 'write', [ir.cacheFree(cache)]),
    );
    expect(
      kinds({
        program: program([serial, lockedFlush]),
        threads: [thread('split', 'split'), thread('flush', 'flush')],
        world: { caches: { [cache]: { capacity: 2, nobjs: 2 } } },
      }),
    ).toEqual([]);
  });
});
