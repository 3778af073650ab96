/*
 * Calls keep their arguments, constants included, so that the simulator
 * can run the callee with them: __free(&kvm->arch.mmu, true) never takes the
 * lock, because locked is true. The callee stays a function of its own.
 */
static void __free(struct kvm_s2_mmu *mmu, bool locked)
{
	struct kvm *kvm = kvm_s2_mmu_to_kvm(mmu);

	if (!locked)
		write_lock(&kvm->mmu_lock);
	mmu->pgt = NULL;
	if (!locked)
		write_unlock(&kvm->mmu_lock);
}

void free_locked(struct kvm *kvm)
{
	__free(&kvm->arch.mmu, true);
}
