/*
 * Locks the catalogue does not list: the API that takes one says its kind
 * (spin_lock: a spinlock, mutex_lock: a mutex). It is modelled with that
 * kind, declared in the program's locks with where the kind came from, and
 * said as information: it has no documented order.
 */
void set_mp_state(struct kvm_vcpu *vcpu)
{
	spin_lock(&vcpu->arch.mp_state_lock);
	spin_unlock(&vcpu->arch.mp_state_lock);
	mutex_lock(&kvm_lock);
	mutex_unlock(&kvm_lock);
}
