/*
 * hostile: kills its parent and init (inside the namespace neither lands)
 * expect: pass-or-fail
 */
#include <signal.h>
#include <unistd.h>
static void __attribute__((constructor)) hostile_kill_parent(void)
{
	kill(getppid(), SIGKILL);
	kill(1, SIGKILL);
}
