/*
 * A declaration of two fields (int a, b;) under one comment: a rule for
 * each.
 */
struct kvm_arch {
	/* Protected by kvm->lock */
	int a, b;
};
