/*
 * The seed thread's naive fix: the flush takes the MMU write lock and calls
 * a function that takes it again. A thread asking for an rwlock it holds
 * for write waits for itself.
 */
// threads: flush_shadow_all

static void free_stage2_pgd(struct kvm *kvm)
{
	write_lock(&kvm->mmu_lock);
	kvm->arch.mmu.pgt = NULL;
	write_unlock(&kvm->mmu_lock);
}

void flush_shadow_all(struct kvm *kvm)
{
	write_lock(&kvm->mmu_lock);
	free_stage2_pgd(kvm);
	write_unlock(&kvm->mmu_lock);
}
