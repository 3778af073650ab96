/*
 * A lock outside the catalogue that only an assertion names: nothing says
 * whether it is a mutex or a spinlock, so the assertion is not modelled and
 * a warning says why. Guessing a kind would make up findings.
 */
void check_mp_state(struct kvm_vcpu *vcpu)
{
	lockdep_assert_held(&vcpu->arch.mp_state_lock);
}
