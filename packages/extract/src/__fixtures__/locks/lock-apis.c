/*
 * The lock APIs of the catalogue, on locks the catalogue knows. The MMU lock
 * is an rwlock on arm64: read_lock takes its read side, write_lock and
 * KVM_MMU_LOCK() its write side. mutex_lock, spin_lock and raw_spin_lock
 * are exclusive acquires. A lock is named by its canonical path
 * (kvm.mmu_lock, vcpu.arch.vgic_cpu.ap_list_lock), whatever the parameter
 * is called.
 */
void lock_apis(struct kvm *kvm, struct kvm_vcpu *vcpu)
{
	read_lock(&kvm->mmu_lock);
	read_unlock(&kvm->mmu_lock);
	write_lock(&kvm->mmu_lock);
	write_unlock(&kvm->mmu_lock);
	KVM_MMU_LOCK(kvm);
	KVM_MMU_UNLOCK(kvm);
	mutex_lock(&kvm->slots_lock);
	mutex_unlock(&kvm->slots_lock);
	spin_lock(&kvm->arch.vgic.lpi_xa.xa_lock);
	spin_unlock(&kvm->arch.vgic.lpi_xa.xa_lock);
	raw_spin_lock(&vcpu->arch.vgic_cpu.ap_list_lock);
	raw_spin_unlock(&vcpu->arch.vgic_cpu.ap_list_lock);
}
