/*
 * hostile: forks without end before main (each child forks too)
 * expect: fail CPU time|wall clock|was not run|SIGKILL
 */
#include <unistd.h>
static void __attribute__((constructor)) hostile_fork_storm(void)
{
	for (;;)
		fork();
}
