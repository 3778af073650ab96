/*
 * A struct whose instances the model has no paths for (kvm_pgtable): its
 * comments make no rule.
 */
struct kvm_pgtable {
	/* Protected by kvm->lock */
	int a;
};
