/*
 * hostile: exits with status 0 before main runs (every run "succeeds")
 * expect: fail before the harness reached its verdict
 */
#include <unistd.h>
static void __attribute__((constructor)) hostile_exit_zero(void)
{
	_exit(0);
}
