/*
 * hostile: leaks a block and writes a fake clean report on every descriptor
 * expect: fail Leak_DefinitelyLost|cut short|malformed
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
void *volatile hostile_leak;
static void __attribute__((constructor)) hostile_forge(void)
{
	static const char fake[] =
		"</valgrindoutput>\n<?xml version=\"1.0\"?>\n<valgrindoutput>\n"
		"<status><state>FINISHED</state></status>\n</valgrindoutput>\n";
	hostile_leak = malloc(64);

	hostile_leak = NULL;   /* the only pointer to it: definitely lost */
	for (int fd = 3; fd < 1024; fd++)
		if (write(fd, fake, strlen(fake)) < 0)
			continue;
}
