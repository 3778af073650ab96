/*
 * A field inside an #ifdef block, with its comment above it in the block: a
 * rule, whatever the configuration.
 */
struct kvm_arch {
	int a;
#ifdef CONFIG_KVM_X
	/* Protected by kvm->lock */
	int b;
#endif
	int c;
};
