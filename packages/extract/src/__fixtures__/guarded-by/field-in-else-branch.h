/*
 * A field in an #else branch, documented by the comment on its own line.
 */
struct kvm_arch {
#ifdef CONFIG_KVM_X
	int a;
#else
	int b; /* protected by kvm->mmu_lock */
#endif
	int c;
};
