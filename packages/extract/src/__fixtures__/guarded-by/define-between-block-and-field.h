/*
 * The kvm_s2_mmu shape: a #define, then the comment block, then the field.
 * The block documents split_page_cache, which lives at every path of a
 * kvm_s2_mmu (the VM's, and any nested one's), so one rule per path; the
 * field after it (split_page_chunk_size) gets none.
 */
struct kvm_s2_mmu {
	/* The last vCPU to run on each physical CPU */
	int __percpu *last_vcpu_ran;

#define KVM_ARM_EAGER_SPLIT_CHUNK_SIZE_DEFAULT 0
	/*
	 * Page-table pages for splitting huge mappings, a chunk's worth
	 * at a time; the chunk size sets how many it holds.
	 *
	 * Protected by kvm->slots_lock.
	 */
	struct kvm_mmu_memory_cache split_page_cache;
	uint64_t split_page_chunk_size;

	struct kvm_arch *arch;
};
