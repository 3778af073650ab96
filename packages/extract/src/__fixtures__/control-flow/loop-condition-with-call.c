/*
 * A loop condition that calls a function: the call's effects run at the top
 * of each iteration, and the condition itself is unknown (the model cannot
 * tell when it stops, so the loop bound does), said as information.
 */
void drain(struct kvm *kvm)
{
	while (kvm_mmu_memory_cache_nr_free_objects(&kvm->arch.mmu.split_page_cache) > next_batch(kvm))
		kvm->arch.flags = 1;
}
