/*
 * A store to a location the model cannot name (through what a function
 * returns): no write is made up, and a diagnostic says which location was
 * written. The stored value is still computed: its calls run and the
 * fields it reads are reads (kvm.arch.flags here).
 */
void store_through_call(struct kvm *kvm)
{
	pgt_of(kvm)->flags = 0;
	*slot_flags(kvm) = kvm->arch.flags;
}
