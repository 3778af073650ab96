/*
 * kvm_uninit_stage2_mmu() asserts its caller holds the MMU write lock;
 * this caller does not.
 */
// threads: destroy_vm

static void uninit_stage2_mmu(struct kvm *kvm)
{
	lockdep_assert_held_write(&kvm->mmu_lock);
	kvm->arch.mmu.pgt = NULL;
}

void destroy_vm(struct kvm *kvm)
{
	uninit_stage2_mmu(kvm);
}
