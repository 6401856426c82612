/*
 * hostile: spins forever before main, on every run
 * expect: fail CPU time|SIGXCPU|wall clock|was not run
 */
static void __attribute__((constructor)) hostile_spin(void)
{
	for (volatile unsigned long i = 0;; i++)
		;
}
