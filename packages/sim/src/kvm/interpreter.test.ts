// The interpreter's control flow and the explorer's guarantees: guard()
// cleanups on every exit, loops and their bounds, goto, calls with arguments;
// bad programs rejected before exploring; budgets; determinism; shards.
import { describe, expect, it } from 'vitest';
import type { Stmt } from '@kvmsim/mmu-model';
import { e, fn, ir, program, thread } from '../test-helpers/ir.js';
import { ProgramInputError } from '../program/program-input-error.js';
import type { SimulationInput } from './simulation-input.js';
import { buildResult, exploreShard, mergeExplorations, simulate } from './simulate.js';

const kinds = (input: SimulationInput) => simulate(input).findings.map((finding) => finding.kind);
const two = (body: Stmt[], extra: SimulationInput['world'] = {}): SimulationInput => ({
  program: program([fn('entry', ['kvm'], body)]),
  threads: [thread('a', 'entry'), thread('b', 'entry')],
  world: extra,
});

describe('guard() scopes', () => {
  it('release the lock on a return from inside the scope', () => {
    // guard(write_lock)(&kvm->mmu_lock); if (x) return; ...: the second thread must get the lock.
    const body = ir.guard('kvm.mmu_lock', 'write', [
      ir.branch(e.unknown(), [ir.ret()]),
      ir.write('kvm.arch.flags'),
    ]);
    expect(kinds(two(body))).toEqual([]);
  });

  it('release on break out of a loop and on goto out of the scope', () => {
    const viaBreak = [
      ir.loop(3, ir.guard('kvm.mmu_lock', 'write', [ir.branch(e.unknown(), [ir.brk()])])),
    ];
    expect(kinds(two(viaBreak))).toEqual([]);
    const viaGoto = [
      ...ir.guard('kvm.lock', 'exclusive', [
        ir.branch(e.unknown(), [ir.goto('out')]),
        ir.write('kvm.arch.flags'),
      ]),
      ir.label('out'),
    ];
    expect(kinds(two(viaGoto))).toEqual([]);
  });

  it('keeps the return value computed before the cleanup', () => {
    const callee = fn('get', ['kvm'], ir.guard('kvm.lock', 'exclusive', [ir.ret(e.num(7))]));
    const caller = fn(
      'entry',
      ['kvm'],
      [
        {
          op: 'call',
          callee: 'get',
          args: [e.local('kvm')],
          result: 'r',
          loc: { file: 'f.c', line: 1, column: 1 },
        },
        ir.warn(e.eq(e.local('r'), e.num(7))),
      ],
    );
    expect(kinds({ program: program([caller, callee]), threads: [thread('t', 'entry')] })).toEqual([
      'warn',
    ]);
  });
});

describe('loops', () => {
  it('run while the condition holds and report when the bound cuts them', () => {
    const body = [
      ir.set('i', e.num(0)),
      ir.loop(
        2,
        [ir.set('i', { kind: 'binary', op: '+', left: e.local('i'), right: e.num(1) })],
        e.unknown(),
      ),
    ];
    const result = simulate({
      program: program([fn('entry', ['kvm'], body)]),
      threads: [thread('t', 'entry')],
    });
    expect(result.notices.map((notice) => notice.message)).toEqual([
      expect.stringMatching(
        /loop in entry at arch\/arm64\/kvm\/test\.c:\d+ was cut after 2 iterations/,
      ),
    ]);
    const bounded = [
      ir.set('i', e.num(0)),
      {
        op: 'loop',
        bound: 5,
        cond: { kind: 'binary', op: '<', left: e.local('i'), right: e.num(2) },
        body: [],
        update: [ir.set('i', { kind: 'binary', op: '+', left: e.local('i'), right: e.num(1) })],
        loc: { file: 'f.c', line: 1, column: 1 },
      } as Stmt,
      ir.warn(e.eq(e.local('i'), e.num(2))),
    ];
    const exact = simulate({
      program: program([fn('entry', ['kvm'], bounded)]),
      threads: [thread('t', 'entry')],
    });
    expect(exact.notices).toEqual([]);
    expect(exact.findings.map((finding) => finding.kind)).toEqual(['warn']);
  });
});

describe('bad input', () => {
  it('rejects an unknown lock before exploring, naming the function and location', () => {
    const input = {
      program: program([fn('entry', ['kvm'], [ir.lock('kvm.no_such_lock')])]),
      threads: [thread('t', 'entry')],
    };
    expect(() => simulate(input)).toThrow(ProgramInputError);
    expect(() => simulate(input)).toThrow(
      /arch\/arm64\/kvm\/test\.c:\d+:2: in entry: unknown lock 'kvm\.no_such_lock'/,
    );
  });

  it('rejects an unlock no path of the thread can balance', () => {
    const input = {
      program: program([fn('entry', ['kvm'], [ir.unlock('kvm.lock')])]),
      threads: [thread('t', 'entry')],
    };
    expect(() => simulate(input)).toThrow(/in entry: unbalanced unlock: kvm\.lock/);
  });

  it('rejects an unknown statement kind, a missing entry and a goto to nowhere', () => {
    const bogus = { op: 'teleport', loc: { file: 'x.c', line: 9, column: 1 } } as unknown as Stmt;
    expect(() =>
      simulate({
        program: program([fn('entry', ['kvm'], [bogus])]),
        threads: [thread('t', 'entry')],
      }),
    ).toThrow(/x\.c:9:1: in entry: unknown statement kind 'teleport'/);
    expect(() => simulate({ program: program([]), threads: [thread('t', 'entry')] })).toThrow(
      /entry function 'entry' is not in the program/,
    );
    expect(() =>
      simulate({
        program: program([fn('entry', ['kvm'], [ir.goto('nowhere')])]),
        threads: [thread('t', 'entry')],
      }),
    ).toThrow(/goto to undefined label 'nowhere'/);
  });

  it('refuses only what a thread runs: a bad function no thread reaches does not stop the run', () => {
    const bad = fn('ioctl', ['kvm'], [ir.goto('nowhere')]);
    const entry = fn('entry', ['kvm'], [ir.write('kvm.arch.flags')]);
    expect(
      simulate({ program: program([entry, bad]), threads: [thread('t', 'entry')] }).exhaustive,
    ).toBe(true);
    const caller = fn('entry', ['kvm'], [ir.call('ioctl', e.local('kvm'))]);
    expect(() =>
      simulate({ program: program([caller, bad]), threads: [thread('t', 'entry')] }),
    ).toThrow(/in ioctl: goto to undefined label 'nowhere'/);
  });
});

