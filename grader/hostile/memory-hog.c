/*
 * hostile: takes 16 GiB and touches every page before main
 * expect: fail SIGSEGV|SIGKILL|was not run
 */
#include <stdlib.h>
#include <string.h>
static void __attribute__((constructor)) hostile_hog(void)
{
	size_t n = 16UL << 30;
	char *volatile p = malloc(n);   /* volatile: -O2 must not drop it */

	memset(p, 1, n);   /* p is NULL once the address-space limit bites */
}
