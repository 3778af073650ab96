/*
 * An SRCU read section and a grace period: srcu_read_lock(&kvm->srcu) and
 * srcu_read_unlock() bracket a reader of kvm.srcu (the index they pass is
 * bookkeeping, not a value the model needs); synchronize_srcu_expedited()
 * waits for every reader that started before it, like synchronize_srcu().
 */
void reader_then_writer(struct kvm *kvm)
{
	int idx = srcu_read_lock(&kvm->srcu);

	srcu_read_unlock(&kvm->srcu, idx);
	synchronize_srcu_expedited(&kvm->srcu);
	synchronize_srcu(&kvm->srcu);
}
