/*
 * Eager splitting takes a page from the split cache while a flush frees the
 * cache, neither under a lock: the page taken can be one already freed.
 */
// threads: split_one_block, free_split_cache
// cache: kvm.arch.mmu.split_page_cache capacity 2 pages 2

void split_one_block(struct kvm *kvm)
{
	void *page = kvm_mmu_memory_cache_alloc(&kvm->arch.mmu.split_page_cache);

	if (!page)
		return;
}

void free_split_cache(struct kvm *kvm)
{
	kvm_mmu_free_memory_cache(&kvm->arch.mmu.split_page_cache);
}
