/*
 * A comment on a #define line is about the macro: no rule.
 */
struct kvm_arch {
#define KVM_X_SHIFT 1 /* protected by kvm->lock */
	int a;
};
