/*
 * The lock catalogue says kvm->mmu_lock is an rwlock on arm64, and
 * kvm->slots_lock a mutex. spin_lock() on the first and write_lock() on the
 * second would not compile against the real types, or the catalogue is
 * wrong: each is a lock-kind-mismatch warning, and the lock is modelled as
 * the catalogue says.
 */
void wrong_apis(struct kvm *kvm)
{
	spin_lock(&kvm->mmu_lock);
	spin_unlock(&kvm->mmu_lock);
	write_lock(&kvm->slots_lock);
	write_unlock(&kvm->slots_lock);
}

/* The right APIs: no diagnostic. */
void right_apis(struct kvm *kvm)
{
	write_lock(&kvm->mmu_lock);
	write_unlock(&kvm->mmu_lock);
	mutex_lock(&kvm->slots_lock);
	mutex_unlock(&kvm->slots_lock);
}
