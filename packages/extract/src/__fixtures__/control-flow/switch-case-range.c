/*
 * A GNU case range (case 1 ... 3:) is not in the grammar. It must not turn
 * the switch into a parse error and lose the lock in its arm, and it is the
 * test lo <= value && value <= hi, not value == lo: a granule of 2 takes
 * the lock too. A bound the model does not know stays unknown.
 */
int by_granule(struct kvm *kvm, int granule)
{
	switch (granule) {
	case 1 ... 3:
		mutex_lock(&kvm->lock);
		mutex_unlock(&kvm->lock);
		break;
	case EFAULT ... MAX_GRANULE:
		return -EFAULT;
	default:
		return -EINVAL;
	}
	return 0;
}
