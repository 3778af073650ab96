/*
 * A return inside a guard()'s scope releases the lock on the way out: both
 * returns hold nothing, so lock balance is silent.
 */
int check_under_guard(struct kvm *kvm)
{
	guard(write_lock)(&kvm->mmu_lock);
	if (kvm->arch.flags)
		return -EBUSY;
	return 0;
}
