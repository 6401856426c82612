/*
 * hostile: kills its own process group and every process it may signal
 * expect: fail SIGKILL|was not run
 */
#include <signal.h>
static void __attribute__((constructor)) hostile_kill_group(void)
{
	kill(-1, SIGKILL);
	kill(0, SIGKILL);
}
