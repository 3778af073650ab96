/*
 * A WARN_ON whose condition the model knows to hold: the stage-2 page
 * table is already gone when the VM's MMU is torn down.
 */
// threads: uninit_stage2
// field: kvm.arch.mmu.pgt = NULL

void uninit_stage2(struct kvm *kvm)
{
	if (WARN_ON(!kvm->arch.mmu.pgt))
		return;
	kvm->arch.mmu.pgt = NULL;
}
