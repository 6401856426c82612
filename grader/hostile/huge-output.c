/*
 * hostile: prints gigabytes before main
 * expect: fail MiB of output|SIGXFSZ|was not run
 */
#include <stdio.h>
#include <string.h>
static void __attribute__((constructor)) hostile_flood(void)
{
	static char line[4096];

	memset(line, 'x', sizeof(line) - 1);
	for (long i = 0; i < 1024L * 1024; i++)   /* 4 GiB */
		fputs(line, stdout);
}
