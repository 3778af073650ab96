/*
 * The field that opens an #ifdef block is documented by the comment block
 * above the #ifdef.
 */
struct kvm_arch {
	/* Protected by kvm->lock */
#if defined(CONFIG_KVM_X)
	int a;
#endif
	int b;
};
