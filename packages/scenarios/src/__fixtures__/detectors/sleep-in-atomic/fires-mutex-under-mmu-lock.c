/*
 * A mutex taken while the MMU lock (an rwlock: spinning) is held for
 * write: mutex_lock may sleep.
 */
// threads: split_under_mmu_lock

void split_under_mmu_lock(struct kvm *kvm)
{
	write_lock(&kvm->mmu_lock);
	mutex_lock(&kvm->slots_lock);
	mutex_unlock(&kvm->slots_lock);
	write_unlock(&kvm->mmu_lock);
}
