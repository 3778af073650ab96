/*
 * A write of kvm->arch.flags with no lock against a read of it with no
 * lock: the two accesses can be adjacent with nothing ordering them.
 */
// threads: set_flags, test_flags

void set_flags(struct kvm *kvm)
{
	kvm->arch.flags = 1;
}

int test_flags(struct kvm *kvm)
{
	if (kvm->arch.flags)
		return 1;
	return 0;
}
