/*
 * Structs with an attribute after their body (____cacheline_aligned,
 * __randomize_layout) are still read: a rule for each documented field, at
 * the paths of its struct (vcpu.arch, kvm).
 */
struct kvm_vcpu_arch {
	/* Protected by kvm->lock */
	u64 a;
} ____cacheline_aligned;

struct kvm {
	spinlock_t b; /* protected by kvm->mmu_lock */
} __randomize_layout;
