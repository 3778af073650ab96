/*
 * Atomic sections: preempt_disable()/preempt_enable() and
 * local_irq_save()/local_irq_restore() enter and leave a section of the
 * running thread (sections nest). A guard of an atomic class leaves its
 * section on every exit of its scope, a return included; a one-argument
 * scoped_guard(irqsave) { } reads as a nested function definition to the C
 * grammar and is still the section it is.
 */
int set_flag_atomically(struct kvm *kvm, unsigned long flags)
{
	preempt_disable();
	local_irq_save(flags);
	kvm->arch.flags = 1;
	local_irq_restore(flags);
	preempt_enable();
	scoped_guard(irqsave) {
		if (kvm->arch.flags)
			return 1;
	}
	guard(preempt)();
	return 0;
}

/* local_bh_disable() is a section of its own kind. */
void bh_off(struct kvm *kvm)
{
	local_bh_disable();
	kvm->arch.flags = 2;
	local_bh_enable();
}
