/*
 * Locking one element per iteration (each vCPU's mutex) cannot be balanced
 * per path by a bounded loop: it is said as information, not as a warning.
 */
void unlock_all_vcpus(struct kvm *kvm)
{
	struct kvm_vcpu *vcpu;
	unsigned long i;

	kvm_for_each_vcpu(i, vcpu, kvm)
		mutex_unlock(&vcpu->mutex);
}
