/*
 * The nested MMUs are allocated, used, and freed before the VM is
 * destroyed: nothing is left.
 */
// threads: init_and_teardown
// destroys-vm: true

int init_and_teardown(struct kvm *kvm)
{
	kvm->arch.nested_mmus = kvcalloc(2, sizeof(struct kvm_s2_mmu), GFP_KERNEL_ACCOUNT);
	if (!kvm->arch.nested_mmus)
		return -ENOMEM;
	kvm->arch.nested_mmus[0].pgt = NULL;
	kvfree(kvm->arch.nested_mmus);
	kvm->arch.nested_mmus = NULL;
	return 0;
}
