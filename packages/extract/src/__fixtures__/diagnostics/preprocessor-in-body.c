/*
 * An #ifdef inside a function body: both branches are code of some
 * configuration, and modelling one would be a guess, so neither is modelled
 * and the diagnostic says so. The statements around it are lowered.
 */
void config_dependent(struct kvm *kvm)
{
	mutex_lock(&kvm->lock);
#ifdef CONFIG_KVM_NESTED
	kvm->arch.nested_mmus_size = 0;
#else
	kvm->arch.flags = 0;
#endif
	mutex_unlock(&kvm->lock);
}
