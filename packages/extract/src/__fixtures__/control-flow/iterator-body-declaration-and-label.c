/*
 * Iterator bodies the grammar misreads: one whose body opens with a
 * declaration parses as a nested function definition, and one under a
 * label (out_unlock: kvm_for_each_vcpu(...) {) as a labelled call. Both are
 * bounded loops over their body, the label kept before the loop; nothing
 * is an unknown statement.
 */
int per_cpu_then_unlock(struct kvm *kvm)
{
	for_each_possible_cpu(cpu) {
		struct page *page = kzalloc(8, GFP_KERNEL);

		kfree(page);
	}
	return 0;
out_unlock:
	kvm_for_each_vcpu(j, vcpu, kvm) {
		mutex_unlock(&vcpu->mutex);
	}
	return -EINTR;
}
