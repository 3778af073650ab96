/*
 * guard(srcu)(&kvm->srcu) is a read section of kvm.srcu to the end of the
 * block. guard(rcu)() starts an RCU read-side critical section, an atomic
 * section the model does not track: it is said as information, not guessed
 * as a lock.
 */
void guarded_reader(struct kvm *kvm)
{
	guard(srcu)(&kvm->srcu);
	guard(rcu)();
	kvm->arch.flags = 1;
}
