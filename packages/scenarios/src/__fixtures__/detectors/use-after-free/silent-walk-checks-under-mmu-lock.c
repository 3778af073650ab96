/*
 * Both sides under the MMU write lock, and the walker checks the array is
 * still there: after the teardown it sees NULL and touches nothing.
 */
// threads: teardown_nested, clear_nested_pgt
// field: kvm.arch.nested_mmus = new nested_mmus

void teardown_nested(struct kvm *kvm)
{
	write_lock(&kvm->mmu_lock);
	kvfree(kvm->arch.nested_mmus);
	kvm->arch.nested_mmus = NULL;
	write_unlock(&kvm->mmu_lock);
}

void clear_nested_pgt(struct kvm *kvm)
{
	guard(write_lock)(&kvm->mmu_lock);
	if (kvm->arch.nested_mmus)
		kvm->arch.nested_mmus[0].pgt = NULL;
}
