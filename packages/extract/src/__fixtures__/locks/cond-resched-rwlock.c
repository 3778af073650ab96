/*
 * cond_resched_rwlock_write() drops the MMU write lock, may reschedule, and
 * takes it back: another thread can run in between. It is an unlock, a
 * might-sleep and a lock of the same lock in the same mode.
 */
void split_some(struct kvm *kvm)
{
	cond_resched_rwlock_write(&kvm->mmu_lock);
}
