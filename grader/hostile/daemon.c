/*
 * hostile: leaves a double-forked daemon behind, then solves the lab
 * expect: pass
 */
#include <unistd.h>
static void __attribute__((constructor)) hostile_daemon(void)
{
	if (fork() == 0) {
		setsid();
		if (fork() == 0) {
			close(0); close(1); close(2);
			sleep(3600);
		}
		_exit(0);
	}
}
