/*
 * kvm->lock, then vcpu->mutex, then slots_lock: the order
 * Documentation/virt/kvm/locking.rst documents, in every thread.
 */
// threads: vcpu_ioctl_set_regs, vcpu_ioctl_set_regs

void vcpu_ioctl_set_regs(struct kvm *kvm, struct kvm_vcpu *vcpu)
{
	mutex_lock(&kvm->lock);
	mutex_lock(&vcpu->mutex);
	mutex_lock(&kvm->slots_lock);
	mutex_unlock(&kvm->slots_lock);
	mutex_unlock(&vcpu->mutex);
	mutex_unlock(&kvm->lock);
}
