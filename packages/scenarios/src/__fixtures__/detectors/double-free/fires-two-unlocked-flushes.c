/*
 * The seed thread's bug: two kvm_arch_flush_shadow_all() calls for one VM
 * (the MMU notifier's release and VM destruction) free the nested MMUs with
 * no lock. Both can read kvm->arch.nested_mmus before either clears it, so
 * the array is kvfree()d twice.
 */
// threads: flush_shadow_all, flush_shadow_all
// field: kvm.arch.nested_mmus = new nested_mmus

void flush_shadow_all(struct kvm *kvm)
{
	kvfree(kvm->arch.nested_mmus);
	kvm->arch.nested_mmus = NULL;
}
