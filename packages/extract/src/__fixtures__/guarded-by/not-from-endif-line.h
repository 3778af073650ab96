/*
 * A comment on an #endif line is about the conditional, not the next field:
 * no rule.
 */
struct kvm_arch {
#ifdef CONFIG_KVM_X
	int a;
#endif /* protected by kvm->lock */
	int b;
};
