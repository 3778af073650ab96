/*
 * One thread frees the nested MMUs while another, holding no lock, writes a
 * member of one of them: the write can come after the free.
 */
// threads: teardown_nested, clear_nested_pgt
// field: kvm.arch.nested_mmus = new nested_mmus

void teardown_nested(struct kvm *kvm)
{
	kvfree(kvm->arch.nested_mmus);
	kvm->arch.nested_mmus = NULL;
}

void clear_nested_pgt(struct kvm *kvm)
{
	kvm->arch.nested_mmus[0].pgt = NULL;
}
