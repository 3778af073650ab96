// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fixture written for kvmsim in the shape of arch/arm64/kvm/mmu.c as of the
 * seed thread's base (7.1-rc2): the stage-2 teardown and eager splitting.
 *
 * Variant: patch 1 with its fixup: kvm_uninit_stage2_mmu_locked() for the flush.
 */
#include <linux/kvm_host.h>

static bool memslot_is_logging(struct kvm_memory_slot *memslot)
{
	return memslot->dirty_bitmap && !(memslot->flags & KVM_MEM_READONLY);
}

int kvm_mmu_split_nr_page_tables(u64 range)
{
	int n = 0;

	if (KVM_PGTABLE_MIN_BLOCK_LEVEL < 2)
		n += DIV_ROUND_UP(range, PUD_SIZE);
	n += DIV_ROUND_UP(range, PMD_SIZE);
	return n;
}

static bool need_split_memcache_topup_or_resched(struct kvm *kvm)
{
	struct kvm_mmu_memory_cache *cache;
	u64 chunk_size, min;

	if (need_resched() || rwlock_needbreak(&kvm->mmu_lock))
		return true;

	chunk_size = kvm->arch.mmu.split_page_chunk_size;
	min = kvm_mmu_split_nr_page_tables(chunk_size);
	cache = &kvm->arch.mmu.split_page_cache;
	return kvm_mmu_memory_cache_nr_free_objects(cache) < min;
}

static int kvm_mmu_split_huge_pages(struct kvm *kvm, phys_addr_t addr,
				    phys_addr_t end)
{
	struct kvm_mmu_memory_cache *cache;
	struct kvm_pgtable *pgt;
	int ret, cache_capacity;
	u64 next, chunk_size;

	lockdep_assert_held_write(&kvm->mmu_lock);

	chunk_size = kvm->arch.mmu.split_page_chunk_size;
	cache_capacity = kvm_mmu_split_nr_page_tables(chunk_size);

	if (chunk_size == 0)
		return 0;

	cache = &kvm->arch.mmu.split_page_cache;

	do {
		if (need_split_memcache_topup_or_resched(kvm)) {
			write_unlock(&kvm->mmu_lock);
			cond_resched();
			/* Eager page splitting is best-effort. */
			ret = __kvm_mmu_topup_memory_cache(cache,
							   cache_capacity,
							   cache_capacity);
			write_lock(&kvm->mmu_lock);
			if (ret)
				break;
		}

		pgt = kvm->arch.mmu.pgt;
		if (!pgt)
			return -EINVAL;

		next = __stage2_range_addr_end(addr, end, chunk_size);
		ret = KVM_PGT_FN(kvm_pgtable_stage2_split)(pgt, addr, next - addr, cache);
		if (ret)
			break;
	} while (addr = next, addr != end);

	return ret;
}

static void kvm_uninit_stage2_mmu_locked(struct kvm *kvm)
{
	lockdep_assert_held_write(&kvm->mmu_lock);
	__kvm_free_stage2_pgd(&kvm->arch.mmu, true);
	kvm_mmu_free_memory_cache(&kvm->arch.mmu.split_page_cache);
}

void kvm_uninit_stage2_mmu(struct kvm *kvm)
{
	kvm_free_stage2_pgd(&kvm->arch.mmu);
	kvm_mmu_free_memory_cache(&kvm->arch.mmu.split_page_cache);
}

static void __kvm_free_stage2_pgd(struct kvm_s2_mmu *mmu, bool locked)
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
		KVM_PGT_FN(kvm_pgtable_stage2_destroy)(pgt);
		kfree(pgt);
	}
}

void kvm_free_stage2_pgd(struct kvm_s2_mmu *mmu)
{
	__kvm_free_stage2_pgd(mmu, false);
}

void kvm_arch_flush_shadow_all(struct kvm *kvm)
{
	int i;

	guard(write_lock)(&kvm->mmu_lock);

	for (i = 0; i < kvm->arch.nested_mmus_size; i++) {
		struct kvm_s2_mmu *mmu = &kvm->arch.nested_mmus[i];

		if (!WARN_ON(atomic_read(&mmu->refcnt)))
			__kvm_free_stage2_pgd(mmu, true);
	}
	kvfree(kvm->arch.nested_mmus);
	kvm->arch.nested_mmus = NULL;
	kvm->arch.nested_mmus_size = 0;
	kvm_uninit_stage2_mmu_locked(kvm);
}

void kvm_arch_commit_memory_region(struct kvm *kvm,
				   struct kvm_memory_slot *old,
				   const struct kvm_memory_slot *new,
				   enum kvm_mr_change change)
{
	bool log_dirty_pages = new && new->flags & KVM_MEM_LOG_DIRTY_PAGES;

	/*
	 * Free any leftovers from the eager page splitting cache. Do
	 * this when deleting, moving, disabling dirty logging, or
	 * creating the memslot (a nop). Doing it for deletes makes
	 * sure we don't leak memory, and there's no need to keep the
	 * cache around for any of the other cases.
	 */
	if (!log_dirty_pages)
		kvm_mmu_free_memory_cache(&kvm->arch.mmu.split_page_cache);

	if (change != KVM_MR_FLAGS_ONLY)
		return;

	if (log_dirty_pages) {
		if (change == KVM_MR_DELETE)
			return;
		kvm_mmu_wp_memory_region(kvm, new->id);
		kvm_mmu_split_memory_region(kvm, new->id);
	}
}

void kvm_arch_mmu_enable_log_dirty_pt_masked(struct kvm *kvm,
		struct kvm_memory_slot *slot,
		gfn_t gfn_offset, unsigned long mask)
{
	phys_addr_t start, end;

	lockdep_assert_held_write(&kvm->mmu_lock);

	start = (slot->base_gfn + gfn_offset + __ffs(mask)) << PAGE_SHIFT;
	end = (slot->base_gfn + gfn_offset + __fls(mask) + 1) << PAGE_SHIFT;

	if (kvm_dirty_log_manual_protect_and_init_set(kvm))
		kvm_mmu_split_huge_pages(kvm, start, end);
}
