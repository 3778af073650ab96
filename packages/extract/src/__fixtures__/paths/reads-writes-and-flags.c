/*
 * Values and writes: a flag test is an & with the catalogue's value of the
 * flag (KVM_MEM_LOG_DIRTY_PAGES: 1); ++ and += on a field are writes whose
 * value the model does not track; a pure helper of the model
 * (kvm_is_block_size_supported) stays a call in the expression, so the
 * simulator can evaluate the branch.
 */
void commit_flags(struct kvm *kvm, const struct kvm_memory_slot *new)
{
	bool logging = new->flags & KVM_MEM_LOG_DIRTY_PAGES;

	kvm->arch.nested_mmus_next++;
	kvm->arch.nested_mmus_size += 2;
	if (logging && kvm_is_block_size_supported(kvm->arch.mmu.split_page_chunk_size))
		kvm->arch.mmu.split_page_chunk_size = 0;
}
