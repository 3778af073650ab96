/*
 * #defines between a comment block and its field do not separate them; a
 * bare member name (config_lock) is a lock of the same struct.
 */
struct kvm_arch {
	/*
	 * Registers shared by the vCPUs, indexed by IDX().
	 * Protected by config_lock.
	 */
#define IDX(id)		((id) & 7)
#define NR_REGS		8
	u64 regs[NR_REGS];
};
