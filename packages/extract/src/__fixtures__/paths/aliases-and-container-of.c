/*
 * Locals that only ever hold one address are aliases of it: kvm from
 * kvm_s2_mmu_to_kvm(mmu) is the VM, nested = &kvm->arch.nested_mmus[i] an
 * element of the array (any index: [*]), other from container_of(..,
 * struct kvm, arch) the VM again. A store through an alias writes the path
 * it stands for; a store through a parameter stays relative to it (mmu.);
 * WRITE_ONCE is a write of its target.
 */
void clear_nested(struct kvm_s2_mmu *mmu, int i)
{
	struct kvm *kvm = kvm_s2_mmu_to_kvm(mmu);
	struct kvm_s2_mmu *nested = &kvm->arch.nested_mmus[i];
	struct kvm *other = container_of(mmu->arch, struct kvm, arch);

	write_lock(&kvm->mmu_lock);
	nested->pgt = NULL;
	mmu->pgd_phys = 0;
	WRITE_ONCE(other->arch.flags, 0);
	write_unlock(&kvm->mmu_lock);
}
