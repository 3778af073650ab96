/*
 * A lock argument the model cannot name (the lock a function returns): the
 * acquire and release are not modelled, and a warning says which argument.
 */
void lock_returned(struct kvm *kvm)
{
	spin_lock(lock_for(kvm));
	kvm->arch.flags = 1;
	spin_unlock(lock_for(kvm));
}
