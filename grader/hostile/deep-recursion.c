/*
 * hostile: recurses without bound before main
 * expect: fail SIGSEGV|was not run
 */
volatile int hostile_deeper = 1;   /* gcc must not see that it never stops */
static int hostile_down(int depth)
{
	volatile char frame[256];

	frame[0] = (char)depth;
	if (!hostile_deeper)
		return 0;
	return hostile_down(depth + 1) + frame[0];
}
static void __attribute__((constructor)) hostile_recurse(void)
{
	hostile_down(0);
}
