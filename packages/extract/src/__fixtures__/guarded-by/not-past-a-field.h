/*
 * A block above a field documents that field only, not the one after it.
 */
struct kvm_arch {
	/* Protected by kvm->lock */
	int a;
	int b;
};
