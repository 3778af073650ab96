import { describe, expect, it } from 'vitest';
import { ProgramFormatError, programModelJsonSchema, validateProgramModel } from './ir-schema.js';
import { STMT_OPS, type ProgramModel, type Stmt } from './types.js';
import { stmtSchema } from './ir-schema.js';
import type { z } from 'zod';

const loc = { file: 'arch/arm64/kvm/nested.c', line: 1190, column: 1 };
const flush: Stmt[] = [
  { op: 'lock', lock: 'kvm.mmu_lock', mode: 'write', loc },
  {
    op: 'scope',
    loc,
    body: [
      {
        op: 'loop',
        loc,
        bound: 2,
        cond: {
          kind: 'binary',
          op: '<',
          left: { kind: 'local', name: 'i' },
          right: { kind: 'field', path: 'kvm.arch.nested_mmus_size' },
        },
        body: [
          {
            op: 'call',
            loc,
            callee: 'kvm_free_stage2_pgd_locked',
            args: [{ kind: 'addressOf', path: 'kvm.arch.nested_mmus[*]' }],
          },
        ],
      },
      { op: 'free', loc, object: { kind: 'field', path: 'kvm.arch.nested_mmus' }, api: 'kvfree' },
      {
        op: 'assign',
        loc,
        target: { kind: 'field', path: 'kvm.arch.nested_mmus' },
        value: { kind: 'const', value: null },
      },
      { op: 'cache_free', loc, cache: 'kvm.arch.mmu.split_page_cache' },
    ],
    cleanup: [{ op: 'unlock', lock: 'kvm.mmu_lock', mode: 'write', loc }],
  },
];
const program: ProgramModel = {
  irVersion: 1,
  functions: {
    kvm_arch_flush_shadow_all: {
      name: 'kvm_arch_flush_shadow_all',
      params: ['kvm'],
      loc,
      endLine: 1205,
      isStatic: false,
      body: flush,
      bodyHash: 'abc',
    },
  },
  guardRules: [
    {
      path: 'kvm.arch.mmu.split_page_cache',
      lock: 'kvm.slots_lock',
      mode: 'any',
      loc,
      text: 'Protected by kvm->slots_lock',
    },
  ],
  diagnostics: [
    { code: 'opaque-call', severity: 'info', message: 'atomic_read is not modelled', loc },
  ],
};

describe('stmtSchema', () => {
  it('accepts exactly the statement kinds of the Stmt type', () => {
    const union = (stmtSchema as z.ZodLazy).unwrap() as unknown as {
      options: { shape: { op: { value: string } } }[];
    };
    expect(union.options.map((option) => option.shape.op.value).sort()).toEqual(
      [...STMT_OPS].sort(),
    );
  });
});

describe('validateProgramModel', () => {
  it('accepts a program written in every common construct and survives JSON', () => {
    expect(validateProgramModel(JSON.parse(JSON.stringify(program)))).toEqual(program);
  });

  it('names the JSON path of an unknown statement kind', () => {
    const bad = JSON.parse(JSON.stringify(program)) as {
      functions: { kvm_arch_flush_shadow_all: { body: { op: string }[] } };
    };
    const body = bad.functions.kvm_arch_flush_shadow_all.body;
    if (body[0]) body[0].op = 'spin';
    expect(() => validateProgramModel(bad)).toThrow(ProgramFormatError);
    expect(() => validateProgramModel(bad)).toThrow(
      /\$\.functions\.kvm_arch_flush_shadow_all\.body\.0\.op/,
    );
  });

  it('rejects a nested bad expression deep inside a scope', () => {
    const bad = JSON.parse(JSON.stringify(program).replace('"op":"<"', '"op":"<=>"'));
    expect(() => validateProgramModel(bad)).toThrow(/body\.1\.body\.0\.cond\.op/);
  });

  it('rejects another IR version and a lock mode that does not exist', () => {
    expect(() => validateProgramModel({ ...program, irVersion: 2 })).toThrow(/irVersion/);
    const bad = JSON.parse(JSON.stringify(program).replace('"mode":"write"', '"mode":"shared"'));
    expect(() => validateProgramModel(bad)).toThrow(/mode/);
  });

  it('is the schema published with the package (schema/ir.schema.json)', async () => {
    await expect(`${JSON.stringify(programModelJsonSchema(), null, 2)}\n`).toMatchFileSnapshot(
      '../../schema/ir.schema.json',
    );
  });
});
