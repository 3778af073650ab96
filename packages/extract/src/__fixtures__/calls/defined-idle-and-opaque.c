/*
 * Kinds of callee. One defined in the analysis set with visible effects
 * stays a call (the simulator inlines it). One defined with nothing to do
 * at all (kvm_debug is invisible) is sliced away, with its calls. One whose
 * only effect is its value stays a call: the slicer drops only callees with
 * nothing at all to do, and the simulator computes the value and drops it.
 * One outside the analysis set and the API catalogue is opaque: its call
 * has no visible effect, and a diagnostic says so once per caller and
 * callee.
 */
static void take_and_drop(struct kvm *kvm)
{
	mutex_lock(&kvm->lock);
	mutex_unlock(&kvm->lock);
}

static void trace_flush(struct kvm *kvm)
{
	kvm_debug("flush\n");
}

static int next_level(int level)
{
	return level + 1;
}

void caller(struct kvm *kvm)
{
	take_and_drop(kvm);
	trace_flush(kvm);
	next_level(1);
	outside_the_set(kvm);
	outside_the_set(kvm);
}
