// The seed thread ("Grab KVM MMU write lock in kvm_arch_flush_shadow_all()",
// linux-arm-kernel, May 2026) as edits of Debian's 6.12 tree, typed here from
// the patches posted and proposed in the thread, adapted to 6.12 (where
// kvm_arch_flush_shadow_all() lives in nested.c and frees no nested_mmus
// array). Each variant is one head against the unmodified tree as base.
import type { Edit } from './edit.js';

export interface SeedVariant {
  readonly name: string;
  /** What the thread says of it. */
  readonly summary: string;
  /** Applied in order to the base tree. */
  readonly edits: readonly Edit[];
}

const MMU = 'arch/arm64/kvm/mmu.c';
const NESTED = 'arch/arm64/kvm/nested.c';
const ARM = 'arch/arm64/kvm/arm.c';
const MMU_H = 'arch/arm64/include/asm/kvm_mmu.h';

/** [PATCH 1/5], as posted: the flush takes mmu_lock for write; kvm_uninit_stage2_mmu() asserts it. */
const PATCH1: readonly Edit[] = [
  {
    file: MMU_H,
    before: 'void kvm_free_stage2_pgd(struct kvm_s2_mmu *mmu);\n',
    after:
      'void kvm_free_stage2_pgd(struct kvm_s2_mmu *mmu);\nvoid kvm_free_stage2_pgd_locked(struct kvm_s2_mmu *mmu);\n',
  },
  {
    file: MMU,
    before: `void kvm_uninit_stage2_mmu(struct kvm *kvm)
{
	kvm_free_stage2_pgd(&kvm->arch.mmu);
`,
    after: `void kvm_uninit_stage2_mmu(struct kvm *kvm)
{
	lockdep_assert_held_write(&kvm->mmu_lock);

	kvm_free_stage2_pgd_locked(&kvm->arch.mmu);
`,
  },
  {
    file: MMU,
    before: `void kvm_free_stage2_pgd(struct kvm_s2_mmu *mmu)
{
	struct kvm *kvm = kvm_s2_mmu_to_kvm(mmu);
	struct kvm_pgtable *pgt = NULL;

	write_lock(&kvm->mmu_lock);
	pgt = mmu->pgt;
	if (pgt) {
		mmu->pgd_phys = 0;
		mmu->pgt = NULL;
		free_percpu(mmu->last_vcpu_ran);
	}
	write_unlock(&kvm->mmu_lock);

	if (pgt) {
		kvm_pgtable_stage2_destroy(pgt);
		kfree(pgt);
	}
}
`,
    after: `static void __kvm_free_stage2_pgd(struct kvm_s2_mmu *mmu, bool locked)
{
	struct kvm *kvm = kvm_s2_mmu_to_kvm(mmu);
	struct kvm_pgtable *pgt = NULL;

	if (!locked)
		write_lock(&kvm->mmu_lock);

	pgt = mmu->pgt;
	if (pgt) {
		mmu->pgd_phys = 0;
		mmu->pgt = NULL;
		free_percpu(mmu->last_vcpu_ran);
	}
	if (!locked)
		write_unlock(&kvm->mmu_lock);

	if (pgt) {
		kvm_pgtable_stage2_destroy(pgt);
		kfree(pgt);
	}
}

void kvm_free_stage2_pgd(struct kvm_s2_mmu *mmu)
{
	__kvm_free_stage2_pgd(mmu, false);
}

void kvm_free_stage2_pgd_locked(struct kvm_s2_mmu *mmu)
{
	__kvm_free_stage2_pgd(mmu, true);
}
`,
  },
  {
    file: NESTED,
    before: `void kvm_arch_flush_shadow_all(struct kvm *kvm)
{
	for (int i = 0; i < kvm->arch.nested_mmus_size; i++) {
		struct kvm_s2_mmu *mmu = kvm->arch.nested_mmus[i];

		if (!WARN_ON(atomic_read(&mmu->refcnt)))
			kvm_free_stage2_pgd(mmu);
	}
`,
    after: `void kvm_arch_flush_shadow_all(struct kvm *kvm)
{
	guard(write_lock)(&kvm->mmu_lock);

	for (int i = 0; i < kvm->arch.nested_mmus_size; i++) {
		struct kvm_s2_mmu *mmu = kvm->arch.nested_mmus[i];

		if (!WARN_ON(atomic_read(&mmu->refcnt)))
			kvm_free_stage2_pgd_locked(mmu);
	}
`,
  },
];

