/*
 * Attributes after a field's name (__aligned(8), ____cacheline_aligned) do
 * not hide the field, and a comment on the line of such a field is that
 * field's.
 */
struct kvm_arch {
	/* Protected by kvm->lock */
	u64 a __aligned(8);
	spinlock_t b ____cacheline_aligned_in_smp; /* protected by kvm->mmu_lock */
	/* Protected by kvm->slots_lock */
	struct kvm_vcpu *c[4] ____cacheline_aligned;
	int d;
};
