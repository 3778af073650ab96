/*
 * The control flow of C in the IR: a for loop is its initialiser, then a
 * bounded loop (at most the loop bound, 2 by default) with its condition
 * and its update after the body; while is a loop with a condition; do-while
 * runs the body first and breaks when the condition fails; goto and labels
 * stay as they are; a switch reads its value once into a local and becomes
 * a chain of branches. ++ and -- on a field are writes.
 */
int walk_nested(struct kvm *kvm)
{
	int i, r = 0;

	for (i = 0; i < kvm->arch.nested_mmus_size; i++)
		kvm->arch.nested_mmus[i].pgt = NULL;
	while (kvm->arch.nested_mmus_next)
		kvm->arch.nested_mmus_next--;
	do {
		r = 1;
	} while (r == 0);
	switch (r) {
	case 1:
		kvm->arch.flags = 1;
		break;
	default:
		goto out;
	}
out:
	return r;
}
