/*
 * Sleeping under a mutex is allowed: cond_resched() and a nested mutex
 * while kvm->lock is held.
 */
// threads: resched_under_mutex

void resched_under_mutex(struct kvm *kvm)
{
	mutex_lock(&kvm->lock);
	cond_resched();
	mutex_lock(&kvm->slots_lock);
	mutex_unlock(&kvm->slots_lock);
	mutex_unlock(&kvm->lock);
}
