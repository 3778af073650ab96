/*
 * The kernel's way: drop the MMU write lock, top the cache up, take the
 * lock back. Nothing may sleep under it.
 */
// threads: split_and_topup

int split_and_topup(struct kvm *kvm)
{
	int ret;

	write_lock(&kvm->mmu_lock);
	write_unlock(&kvm->mmu_lock);
	ret = __kvm_mmu_topup_memory_cache(&kvm->arch.mmu.split_page_cache, 2, 2);
	write_lock(&kvm->mmu_lock);
	write_unlock(&kvm->mmu_lock);
	return ret;
}
