/*
 * The three ways a field is documented as guarded: a "Protected by" block
 * above it (the rule keeps the comment's text, on one line), a comment on
 * its line ("the kvm->arch.config_lock": the article is not the lock), and
 * a __guarded_by(&lock) annotation. A field with no comment of its own
 * (next_to_it) gets no rule from its neighbour's.
 */
struct kvm_arch {
	/*
	 * The eager-split cache.
	 *
	 * Protected by kvm->slots_lock.
	 */
	struct kvm_mmu_memory_cache cache;
	unsigned long flags; /* protected by the kvm->arch.config_lock */
	int counter __guarded_by(&kvm->mmu_lock);
	int free_for_all; /* protected by kvm->lock */
	int next_to_it;
};
