/*
 * A lock that may fail is followed into the branch on its result:
 * mutex_lock_killable() returns non-zero when it did not take the lock, a
 * trylock zero. The failure paths return holding nothing, the success paths
 * release it: lock balance is silent for both functions.
 */
long vcpu_ioctl_killable(struct kvm_vcpu *vcpu)
{
	long r = 0;

	if (mutex_lock_killable(&vcpu->mutex))
		return -EINTR;
	if (vcpu->arch.flags)
		r = -EBUSY;
	mutex_unlock(&vcpu->mutex);
	return r;
}

int try_fault(struct kvm_vcpu *vcpu)
{
	if (!read_trylock(&vcpu->kvm->mmu_lock))
		return 0;
	read_unlock(&vcpu->kvm->mmu_lock);
	return 1;
}
