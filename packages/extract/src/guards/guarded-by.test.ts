import { describe, expect, it } from 'vitest';
import { extractProgram } from '../extract.js';
import { isInAnalysisSet } from '../analysis-set.js';

describe('guarded-by rules', () => {
  it('reads "Protected by" comments above or beside a field, and __guarded_by annotations', async () => {
    const header = `struct kvm_arch {
	/*
	 * The eager-split cache.
	 *
	 * Protected by kvm->slots_lock.
	 */
	struct kvm_mmu_memory_cache cache;
	unsigned long flags; /* protected by the kvm->arch.config_lock */
	int counter __guarded_by(&kvm->mmu_lock);
	int free_for_all; /* protected by kvm->lock */
	int next_to_it;
};`;
    const { program } = await extractProgram(
      new Map([['arch/arm64/include/asm/kvm_host.h', header]]),
    );
    expect(program.guardRules.map((rule) => [rule.path, rule.lock, rule.loc.line])).toEqual([
      ['kvm.arch.cache', 'kvm.slots_lock', 7],
      ['kvm.arch.flags', 'kvm.arch.config_lock', 8],
      ['kvm.arch.counter', 'kvm.mmu_lock', 9],
      ['kvm.arch.free_for_all', 'kvm.lock', 10],
    ]);
    expect(program.guardRules[0]?.text).toBe(
      'The eager-split cache. Protected by kvm->slots_lock.',
    );
  });

  it('a documented lock the catalogue does not know is a diagnostic', async () => {
    const header = `struct kvm {\n\t/* Protected by kvm->mystery_lock */\n\tint x;\n};`;
    const { program } = await extractProgram(new Map([['include/linux/kvm_host.h', header]]));
    expect(program.guardRules).toEqual([]);
    expect(program.diagnostics.map((d) => d.code)).toEqual(['unknown-guard-lock']);
  });

  // [what, struct, its members, the rules as `path by lock`, the guard diagnostics]
  const cases: readonly (readonly [
    string,
    string,
    string,
    readonly string[],
    readonly string[],
  ])[] = [
    // Found.
    [
      'the kvm_s2_mmu shape: a #define, then the block, then the field',
      'kvm_s2_mmu',
      `	/* The last vCPU to run on each physical CPU */
	int __percpu *last_vcpu_ran;

#define KVM_ARM_EAGER_SPLIT_CHUNK_SIZE_DEFAULT 0
	/*
	 * Page-table pages for splitting huge mappings, a chunk's worth
	 * at a time; the chunk size sets how many it holds.
	 *
	 * Protected by kvm->slots_lock.
	 */
	struct kvm_mmu_memory_cache split_page_cache;
	uint64_t split_page_chunk_size;

	struct kvm_arch *arch;`,
      [
        'kvm.arch.mmu.split_page_cache by kvm.slots_lock',
        'kvm.arch.nested_mmus[*].split_page_cache by kvm.slots_lock',
      ],
      [],
    ],
    [
      'a field inside #ifdef',
      'kvm_arch',
      `	int a;
#ifdef CONFIG_KVM_X
	/* Protected by kvm->lock */
	int b;
#endif
	int c;`,
      ['kvm.arch.b by kvm.lock'],
      [],
    ],
    [
      'a field in an #else branch, by the comment on its line',
      'kvm_arch',
      `#ifdef CONFIG_KVM_X
	int a;
#else
	int b; /* protected by kvm->mmu_lock */
#endif
	int c;`,
      ['kvm.arch.b by kvm.mmu_lock'],
      [],
    ],
    [
      'the field that opens an #ifdef block, by the block above the #ifdef',
      'kvm_arch',
      `	/* Protected by kvm->lock */
#if defined(CONFIG_KVM_X)
	int a;
#endif
	int b;`,
      ['kvm.arch.a by kvm.lock'],
      [],
    ],
    [
      'across blank lines',
      'kvm_arch',
      `	int a;

	/* Protected by kvm->lock */

	int b;`,
      ['kvm.arch.b by kvm.lock'],
      [],
    ],
    [
      'across #defines between the block and the field',
      'kvm_arch',
      `	/*
	 * Registers shared by the vCPUs, indexed by IDX().
	 * Protected by config_lock.
	 */
#define IDX(id)		((id) & 7)
#define NR_REGS		8
	u64 regs[NR_REGS];`,
      ['kvm.arch.regs by kvm.arch.config_lock'],
      [],
    ],
    [
      'fields with attributes',
      'kvm_arch',
      `	/* Protected by kvm->lock */
	u64 a __aligned(8);
	spinlock_t b ____cacheline_aligned_in_smp; /* protected by kvm->mmu_lock */
	/* Protected by kvm->slots_lock */
	struct kvm_vcpu *c[4] ____cacheline_aligned;
	int d;`,
      ['kvm.arch.a by kvm.lock', 'kvm.arch.b by kvm.mmu_lock', 'kvm.arch.c by kvm.slots_lock'],
      [],
    ],
    [
      'every name a declaration declares',
      'kvm_arch',
      `	/* Protected by kvm->lock */
	int a, b;`,
      ['kvm.arch.a by kvm.lock', 'kvm.arch.b by kvm.lock'],
      [],
    ],
    [
      'a comment whose subject is the field',
      'kvm_arch',
      `	/* nested_mmus_size is protected by kvm->lock. */
	size_t nested_mmus_size;`,
      ['kvm.arch.nested_mmus_size by kvm.lock'],
      [],
    ],
    // Not found.
    [
      "not the next field's: the comment on a field's line",
      'kvm_arch',
      `	int a; /* protected by kvm->lock */
	int b;`,
      ['kvm.arch.a by kvm.lock'],
      [],
    ],
    [
      'not past a field: the block above the field before',
      'kvm_arch',
      `	/* Protected by kvm->lock */
	int a;
	int b;`,
      ['kvm.arch.a by kvm.lock'],
      [],
    ],
    [
      'not out of an #ifdef block',
      'kvm_arch',
      `#ifdef CONFIG_KVM_X
	int a;
	/* Protected by kvm->lock */
#endif
	int b;`,
      [],
      [],
    ],
    [
      'not into another branch',
      'kvm_arch',
      `#ifdef CONFIG_KVM_X
	int a;
	/* Protected by kvm->lock */
#else
	int b;
#endif`,
      [],
      [],
    ],
    [
      'not from the comment on an #endif line',
      'kvm_arch',
      `#ifdef CONFIG_KVM_X
	int a;
#endif /* protected by kvm->lock */
	int b;`,
      [],
      [],
    ],
    [
      'not from the comment on a #define line',
      'kvm_arch',
      `#define KVM_X_SHIFT 1 /* protected by kvm->lock */
	int a;`,
      [],
      [],
    ],
    [
      'not from a block with no field after it',
      'kvm_arch',
      `	int a;
	/* Protected by kvm->lock */`,
      [],
      [],
    ],
    [
      'not out of a nested struct',
      'kvm_arch',
      `	struct {
		/* Protected by kvm->lock */
		int inner;
	} group;
	int b;`,
      [],
      [],
    ],
    [
      'not in a struct with no paths',
      'kvm_pgtable',
      `	/* Protected by kvm->lock */
	int a;`,
      [],
      [],
    ],
    [
      'not when only the update side is protected',
      'kvm_arch',
      `#ifdef CONFIG_KVM_X
	/*
	 * Update side is protected by kvm->irq_lock.
	 */
	struct kvm_irq_routing_table __rcu *routing;
#endif`,
      [],
      ['guard-comment-skipped'],
    ],
    [
      'not when writes take the lock and reads RCU',
      'kvm_arch',
      `	/* Protected by kvm->slots_lock (for writes) and RCU (for reads) */
	struct xarray attrs;`,
      [],
      ['guard-comment-skipped'],
    ],
    [
      'not when reads may go without it',
      'kvm_arch',
      `	/*
	 * Protected by kvm->slots_lock, but can be read outside if a stale
	 * answer will do.
	 */
	atomic_t nr_logging;`,
      [],
      ['guard-comment-skipped'],
    ],
    [
      'not when another lock will do',
      'kvm_arch',
      `	/* Protected by kvm->slots_lock or kvm->srcu. */
	struct file *file;`,
      [],
      ['guard-comment-skipped'],
    ],
    [
      'not when the comment is about another field',
      'kvm_arch',
      `	/*
	 * nested_mmus_next is protected by kvm->lock, and only grows;
	 * online is read atomically.
	 */
	atomic_t online;
	int nested_mmus_next;`,
      [],
      ['guard-comment-skipped'],
    ],
  ];

  it.each(cases)('%s', async (_, struct, members, rules, codes) => {
    const { program } = await extractProgram(
      new Map([['arch/arm64/include/asm/kvm_host.h', `struct ${struct} {\n${members}\n};\n`]]),
    );
    expect(program.guardRules.map((rule) => `${rule.path} by ${rule.lock}`)).toEqual(rules);
    expect(program.diagnostics.filter((d) => d.code.includes('guard')).map((d) => d.code)).toEqual(
      codes,
    );
  });

  it('reads a struct with attributes after its body', async () => {
    const header = `struct kvm_vcpu_arch {
	/* Protected by kvm->lock */
	u64 a;
} ____cacheline_aligned;

struct kvm {
	spinlock_t b; /* protected by kvm->mmu_lock */
} __randomize_layout;
`;
    const { program } = await extractProgram(new Map([['include/linux/kvm_host.h', header]]));
    expect(program.guardRules.map((rule) => `${rule.path} by ${rule.lock}`)).toEqual([
      'vcpu.arch.a by kvm.lock',
      'kvm.b by kvm.mmu_lock',
    ]);
  });

  it('says why a comment made no rule', async () => {
    const header = `struct kvm {\n\t/* created_vcpus is protected by kvm->lock */\n\tatomic_t online_vcpus;\n\tint created_vcpus;\n};`;
    const { program } = await extractProgram(new Map([['include/linux/kvm_host.h', header]]));
    expect(program.diagnostics.map((d) => [d.message, d.loc.line])).toEqual([
      [
        "kvm.online_vcpus is documented as protected by 'kvm->lock', but no rule is made: it is about created_vcpus",
        3,
      ],
    ]);
  });
});

describe('the default analysis set', () => {
  it('holds arch/arm64/kvm C files but not nVHE hyp code, plus the named files', () => {
    expect(isInAnalysisSet('arch/arm64/kvm/mmu.c')).toBe(true);
    expect(isInAnalysisSet('arch/arm64/kvm/vgic/vgic.c')).toBe(true);
    expect(isInAnalysisSet('arch/arm64/kvm/hyp/nvhe/mem_protect.c')).toBe(false);
    expect(isInAnalysisSet('arch/arm64/kvm/hyp/pgtable.c')).toBe(true);
    expect(isInAnalysisSet('virt/kvm/kvm_main.c')).toBe(true);
    expect(isInAnalysisSet('include/linux/kvm_host.h')).toBe(true);
    expect(isInAnalysisSet('arch/x86/kvm/mmu/mmu.c')).toBe(false);
  });
});
