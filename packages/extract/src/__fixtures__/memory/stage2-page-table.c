/*
 * A stage-2 page-table operation called through KVM_PGT_FN(), which picks
 * the pKVM or the normal implementation: the wrapper is seen through, and
 * kvm_pgtable_stage2_destroy is the model's stage2.destroy on the table.
 */
void destroy_pgt(struct kvm_pgtable *pgt)
{
	KVM_PGT_FN(kvm_pgtable_stage2_destroy)(pgt);
	kfree(pgt);
}
