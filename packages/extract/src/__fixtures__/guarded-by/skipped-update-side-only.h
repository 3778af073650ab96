/*
 * "Update side is protected by": the lock guards writes only, which a rule
 * (every access) cannot say. No rule; guard-comment-skipped says why.
 */
struct kvm_arch {
#ifdef CONFIG_KVM_X
	/*
	 * Update side is protected by kvm->irq_lock.
	 */
	struct kvm_irq_routing_table __rcu *routing;
#endif
};
