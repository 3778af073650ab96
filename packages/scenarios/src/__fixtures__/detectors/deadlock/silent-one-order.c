/*
 * Two threads that take kvm->lock then slots_lock, the documented order:
 * whoever gets kvm->lock first finishes, then the other.
 */
// threads: lock_then_slots, lock_then_slots

void lock_then_slots(struct kvm *kvm)
{
	mutex_lock(&kvm->lock);
	mutex_lock(&kvm->slots_lock);
	mutex_unlock(&kvm->slots_lock);
	mutex_unlock(&kvm->lock);
}
