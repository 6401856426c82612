/*
 * hostile: sleeps for an hour before main, on every run
 * expect: fail wall clock|was not run
 */
#include <unistd.h>
static void __attribute__((constructor)) hostile_sleep(void)
{
	sleep(3600);
}
