/*
 * ABBA: one thread takes kvm->lock then slots_lock, the other slots_lock
 * then kvm->lock. Each can hold its first lock and wait for the other's.
 */
// threads: lock_then_slots, slots_then_lock

void lock_then_slots(struct kvm *kvm)
{
	mutex_lock(&kvm->lock);
	mutex_lock(&kvm->slots_lock);
	mutex_unlock(&kvm->slots_lock);
	mutex_unlock(&kvm->lock);
}

void slots_then_lock(struct kvm *kvm)
{
	mutex_lock(&kvm->slots_lock);
	mutex_lock(&kvm->lock);
	mutex_unlock(&kvm->lock);
	mutex_unlock(&kvm->slots_lock);
}
