/*
 * A field documented as protected by a lock the catalogue does not know:
 * no rule (the simulator could not check it), and a diagnostic naming the
 * lock as the comment writes it.
 */
struct kvm {
	/* Protected by kvm->mystery_lock */
	int x;
};
