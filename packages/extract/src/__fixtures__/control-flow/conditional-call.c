/*
 * A call on the right of && or || runs only when the left side lets it; the
 * IR hoists it before the test, so it is modelled as always evaluated, and
 * a diagnostic says so. (A pure helper on the right needs no hoisting.)
 */
void maybe_reset(struct kvm *kvm)
{
	if (kvm->arch.flags && reset_needed(kvm))
		kvm->arch.flags = 0;
}
