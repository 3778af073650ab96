/*
 * A comment block with no field after it documents nothing: no rule.
 */
struct kvm_arch {
	int a;
	/* Protected by kvm->lock */
};
