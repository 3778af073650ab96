/*
 * Calls that may sleep and do nothing else the model sees: might_sleep()
 * and cond_resched() are might-sleep statements, so the simulator can tell
 * when they run under a spinning lock.
 */
void yield_a_bit(void)
{
	might_sleep();
	cond_resched();
}
