/*
 * Operands C lets you leave out, and the VM behind any ->kvm: GNU a ?: b is
 * a ? a : b; every ->kvm member (its->dev->kvm here) is the VM, so the
 * read section is on kvm.srcu.
 */
struct kvm_vcpu *irq_target(struct vgic_irq *irq, struct vgic_its *its)
{
	srcu_read_lock(&its->dev->kvm->srcu);
	return irq->vcpu ? : irq->target_vcpu;
}
