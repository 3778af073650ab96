/*
 * Block macros whose body has no braces: scoped_guard(write_lock, &lock)
 * followed by one statement, and an iterator followed by one statement,
 * parse as one garbled expression. The text after the macro is parsed again
 * on its own, at its own lines, and becomes the body: the scoped_guard holds
 * the MMU write lock for the store (vcpu->kvm is the VM), the iterator is a
 * bounded loop over its statement. Nothing is lost, nothing is diagnosed.
 */
void reset_hw_mmu(struct kvm_vcpu *vcpu)
{
	struct kvm_vcpu *v;
	unsigned long i;

	if (!vcpu->arch.hw_mmu) {
		scoped_guard(write_lock, &vcpu->kvm->mmu_lock)
			vcpu->arch.hw_mmu = NULL;
	}
	kvm_for_each_vcpu(i, v, vcpu->kvm)
		v->arch.pause = true;
}
