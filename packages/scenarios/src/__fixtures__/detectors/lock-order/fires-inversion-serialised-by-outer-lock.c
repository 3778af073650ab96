/*
 * slots_lock and slots_arch_lock taken in both orders, but always under
 * kvm->lock, so no interleaving deadlocks: the inversion is still a cycle
 * in the lock graph, as lockdep says.
 */
// threads: slots_then_arch, arch_then_slots

void slots_then_arch(struct kvm *kvm)
{
	guard(mutex)(&kvm->lock);
	mutex_lock(&kvm->slots_lock);
	mutex_lock(&kvm->slots_arch_lock);
	mutex_unlock(&kvm->slots_arch_lock);
	mutex_unlock(&kvm->slots_lock);
}

void arch_then_slots(struct kvm *kvm)
{
	guard(mutex)(&kvm->lock);
	mutex_lock(&kvm->slots_arch_lock);
	mutex_lock(&kvm->slots_lock);
	mutex_unlock(&kvm->slots_lock);
	mutex_unlock(&kvm->slots_arch_lock);
}
