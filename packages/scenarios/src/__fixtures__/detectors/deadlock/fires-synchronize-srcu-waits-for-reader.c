/*
 * James's point in the seed thread: the flush runs inside a kvm->srcu read
 * section and takes slots_lock; a memslot update holds slots_lock and calls
 * synchronize_srcu(), which waits for that reader, which waits for the
 * lock.
 */
// threads: flush_under_srcu, set_memory_region

void flush_under_srcu(struct kvm *kvm)
{
	int idx = srcu_read_lock(&kvm->srcu);

	mutex_lock(&kvm->slots_lock);
	mutex_unlock(&kvm->slots_lock);
	srcu_read_unlock(&kvm->srcu, idx);
}

void set_memory_region(struct kvm *kvm)
{
	mutex_lock(&kvm->slots_lock);
	synchronize_srcu(&kvm->srcu);
	mutex_unlock(&kvm->slots_lock);
}
