/*
 * A memory cache the model cannot name (one a function returns): the
 * operation is not modelled and a warning says which argument.
 */
void topup_returned(struct kvm_vcpu *vcpu)
{
	kvm_mmu_topup_memory_cache(cache_of(vcpu), 2);
}
