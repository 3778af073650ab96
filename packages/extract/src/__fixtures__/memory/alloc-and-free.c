/*
 * Allocations and frees. An allocation stored in a field allocates an object
 * named after the member (nested_mmus); one stored in a local, after the
 * local. GFP_KERNEL (and _ACCOUNT) may sleep, GFP_ATOMIC may not; every
 * allocation may fail. kfree and kvfree free what their argument points to.
 */
void alloc_and_free(struct kvm *kvm)
{
	void *p;

	kvm->arch.nested_mmus = kvcalloc(4, sizeof(struct kvm_s2_mmu), GFP_KERNEL_ACCOUNT);
	p = kzalloc(64, GFP_ATOMIC);
	kfree(p);
	kvfree(kvm->arch.nested_mmus);
}
