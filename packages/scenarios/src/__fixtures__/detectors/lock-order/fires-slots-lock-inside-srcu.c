/*
 * One thread alone: slots_lock taken inside a kvm->srcu read section. No
 * interleaving of this one thread deadlocks, but the documented rule
 * (Documentation/virt/kvm/locking.rst: synchronize_srcu(&kvm->srcu) runs
 * under slots_lock) closes the cycle lockdep would report.
 */
// threads: flush_under_srcu

void flush_under_srcu(struct kvm *kvm)
{
	int idx = srcu_read_lock(&kvm->srcu);

	mutex_lock(&kvm->slots_lock);
	mutex_unlock(&kvm->slots_lock);
	srcu_read_unlock(&kvm->srcu, idx);
}
