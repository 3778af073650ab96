import { describe, expect, it } from 'vitest';
import { createCParser } from '../parser/c-parser.js';
import { structFields } from './struct-fields.js';

async function fieldsOf(members: string) {
  const c = await createCParser();
  const tree = c.parse(`struct kvm_arch {\n${members}\n};\n`);
  try {
    const body = tree.rootNode.descendantsOfType('field_declaration_list')[0];
    if (body === undefined || body === null) throw new Error('no struct body');
    return structFields(body).map((field) => ({
      names: field.names.join(','),
      comments: field.comments.map((comment) => comment.text),
    }));
  } finally {
    tree.delete();
  }
}

describe('the names a field declares', () => {
  it.each([
    ['int a;', 'a'],
    ['int k, l;', 'k,l'],
    ['int bits:3;', 'bits'],
    ['int (*fn)(struct kvm *kvm, int flags);', 'fn'],
    ['const struct kvm_pgtable_mm_ops *mm_ops;', 'mm_ops'],
    ['int ____srcu_idx;', '____srcu_idx'],
    ['struct kvm_memslots __memslots[2][2];', '__memslots'],
    // Attributes after the name, which the grammar takes for the name or splits at.
    ['int a ____cacheline_aligned;', 'a'],
    ['spinlock_t lock ____cacheline_aligned_in_smp;', 'lock'],
    ['u64 v __aligned(8) __packed;', 'v'],
    ['unsigned long flags __aligned(8);', 'flags'],
    ['struct page *p __counted_by(nr);', 'p'],
    ['struct hlist_head map[] __counted_by(nr);', 'map'],
    ['struct foo arr[2] __aligned(8);', 'arr'],
    ['struct kvm_vcpu *vcpus[KVM_MAX_VCPUS] ____cacheline_aligned;', 'vcpus'],
    ['u64 ptr __attribute__((aligned(8))) ____cacheline_aligned;', 'ptr'],
    ['int counter __guarded_by(&kvm->mmu_lock);', 'counter'],
    ['struct {\n\t\tint c;\n\t} __aligned(8) group;', 'group'],
    // Attributes before the name.
    ['int __percpu *last_vcpu_ran;', 'last_vcpu_ran'],
    ['struct kvm_memslots __rcu *memslots[KVM_MAX_NR_ADDRESS_SPACES];', 'memslots'],
    // Not guessed.
    ['DECLARE_BITMAP(features, KVM_VCPU_MAX_FEATURES);', ''],
  ])('%s', async (declaration, names) => {
    expect((await fieldsOf(`\t${declaration}`)).map((field) => field.names)).toEqual([names]);
  });
});

describe('the comments that document a field', () => {
  it.each([
    ['the block above', '\t/* A */\n\tint a;', [['a', ['/* A */']]]],
    [
      'on its line',
      '\tint a; /* A */\n\tint b;',
      [
        ['a', ['/* A */']],
        ['b', []],
      ],
    ],
    [
      'on its line, over two lines',
      '\tint a;\t/* A\n\t\t * more */\n\tint b;',
      [
        ['a', ['/* A\n\t\t * more */']],
        ['b', []],
      ],
    ],
    [
      'a C99 comment on its line',
      '\tint a; // A\n\tint b;',
      [
        ['a', ['// A']],
        ['b', []],
      ],
    ],
    [
      'several blocks and blank lines above',
      '\t/* A */\n\n\t/* B */\n\n\tint a;',
      [['a', ['/* A */', '/* B */']]],
    ],
    [
      'not the field after the next',
      '\t/* A */\n\tint a;\n\tint b;',
      [
        ['a', ['/* A */']],
        ['b', []],
      ],
    ],
    [
      'not the next field',
      '\tint a; /* A */\n\t/* B */\n\tint b;',
      [
        ['a', ['/* A */']],
        ['b', ['/* B */']],
      ],
    ],
    [
      'across a #define before the comment',
      '#define FOO 0\n\t/* A */\n\tint a;',
      [['a', ['/* A */']]],
    ],
    [
      'across #defines after the comment',
      '\t/* A */\n#define FOO(x) (x)\n#define BAR 1\n\tint a;',
      [['a', ['/* A */']]],
    ],
    ['across #undef', '\t/* A */\n#undef FOO\n\tint a;', [['a', ['/* A */']]]],
    [
      'into the #ifdef block the field opens',
      '\t/* A */\n#ifdef CONFIG_X\n\tint a;\n#endif',
      [['a', ['/* A */']]],
    ],
    [
      'across a whole #if block',
      '\t/* A */\n#if defined(CONFIG_X)\n#define FOO 1\n#endif\n\tint a;',
      [['a', ['/* A */']]],
    ],
    [
      'inside an #ifdef block',
      '#ifdef CONFIG_X\n\t/* A */\n\tint a;\n#endif',
      [['a', ['/* A */']]],
    ],
    [
      'inside an #else branch, and on a line there',
      '#ifdef CONFIG_X\n\tint a;\n#else\n\t/* B */\n\tint b; /* C */\n#endif\n\tint c;',
      [
        ['a', []],
        ['b', ['/* B */', '/* C */']],
        ['c', []],
      ],
    ],
    [
      'not out of an #ifdef block',
      '#ifdef CONFIG_X\n\tint a;\n\t/* A */\n#endif\n\tint b;',
      [
        ['a', []],
        ['b', []],
      ],
    ],
    [
      'not into another branch',
      '#ifdef CONFIG_X\n\tint a;\n\t/* A */\n#else\n\tint b;\n#endif',
      [
        ['a', []],
        ['b', []],
      ],
    ],
    [
      'not from the #endif line',
      '#ifdef CONFIG_X\n\tint a;\n#endif /* CONFIG_X */\n\tint b;',
      [
        ['a', []],
        ['b', []],
      ],
    ],
    ['not from a #define line', '#define FOO 1 /* FOO */\n\tint a;', [['a', []]]],
    [
      'not from inside a nested struct',
      '\tstruct {\n\t\t/* A */\n\t\tint c;\n\t} group;\n\tint b;',
      [
        ['group', []],
        ['b', []],
      ],
    ],
    [
      'across what the parser could not read',
      '\tstruct_group(regs,\n\t\tint y;\n\t);\n\t/* A */\n\tint a;',
      [
        ['', []],
        ['a', ['/* A */']],
      ],
    ],
    [
      'across an attribute that split the field above',
      '\tstruct foo arr[2] __aligned(8);\n\t/* B */\n\tint b;',
      [
        ['arr', []],
        ['b', ['/* B */']],
      ],
    ],
    [
      'on the line of a split field',
      '\tstruct foo arr[2] __aligned(8); /* A */\n\tint b;',
      [
        ['arr', ['/* A */']],
        ['b', []],
      ],
    ],
  ] as const)('%s', async (_, members, expected) => {
    const fields = await fieldsOf(members);
    expect(fields.map((field) => [field.names, field.comments])).toEqual(expected);
  });
});
