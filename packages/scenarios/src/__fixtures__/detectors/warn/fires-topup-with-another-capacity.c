/*
 * The seed thread's chunk-size change: the split cache was filled for one
 * chunk size (capacity 513, a 1 GiB chunk of 4 KiB pages), and the next
 * topup asks for another capacity. __kvm_mmu_topup_memory_cache() WARNs:
 * the capacity of a cache must not change once it has one.
 */
// threads: split_with_new_chunk
// cache: kvm.arch.mmu.split_page_cache capacity 513 pages 0

int split_with_new_chunk(struct kvm *kvm)
{
	return __kvm_mmu_topup_memory_cache(&kvm->arch.mmu.split_page_cache, 1025, 1);
}
