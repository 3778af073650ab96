/*
 * One lock outside the catalogue taken as two kinds in one file: the first
 * use decides (a mutex, declared in the program's locks), the second is
 * refused with a warning and not modelled. (Two files that disagree make
 * no declaration at all: that is an ordinary test, fixtures are one file.)
 */
void odd(void)
{
	mutex_lock(&odd_lock);
	spin_lock(&odd_lock);
}
