/*
 * A topup that asks for the capacity the cache already has: no WARN. A
 * WARN_ON whose condition is false does not fire either.
 */
// threads: split_with_same_chunk
// cache: kvm.arch.mmu.split_page_cache capacity 513 pages 0

int split_with_same_chunk(struct kvm *kvm)
{
	int ret = __kvm_mmu_topup_memory_cache(&kvm->arch.mmu.split_page_cache, 513, 1);

	WARN_ON(kvm->arch.mmu.split_page_cache.capacity != 513);
	return ret;
}