describe('the explorer', () => {
  const racy: SimulationInput = two(
    [
      ir.kvfree(e.field('kvm.arch.nested_mmus')),
      ir.store('kvm.arch.nested_mmus', e.null()),
      ir.write('kvm.arch.flags'),
    ],
    { fields: { 'kvm.arch.nested_mmus': { object: 'nested_mmus' } } },
  );

  it('is deterministic: same input, same findings, same traces', () => {
    expect(simulate(racy)).toEqual(simulate(racy));
  });

  it('returns the partial result when a budget cuts it', () => {
    const cut = simulate({ ...racy, options: { budget: { maxStates: 3 } } });
    expect(cut).toMatchObject({ exhaustive: false, stopReason: 'states', statesExplored: 3 });
    expect(simulate(racy).exhaustive).toBe(true);
  });

  it('explores fewer states with reduction on an independent workload', () => {
    const independent: SimulationInput = {
      program: program([
        fn('one', ['kvm'], [ir.lock('kvm.lock'), ir.write('kvm.arch.a'), ir.unlock('kvm.lock')]),
        fn(
          'two',
          ['kvm'],
          [ir.lock('kvm.slots_lock'), ir.write('kvm.arch.b'), ir.unlock('kvm.slots_lock')],
        ),
        fn(
          'three',
          ['kvm'],
          [
            ir.lock('kvm.slots_arch_lock'),
            ir.write('kvm.arch.c'),
            ir.unlock('kvm.slots_arch_lock'),
          ],
        ),
      ]),
      threads: [thread('1', 'one'), thread('2', 'two'), thread('3', 'three')],
    };
    const full = simulate({ ...independent, options: { reduction: 'none' } });
    const reduced = simulate(independent);
    expect(full.statesExplored).toBe(64); // 4 positions per thread, cubed
    expect(reduced.statesExplored).toBeLessThan(full.statesExplored / 4);
  });

  it('merges shards into exactly the result of one run', () => {
    for (const reduction of ['none', 'persistent'] as const) {
      const input = { ...racy, options: { reduction } };
      const single = simulate(input);
      for (const count of [2, 3]) {
        const parts = Array.from({ length: count }, (_, index) =>
          exploreShard(input, { depth: 2, index, count }),
        );
        const merged = buildResult(input, mergeExplorations(parts));
        expect(merged.findings).toEqual(single.findings);
        expect(merged.exhaustive).toBe(true);
      }
    }
  });
});

describe('values', () => {
  it("a statement's field reads never land in the extractor's temporaries ($r1)", () => {
    // $r1 = opaque(); if (kvm.base + kvm.npages > $r1): the statement's second
    // read must not overwrite $r1, or the unknown result would be decided
    // (kvm_phys_size() in 6.12's kvm_arch_prepare_memory_region made every
    // memslot update fail).
    const body: Stmt[] = [
      {
        op: 'call',
        callee: 'opaque',
        args: [],
        result: '$r1',
        loc: { file: 'f.c', line: 1, column: 1 },
      },
      ir.branch(
        {
          kind: 'binary',
          op: '>',
          left: {
            kind: 'binary',
            op: '+',
            left: e.field('kvm.base'),
            right: e.field('kvm.npages'),
          },
          right: e.local('$r1'),
        },
        [ir.warn(e.bool(true))],
        [ir.warn(e.bool(true), true)],
      ),
    ];
    const result = simulate({
      program: program([fn('entry', ['kvm'], body)]),
      threads: [thread('t', 'entry')],
      world: { fields: { 'kvm.base': 0, 'kvm.npages': 16 } },
    });
    // Both sides of the unknown comparison are explored: two WARNs, each behind a guess.
    expect(result.unverified.map((finding) => finding.message).sort()).toEqual([
      'BUG_ON fires in entry (t)',
      'WARN_ON fires in entry (t)',
    ]);
  });

  it('NULL is a known value: a branch on a NULL local or a NULL return takes one side', () => {
    const callee = fn('get', ['kvm'], [ir.ret(e.null())]);
    const caller = fn(
      'entry',
      ['kvm'],
      [
        ir.set('p', e.null()),
        ir.branch(e.local('p'), [ir.warn(e.bool(true))]),
        {
          op: 'call',
          callee: 'get',
          args: [e.local('kvm')],
          result: 'q',
          loc: { file: 'f.c', line: 1, column: 1 },
        },
        ir.branch(e.local('q'), [ir.warn(e.bool(true))]),
      ],
    );
    const result = simulate({
      program: program([caller, callee]),
      threads: [thread('t', 'entry')],
    });
    expect(result.findings).toEqual([]);
    expect(result.statesExplored).toBe(1);
  });
});
