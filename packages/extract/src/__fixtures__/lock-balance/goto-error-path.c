/*
 * The kernel's error path: a goto to the label that releases the lock. Every
 * return holds the same locks (none), so lock balance is silent.
 */
int set_flag_once(struct kvm *kvm)
{
	int r = 0;

	mutex_lock(&kvm->slots_lock);
	if (kvm->arch.flags) {
		r = -EBUSY;
		goto out_unlock;
	}
	kvm->arch.flags = 1;
out_unlock:
	mutex_unlock(&kvm->slots_lock);
	return r;
}
