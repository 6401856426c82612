/*
 * demo.c - your arena against glibc's malloc, and what the tools see
 * (lab 10).  It runs the lab's harness programs, built with your arena.c:
 *
 * 1. one sequence of allocations through the arena and through malloc:
 *    callgrind's instructions per allocation, the time ratio, the memory
 *    each holds afterwards (bench, built without client requests);
 * 2. a block read after its frame was popped, under memcheck: with the
 *    client requests compiled out (subject-misuse-plain), then in
 *    (subject-misuse);
 * 3. the same bug under AddressSanitizer (subject-misuse-asan).
 *
 * Run it with `make run LAB=10`.  Section 1 says so if valgrind is not
 * installed; sections 2 and 3 need valgrind and gcc's ASan runtime.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { N = 200000 };

static char dir[4096];

/* output_of - run a shell command, its stdout and stderr together; the
 * first line containing want (or the last line if want is NULL), in a
 * static buffer, or NULL. */
static const char *output_of(const char *cmd, const char *want)
{
	static char found[512];
	char line[512];
	bool any = false;
	FILE *f = popen(cmd, "r");

	while (f && fgets(line, sizeof(line), f)) {
		if (want ? !any && strstr(line, want) : true) {
			snprintf(found, sizeof(found), "%s", line);
			found[strcspn(found, "\n")] = '\0';
			any = true;
		}
	}
	if (f)
		pclose(f);
	return any ? found : NULL;
}

/* collected - callgrind's instruction count inside the functions that
 * toggles names (the allocator's own), for `bench mode N`. */
static double collected(const char *mode, const char *toggles)
{
	char cmd[8400];
	const char *line;

	snprintf(cmd, sizeof(cmd), "valgrind --tool=callgrind %s "
	         "--callgrind-out-file=/dev/null '%s/bench' %s %d 2>&1", toggles, dir, mode, N);
	line = output_of(cmd, "Collected : ");
	return line ? strtod(strstr(line, "Collected : ") + 12, NULL) : -1;
}

static void section_speed(bool valgrind)
{
	char cmd[8400];
	const char *line;
	double arena_ns = 0, glibc_ns = 0;

	printf("== 1. One sequence, two allocators: %d blocks of 16..271 bytes,\n"
	       "      128 per frame, released together (pop, or 128 frees)\n", N);
	snprintf(cmd, sizeof(cmd), "'%s/bench' arena %d 2>&1", dir, N);
	line = output_of(cmd, "stopped");
	if (line) {
		printf("your arena: %s (it needs steps 1 to 3 first)\n\n", line + 9);
		return;
	}
	if (valgrind) {
		double ia = collected("arena", "--toggle-collect=arena_alloc "
		                      "--toggle-collect=arena_push --toggle-collect=arena_pop");
		double ig = collected("glibc", "--toggle-collect=malloc --toggle-collect=free");

		if (ia > 0 && ig > 0)
			printf("instructions per allocation, inside the allocator (callgrind): arena %.1f "
			       "(alloc, push, pop), malloc+free %.1f: %.1f times fewer\n", ia / N, ig / N,
			       ig / ia);
		else
			printf("callgrind did not count (does your arena work yet?)\n");
	} else {
		printf("(valgrind is not installed: no instruction counts; apt-get install valgrind)\n");
	}
	snprintf(cmd, sizeof(cmd), "'%s/bench' time %d 2>&1", dir, N);
	line = output_of(cmd, NULL);
	if (line && sscanf(line, "%lf %lf", &arena_ns, &glibc_ns) == 2 && arena_ns > 0)
		printf("time on this machine (one run, it varies): arena %.1f ns, malloc+free %.1f ns "
		       "per allocation: %.1fx\n", arena_ns / N, glibc_ns / N, glibc_ns / arena_ns);
	else
		printf("the timed run failed: %s\n", line ? line : "(no output)");
	snprintf(cmd, sizeof(cmd), "'%s/bench' memory %d 2>&1", dir, N);
	line = output_of(cmd, NULL);
	printf("memory held afterwards: %s\n\n", line ? line : "(no output)");
}

/* memcheck_says - memcheck on `prog use-after-pop`: its first error line. */
static void memcheck_says(const char *prog, const char *what)
{
	char cmd[8400];
	const char *line;

	snprintf(cmd, sizeof(cmd), "valgrind -q '%s/%s' use-after-pop 2>&1", dir, prog);
	line = output_of(cmd, "Invalid read");
	printf("%-34s %s\n", what, line ? line : "nothing: memcheck did not see the bug");
}

int main(void)
{
	ssize_t n = readlink("/proc/self/exe", dir, sizeof(dir) - 1);
	bool valgrind = system("valgrind --version >/dev/null 2>&1") == 0;
	const char *line;
	char cmd[8400];

	if (n <= 0)
		return 1;
	dir[n] = '\0';
	*strrchr(dir, '/') = '\0';

	section_speed(valgrind);

	printf("== 2. A block read after its frame was popped, under memcheck\n");
	if (!valgrind) {
		printf("(valgrind is not installed: apt-get install valgrind)\n\n");
	} else {
		memcheck_says("subject-misuse-plain", "client requests compiled out:");
		memcheck_says("subject-misuse", "with arena.c's client requests:");
		printf("(the memory is still mapped, and was written: without being told, memcheck\n"
		       " sees a valid read)\n\n");
	}

	printf("== 3. The same bug under AddressSanitizer\n");
	snprintf(cmd, sizeof(cmd), "ASAN_OPTIONS=detect_leaks=0 '%s/subject-misuse-asan' use-after-pop 2>&1",
	         dir);
	line = output_of(cmd, "ERROR: AddressSanitizer");
	printf("with arena.c's poisoning: %s\n", line ? line : "nothing: ASan did not see the bug");
	return 0;
}
