/*
 * A break in the middle of a case (if (err) break;) leaves the switch: it
 * becomes a goto to a label after the chain of branches. A break at the end
 * of a case is dropped; a break inside a loop inside a case stays the
 * loop's own.
 */
long vm_ioctl(struct kvm *kvm, unsigned int ioctl)
{
	long r;

	switch (ioctl) {
	case 1: {
		r = -EFAULT;
		if (kvm->arch.flags)
			break;
		mutex_lock(&kvm->lock);
		mutex_unlock(&kvm->lock);
		break;
	}
	case 2:
		while (kvm->arch.flags) {
			if (kvm->arch.flags)
				break;
		}
		r = 0;
		break;
	default:
		r = -EINVAL;
	}
	return r;
}
