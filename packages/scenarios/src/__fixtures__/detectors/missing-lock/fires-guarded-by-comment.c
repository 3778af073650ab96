/*
 * The rule the seed thread argues about: split_page_cache is documented as
 * protected by kvm->slots_lock, and freeing it without that lock breaks
 * the rule, even with the MMU lock held.
 */
// threads: free_split_cache
// cache: kvm.arch.mmu.split_page_cache capacity 2 pages 2

struct kvm_s2_mmu {
	/*
	 * Page-table pages for eager splitting.
	 *
	 * Protected by kvm->slots_lock.
	 */
	struct kvm_mmu_memory_cache split_page_cache;
};

void free_split_cache(struct kvm *kvm)
{
	write_lock(&kvm->mmu_lock);
	kvm_mmu_free_memory_cache(&kvm->arch.mmu.split_page_cache);
	write_unlock(&kvm->mmu_lock);
}
