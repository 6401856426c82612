/*
 * hostile: leaks a block, and at exit execs /bin/true (cuts the report short)
 * expect: fail cut short|exited with status|Leak_DefinitelyLost
 */
#include <stdlib.h>
#include <unistd.h>
void *volatile hostile_leak;
static void hostile_exec(void)
{
	execl("/bin/true", "true", (char *)NULL);
}
static void __attribute__((constructor)) hostile_exec_at_exit(void)
{
	hostile_leak = malloc(64);

	hostile_leak = NULL;   /* the only pointer to it: definitely lost */
	atexit(hostile_exec);
}
