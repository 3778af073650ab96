/*
 * An allocation still held when the run ends is no leak when the VM lives
 * on: the run does not destroy it.
 */
// threads: init_nested
// destroys-vm: false

int init_nested(struct kvm *kvm)
{
	kvm->arch.nested_mmus = kvcalloc(2, sizeof(struct kvm_s2_mmu), GFP_KERNEL_ACCOUNT);
	if (!kvm->arch.nested_mmus)
		return -ENOMEM;
	return 0;
}
