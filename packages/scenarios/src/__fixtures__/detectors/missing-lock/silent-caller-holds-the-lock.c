/*
 * The same assertion with a caller that holds the MMU write lock.
 */
// threads: destroy_vm

static void uninit_stage2_mmu(struct kvm *kvm)
{
	lockdep_assert_held_write(&kvm->mmu_lock);
	kvm->arch.mmu.pgt = NULL;
}

void destroy_vm(struct kvm *kvm)
{
	guard(write_lock)(&kvm->mmu_lock);
	uninit_stage2_mmu(kvm);
}
