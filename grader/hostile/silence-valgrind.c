/*
 * hostile: leaks a block, turns memcheck off with a client request, plants .valgrindrc
 * expect: fail client requests
 */
#include <stdio.h>
#include <stdlib.h>
#include <valgrind/memcheck.h>
void *volatile hostile_leak;
static void __attribute__((constructor)) hostile_silence(void)
{
	static const char *const rcs[] = { ".valgrindrc", "/tmp/.valgrindrc", "../.valgrindrc" };
	hostile_leak = malloc(64);

	for (unsigned i = 0; i < sizeof(rcs) / sizeof(rcs[0]); i++) {
		FILE *f = fopen(rcs[i], "w");
		if (f) {
			fputs("--error-exitcode=0\n--leak-check=no\n", f);
			fclose(f);
		}
	}
	hostile_leak = NULL;   /* the only pointer to it: definitely lost */
	VALGRIND_DISABLE_ERROR_REPORTING;
}
