/*
 * Two writers that each hold only the read side of the MMU lock: readers
 * share it, so the writes are not ordered.
 */
// threads: age_gfn, age_gfn

void age_gfn(struct kvm *kvm)
{
	read_lock(&kvm->mmu_lock);
	kvm->arch.flags = 0;
	read_unlock(&kvm->mmu_lock);
}
