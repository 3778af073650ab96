/*
 * The failure path of a lock that may fail releases the lock it did not
 * get: lock balance says so (the release of a lock not held).
 */
int unlock_on_signal(struct kvm *kvm)
{
	if (mutex_lock_interruptible(&kvm->lock)) {
		mutex_unlock(&kvm->lock);
		return -EINTR;
	}
	mutex_unlock(&kvm->lock);
	return 0;
}
