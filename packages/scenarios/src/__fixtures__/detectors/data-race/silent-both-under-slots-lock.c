/*
 * The same write and read, each under kvm->slots_lock: one common lock
 * orders them.
 */
// threads: set_flags, test_flags

void set_flags(struct kvm *kvm)
{
	mutex_lock(&kvm->slots_lock);
	kvm->arch.flags = 1;
	mutex_unlock(&kvm->slots_lock);
}

int test_flags(struct kvm *kvm)
{
	int r;

	mutex_lock(&kvm->slots_lock);
	r = kvm->arch.flags;
	mutex_unlock(&kvm->slots_lock);
	return r;
}
