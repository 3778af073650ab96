/*
 * A comment block separated from its field by blank lines still documents
 * it.
 */
struct kvm_arch {
	int a;

	/* Protected by kvm->lock */

	int b;
};
