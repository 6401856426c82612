/*
 * allocbench.c - one allocation workload, for comparing allocators (lab 09,
 * demo section 5).  It calls only malloc and free, so LD_PRELOAD can swap
 * the allocator under it.
 *
 *   allocbench memory   many tiny records of mixed lifetimes; prints
 *                       "PEAK_KIB RETAINED_KIB": the resident set at its
 *                       peak (VmHWM) and after the temporaries are freed
 *   allocbench pairs N  N malloc/free pairs over a window of 64 live blocks
 *                       of mixed small sizes, in bench_pairs(): count its
 *                       instructions with callgrind --toggle-collect=bench_pairs
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { RECORDS = 400000, KEEP_EVERY = 8, WINDOW = 64 };

/* status_kib - a "Name:   N kB" field of /proc/self/status, or -1. */
static long status_kib(const char *name)
{
	char line[256];
	long kib = -1;
	size_t len = strlen(name);
	FILE *f = fopen("/proc/self/status", "re");

	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, name, len) == 0 && line[len] == ':')
			kib = strtol(line + len + 1, NULL, 10);
	if (f)
		fclose(f);
	return kib;
}

/* memory - the tiny-records workload. */
static int memory(void)
{
	static char *rec[RECORDS];
	unsigned seed = 1;

	for (size_t i = 0; i < RECORDS; i++) {
		seed = seed * 1103515245u + 12345u;
		rec[i] = malloc(16 + (seed >> 16) % 49);
		if (!rec[i])
			return 1;
		memset(rec[i], 1, 16);
	}
	for (size_t i = 0; i < RECORDS; i++)
		if (i % KEEP_EVERY != KEEP_EVERY - 1) {
			free(rec[i]);
			rec[i] = NULL;
		}
	printf("%ld %ld\n", status_kib("VmHWM"), status_kib("VmRSS"));
	for (size_t i = 0; i < RECORDS; i++)
		free(rec[i]);
	return 0;
}

/* bench_pairs - n malloc/free pairs; noipa so that callgrind finds it
 * under this very name (no inlining, no .constprop clone). */
void bench_pairs(char **window, size_t n);
__attribute__((noipa)) void bench_pairs(char **window, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t slot = i % WINDOW;

		free(window[slot]);
		window[slot] = malloc(16 + (i * 37) % 200);
		if (window[slot])
			window[slot][0] = 1;
	}
}

int main(int argc, char **argv)
{
	static char *window[WINDOW];
	long n;

	if (argc == 2 && strcmp(argv[1], "memory") == 0)
		return memory();
	if (argc == 3 && strcmp(argv[1], "pairs") == 0 && (n = atol(argv[2])) > 0) {
		bench_pairs(window, (size_t)n);
		for (size_t i = 0; i < WINDOW; i++)
			free(window[i]);
		return 0;
	}
	fprintf(stderr, "usage: %s memory | pairs N\n", argv[0]);
	return 2;
}
