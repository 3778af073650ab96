/*
 * The same mutex taken once preemption is enabled again, and a guard of an
 * irq section left at the end of its scope: nothing sleeps in atomic context.
 */
// threads: flush_after_preempt_enable

void flush_after_preempt_enable(struct kvm *kvm)
{
	preempt_disable();
	kvm->arch.flags = 1;
	preempt_enable();
	scoped_guard(irqsave) {
		kvm->arch.flags = 2;
	}
	mutex_lock(&kvm->slots_lock);
	mutex_unlock(&kvm->slots_lock);
}
