/*
 * A comment inside a nested anonymous struct documents nothing outside it,
 * and the nested struct has no paths: no rule.
 */
struct kvm_arch {
	struct {
		/* Protected by kvm->lock */
		int inner;
	} group;
	int b;
};
