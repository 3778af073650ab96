/*
 * An SRCU struct the catalogue does not list: the read section is not
 * modelled, and synchronize_srcu() on it is kept as what it surely is, a
 * might-sleep. A warning names each.
 */
void other_srcu(struct kvm *kvm)
{
	int idx = srcu_read_lock(&kvm->irq_srcu);

	srcu_read_unlock(&kvm->irq_srcu, idx);
	synchronize_srcu(&kvm->irq_srcu);
}
