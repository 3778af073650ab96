/*
 * One path returns holding slots_lock and another does not: an
 * unbalanced-lock warning naming both returns, with what each holds.
 */
int busy_path_leaks(struct kvm *kvm)
{
	mutex_lock(&kvm->slots_lock);
	if (kvm->arch.flags)
		return -EBUSY;
	mutex_unlock(&kvm->slots_lock);
	return 0;
}
