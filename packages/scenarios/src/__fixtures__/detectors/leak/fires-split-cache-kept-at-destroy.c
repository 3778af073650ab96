/*
 * The split cache is topped up and never freed: at VM destruction its
 * pages and its array are still allocated.
 */
// threads: fill_split_cache
// destroys-vm: true

int fill_split_cache(struct kvm *kvm)
{
	return __kvm_mmu_topup_memory_cache(&kvm->arch.mmu.split_page_cache, 2, 2);
}
