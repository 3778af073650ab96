/*
 * A comment at the end of an #ifdef block does not reach out to the field
 * after the #endif: no rule.
 */
struct kvm_arch {
#ifdef CONFIG_KVM_X
	int a;
	/* Protected by kvm->lock */
#endif
	int b;
};
