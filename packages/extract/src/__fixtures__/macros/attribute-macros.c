/*
 * Attribute macros between the type and the name (__init, __maybe_unused)
 * hide the function from the grammar unless they are blanked first: the
 * function is read, with its name and body, at its own lines.
 */
static void __init __maybe_unused setup_lock(struct kvm *kvm)
{
	mutex_lock(&kvm->lock);
	mutex_unlock(&kvm->lock);
}
