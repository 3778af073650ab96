/*
 * The same free under kvm->slots_lock, the lock the comment names.
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
	mutex_lock(&kvm->slots_lock);
	kvm_mmu_free_memory_cache(&kvm->arch.mmu.split_page_cache);
	mutex_unlock(&kvm->slots_lock);
}
