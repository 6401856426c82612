/*
 * hostile: exits with status 0 before main runs (every run "succeeds")
 * expect: fail never reached scenario|stopped before this scenario
 */
#include <unistd.h>
static void __attribute__((constructor)) hostile_exit_zero(void)
{
	_exit(0);
}
