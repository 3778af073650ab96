/*
 * The nested MMUs are allocated and nothing frees them before the VM is
 * destroyed.
 */
// threads: init_nested
// destroys-vm: true

int init_nested(struct kvm *kvm)
{
	kvm->arch.nested_mmus = kvcalloc(2, sizeof(struct kvm_s2_mmu), GFP_KERNEL_ACCOUNT);
	if (!kvm->arch.nested_mmus)
		return -ENOMEM;
	return 0;
}
