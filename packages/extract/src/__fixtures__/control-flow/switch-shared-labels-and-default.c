/*
 * A switch compares its value once with each label: labels with no
 * statements of their own share the next arm (an ||), a constant the
 * catalogue knows is its value (KVM_CAP_ARM_EAGER_SPLIT_CHUNK_SIZE: 228),
 * and default runs when no label matches, wherever it is written.
 */
int pick(struct kvm *kvm)
{
	int r;

	switch (kvm->arch.flags) {
	default:
		r = -EINVAL;
		break;
	case 1:
	case 2:
		r = 1;
		break;
	case KVM_CAP_ARM_EAGER_SPLIT_CHUNK_SIZE:
		r = 2;
	}
	return r;
}
