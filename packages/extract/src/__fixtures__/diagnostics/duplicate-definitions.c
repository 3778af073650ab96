/*
 * One name defined twice (the two sides of an #ifdef): the first
 * definition is the function, the second is said as information, with
 * where the first is. Choosing by configuration would be a guess.
 */
#ifdef CONFIG_KVM_ARM_PMU
void pmu_reset(struct kvm *kvm)
{
	mutex_lock(&kvm->lock);
	mutex_unlock(&kvm->lock);
}
#else
void pmu_reset(struct kvm *kvm)
{
}
#endif
