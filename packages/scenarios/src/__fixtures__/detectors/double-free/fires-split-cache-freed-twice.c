/*
 * kvm_mmu_free_memory_cache() on the eager-split cache from two threads at
 * once with no lock: each reads the cache's pages and array before the
 * other has reset it, so both free the same pages.
 */
// threads: uninit_split_cache, uninit_split_cache
// cache: kvm.arch.mmu.split_page_cache capacity 2 pages 2

void uninit_split_cache(struct kvm *kvm)
{
	kvm_mmu_free_memory_cache(&kvm->arch.mmu.split_page_cache);
}
