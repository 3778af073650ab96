/*
 * Two readers and no writer: reads do not conflict.
 */
// threads: test_flags, test_flags

int test_flags(struct kvm *kvm)
{
	return kvm->arch.flags;
}
