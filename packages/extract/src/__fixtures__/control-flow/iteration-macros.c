/*
 * Iteration macros (kvm_for_each_vcpu, for_each_possible_cpu, ...) are
 * bounded loops with no condition the model knows: the body runs up to the
 * loop bound times.
 */
void lock_all_vcpus(struct kvm *kvm)
{
	struct kvm_vcpu *vcpu;
	unsigned long i;

	kvm_for_each_vcpu(i, vcpu, kvm) {
		mutex_lock(&vcpu->mutex);
		mutex_unlock(&vcpu->mutex);
	}
}
