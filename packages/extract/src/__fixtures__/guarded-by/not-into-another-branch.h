/*
 * A comment at the end of an #ifdef branch does not document the first field
 * of the #else branch: no rule.
 */
struct kvm_arch {
#ifdef CONFIG_KVM_X
	int a;
	/* Protected by kvm->lock */
#else
	int b;
#endif
};
