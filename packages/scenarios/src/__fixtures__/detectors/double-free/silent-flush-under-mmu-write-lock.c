/*
 * The fix the thread settled on: the flush takes the MMU write lock around
 * the free and the clear, so the second flush sees NULL and kvfree(NULL)
 * frees nothing.
 */
// threads: flush_shadow_all, flush_shadow_all
// field: kvm.arch.nested_mmus = new nested_mmus

void flush_shadow_all(struct kvm *kvm)
{
	guard(write_lock)(&kvm->mmu_lock);
	kvfree(kvm->arch.nested_mmus);
	kvm->arch.nested_mmus = NULL;
}
