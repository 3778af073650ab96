/*
 * The seed thread's actual fix: the callee takes the MMU lock only when its
 * caller does not hold it, and the flush says it does (locked is true). The
 * constant reaches the callee, which never asks for the lock.
 */
// threads: flush_shadow_all

static void __free_stage2_pgd(struct kvm_s2_mmu *mmu, bool locked)
{
	struct kvm *kvm = kvm_s2_mmu_to_kvm(mmu);

	if (!locked)
		write_lock(&kvm->mmu_lock);
	mmu->pgt = NULL;
	if (!locked)
		write_unlock(&kvm->mmu_lock);
}

void flush_shadow_all(struct kvm *kvm)
{
	write_lock(&kvm->mmu_lock);
	__free_stage2_pgd(&kvm->arch.mmu, true);
	write_unlock(&kvm->mmu_lock);
}
