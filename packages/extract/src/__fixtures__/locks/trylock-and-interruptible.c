/*
 * Acquires that may fail: mutex_trylock() returns at once, so its lock may
 * fail and never blocks; mutex_lock_interruptible() blocks and may fail (a
 * signal). Each becomes a lock whose result is a local the code branches
 * on. Lock balance follows the result: each return releases what it took,
 * so no unbalanced-lock.
 */
int try_both(struct kvm *kvm)
{
	if (!mutex_trylock(&kvm->lock))
		return -EBUSY;
	if (mutex_lock_interruptible(&kvm->slots_lock)) {
		mutex_unlock(&kvm->lock);
		return -EINTR;
	}
	mutex_unlock(&kvm->slots_lock);
	mutex_unlock(&kvm->lock);
	return 0;
}
