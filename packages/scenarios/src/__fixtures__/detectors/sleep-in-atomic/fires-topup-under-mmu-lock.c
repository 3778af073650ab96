/*
 * Topping up the split cache (GFP_KERNEL_ACCOUNT allocations) while holding
 * the MMU write lock: the allocation may sleep. The kernel drops the lock
 * around the topup for exactly this reason.
 */
// threads: split_and_topup

int split_and_topup(struct kvm *kvm)
{
	int ret;

	write_lock(&kvm->mmu_lock);
	ret = __kvm_mmu_topup_memory_cache(&kvm->arch.mmu.split_page_cache, 2, 2);
	write_unlock(&kvm->mmu_lock);
	return ret;
}
