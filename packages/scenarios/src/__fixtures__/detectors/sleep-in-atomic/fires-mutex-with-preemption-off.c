/*
 * A mutex taken with preemption disabled (the irq section around it was
 * already left): mutex_lock may sleep, and preempt_disable() made the thread
 * atomic until preempt_enable().
 */
// threads: flush_with_preemption_off

void flush_with_preemption_off(struct kvm *kvm, unsigned long flags)
{
	preempt_disable();
	local_irq_save(flags);
	local_irq_restore(flags);
	mutex_lock(&kvm->slots_lock);
	mutex_unlock(&kvm->slots_lock);
	preempt_enable();
}
