/*
 * Assertions the simulator checks. lockdep_assert_held_write() and
 * lockdep_assert_held() assert that the running thread holds the lock (the
 * write side, or any side). WARN_ON() as an if condition is a warn whose
 * result the branch tests; BUG_ON() is a fatal warn. Each condition is an
 * expression over modelled values.
 */
void teardown_checks(struct kvm *kvm)
{
	lockdep_assert_held_write(&kvm->mmu_lock);
	lockdep_assert_held(&kvm->slots_lock);
	if (WARN_ON(!kvm->arch.mmu.pgt))
		return;
	BUG_ON(kvm->arch.nested_mmus_size < 0);
}
