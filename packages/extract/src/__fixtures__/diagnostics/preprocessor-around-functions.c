/*
 * Functions inside #ifdef blocks (and #else branches) are still functions:
 * every definition is read, whichever configuration it belongs to. (Two
 * definitions of one name would keep the first and say so; see
 * duplicate-definitions.c.)
 */
#ifdef CONFIG_PTDUMP_STAGE2_DEBUGFS
void ptdump_lock(struct kvm *kvm)
{
	write_lock(&kvm->mmu_lock);
}
#else
void ptdump_unlock(struct kvm *kvm)
{
	write_unlock(&kvm->mmu_lock);
}
#endif
