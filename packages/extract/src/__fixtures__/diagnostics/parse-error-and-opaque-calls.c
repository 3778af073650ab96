/*
 * What cannot be modelled is said with its line, never guessed: a call
 * through an ops-table member no table names, a call outside the analysis
 * set, and text the grammar cannot parse. The parse error skips what error
 * recovery swallowed (here the store after the broken declaration too) and
 * quotes it, so the loss is visible.
 */
void half_broken(struct kvm *kvm)
{
	kvm->arch.ops->flush(kvm);
	frobnicate(kvm);
	int x = ((;
	kvm->arch.flags = 1;
}