/** James's follow-up to 1/5: kvm_uninit_stage2_mmu_locked() for the flush, the old one for every other caller. */
const FOLLOW_UP: readonly Edit[] = [
  {
    file: MMU,
    before: `void kvm_uninit_stage2_mmu(struct kvm *kvm)
{
	lockdep_assert_held_write(&kvm->mmu_lock);

	kvm_free_stage2_pgd_locked(&kvm->arch.mmu);
	kvm_mmu_free_memory_cache(&kvm->arch.mmu.split_page_cache);
}
`,
    after: '',
  },
  {
    file: MMU,
    before: `void kvm_free_stage2_pgd_locked(struct kvm_s2_mmu *mmu)
{
	__kvm_free_stage2_pgd(mmu, true);
}
`,
    after: `void kvm_free_stage2_pgd_locked(struct kvm_s2_mmu *mmu)
{
	__kvm_free_stage2_pgd(mmu, true);
}

static void __kvm_uninit_stage2_mmu(struct kvm *kvm, bool locked)
{
	__kvm_free_stage2_pgd(&kvm->arch.mmu, locked);
	kvm_mmu_free_memory_cache(&kvm->arch.mmu.split_page_cache);
}

void kvm_uninit_stage2_mmu(struct kvm *kvm)
{
	__kvm_uninit_stage2_mmu(kvm, false);
}

void kvm_uninit_stage2_mmu_locked(struct kvm *kvm)
{
	lockdep_assert_held_write(&kvm->mmu_lock);

	__kvm_uninit_stage2_mmu(kvm, true);
}
`,
  },
  {
    file: NESTED,
    before: `			kvm_free_stage2_pgd_locked(mmu);
	}
	kvm_uninit_stage2_mmu(kvm);
`,
    after: `			kvm_free_stage2_pgd_locked(mmu);
	}
	kvm_uninit_stage2_mmu_locked(kvm);
`,
  },
];

/** The flush frees the split cache under slots_lock, as its comment asks, inside the kvm->srcu read section. */
const FLUSH_TAKES_SLOTS_LOCK: readonly Edit[] = [
  {
    file: MMU,
    before: `	kvm_free_stage2_pgd(&kvm->arch.mmu);
	kvm_mmu_free_memory_cache(&kvm->arch.mmu.split_page_cache);
}
`,
    after: `	kvm_free_stage2_pgd(&kvm->arch.mmu);
	scoped_guard(mutex, &kvm->slots_lock)
		kvm_mmu_free_memory_cache(&kvm->arch.mmu.split_page_cache);
}
`,
  },
];

/** A first draft: the flush takes mmu_lock for write and calls the unchanged helpers, which take it again. */
const NAIVE_WRITE_LOCK: readonly Edit[] = [
  {
    file: NESTED,
    before: `void kvm_arch_flush_shadow_all(struct kvm *kvm)
{
`,
    after: `void kvm_arch_flush_shadow_all(struct kvm *kvm)
{
	guard(write_lock)(&kvm->mmu_lock);

`,
  },
];

/** Sean and James: stop freeing the cache on flush and on memslot changes; free it when the VM goes. */
const KEEP_UNTIL_DESTROY: readonly Edit[] = [
  {
    file: MMU,
    before: `	kvm_free_stage2_pgd(&kvm->arch.mmu);
	kvm_mmu_free_memory_cache(&kvm->arch.mmu.split_page_cache);
}
`,
    after: `	kvm_free_stage2_pgd(&kvm->arch.mmu);
}
`,
  },
  {
    file: MMU,
    before: `		kvm_mmu_free_memory_cache(&kvm->arch.mmu.split_page_cache);
	}
}
`,
    after: `	}
}
`,
  },
  {
    file: ARM,
    before: `	kvm_destroy_nested(kvm);
	kvm_arm_teardown_hypercalls(kvm);
}
`,
    after: `	kvm_destroy_nested(kvm);
	kvm_arm_teardown_hypercalls(kvm);
	kvm_mmu_free_memory_cache(&kvm->arch.mmu.split_page_cache);
}
`,
  },
];

/** Sean's guard: KVM_ENABLE_CAP refuses a chunk-size change once the cache has been used. */
const REFUSE_CHUNK_CHANGE: readonly Edit[] = [
  {
    file: ARM,
    before: `		if (kvm_are_all_memslots_empty(kvm)) {
			u64 new_cap = cap->args[0];
`,
    after: `		if (kvm_are_all_memslots_empty(kvm) &&
		    !kvm->arch.mmu.split_page_cache.capacity) {
			u64 new_cap = cap->args[0];
`,
  },
];

export const SEED_VARIANTS: readonly SeedVariant[] = [
  { name: 'patch1', summary: '[PATCH 1/5] as posted', edits: PATCH1 },
  {
    name: 'patch1-follow-up',
    summary: '[PATCH 1/5] with James Houghton’s follow-up diff',
    edits: [...PATCH1, ...FOLLOW_UP],
  },
  {
    name: 'flush-takes-slots-lock',
    summary: 'the flush frees the split cache under kvm->slots_lock',
    edits: FLUSH_TAKES_SLOTS_LOCK,
  },
  {
    name: 'naive-write-lock',
    summary: 'the flush takes kvm->mmu_lock for write around unchanged helpers',
    edits: NAIVE_WRITE_LOCK,
  },
  {
    name: 'keep-until-destroy',
    summary: 'the split cache kept until VM destruction',
    edits: KEEP_UNTIL_DESTROY,
  },
  {
    name: 'keep-and-refuse-chunk-change',
    summary:
      'kept until VM destruction, and KVM_ENABLE_CAP refuses a chunk change once it was used',
    edits: [...KEEP_UNTIL_DESTROY, ...REFUSE_CHUNK_CHANGE],
  },
];
