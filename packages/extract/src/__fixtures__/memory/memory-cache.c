/*
 * The kvm_mmu_memory_cache API, on the cache its argument names (through a
 * local alias too): __kvm_mmu_topup_memory_cache(mc, capacity, min) is a
 * topup with an explicit capacity (here the pure helper
 * kvm_mmu_split_nr_page_tables of a size the model does not know);
 * kvm_mmu_topup_memory_cache(mc, min) one with the default capacity,
 * KVM_ARCH_NR_OBJS_PER_MEMORY_CACHE (40); kvm_mmu_memory_cache_alloc takes a
 * page out, kvm_mmu_free_memory_cache frees the pages and the array.
 */
int use_split_cache(struct kvm *kvm)
{
	struct kvm_mmu_memory_cache *cache = &kvm->arch.mmu.split_page_cache;
	void *p;
	int ret;

	ret = __kvm_mmu_topup_memory_cache(cache, kvm_mmu_split_nr_page_tables(SZ_1G), 1);
	if (ret)
		return ret;
	ret = kvm_mmu_topup_memory_cache(&kvm->arch.mmu.split_page_cache, 2);
	if (ret)
		return ret;
	p = kvm_mmu_memory_cache_alloc(cache);
	kvm_mmu_free_memory_cache(cache);
	return 0;
}
