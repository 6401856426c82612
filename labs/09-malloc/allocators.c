/*
 * allocators.c - section 5 of the demo: other allocators, one workload.
 *
 * allocbench (allocbench.c) calls only malloc and free, so LD_PRELOAD puts
 * another allocator under it without rebuilding: jemalloc (Debian's
 * libjemalloc2) and tcmalloc (libtcmalloc-minimal4).  For each allocator
 * the demo runs allocbench twice: natively for memory (peak and retained
 * resident set), and under callgrind for instructions per malloc/free pair
 * (counted inside bench_pairs only, so start-up costs do not count).  A
 * library that is not installed gets a line saying how to install it.
 */
#include "demo.h"

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { PAIRS = 100000 };

struct allocator {
	const char *name, *pattern, *package;
};

static const struct allocator allocators[] = {
	{ "glibc ptmalloc2", NULL, NULL },
	{ "jemalloc", "/usr/lib/*/libjemalloc.so.2", "libjemalloc2" },
	{ "tcmalloc", "/usr/lib/*/libtcmalloc_minimal.so.4", "libtcmalloc-minimal4" },
};

/* find_lib - the first file matching pattern, or NULL. */
static const char *find_lib(const char *pattern)
{
	static char path[4096];
	glob_t g;
	bool found;

	if (glob(pattern, 0, NULL, &g) != 0)
		return NULL;
	found = g.gl_pathc > 0;
	if (found)
		snprintf(path, sizeof(path), "%s", g.gl_pathv[0]);
	globfree(&g);
	return found ? path : NULL;
}

/* run_text - run a shell command; the last line of its output (stdout and
 * stderr) that starts with prefix (after valgrind's "==PID== "), or NULL. */
static const char *run_text(const char *cmd, const char *prefix)
{
	static char found[256];
	char line[512];
	bool any = false;
	FILE *f = popen(cmd, "r");

	while (f && fgets(line, sizeof(line), f)) {
		const char *at = line;

		if (line[0] == '=' && line[1] == '=')
			at = strstr(line + 2, "== ") ? strstr(line + 2, "== ") + 3 : line;
		if (strncmp(at, prefix, strlen(prefix)) == 0) {
			snprintf(found, sizeof(found), "%s", at + strlen(prefix));
			any = true;
		}
	}
	if (f)
		pclose(f);
	return any ? found : NULL;
}

void section_allocators(const char *self)
{
	char bench[4200], cmd[12000], preload[4200];
	bool have_valgrind = system("valgrind --version >/dev/null 2>&1") == 0;
	const char *slash = strrchr(self, '/');

	printf("== 5. Other allocators, one workload (allocbench, LD_PRELOAD)\n");
	snprintf(bench, sizeof(bench), "%.*sallocbench", slash ? (int)(slash - self + 1) : 0,
	         self);
	printf("memory: 400,000 records of 16..64 bytes, 7 in 8 freed; instructions: "
	       "%d malloc/free pairs\n", PAIRS);
	printf("  %-16s %10s %13s %18s\n", "allocator", "peak RSS", "retained RSS",
	       "instr. per pair");
	for (size_t i = 0; i < sizeof(allocators) / sizeof(allocators[0]); i++) {
		const struct allocator *a = &allocators[i];
		const char *lib = a->pattern ? find_lib(a->pattern) : NULL;
		const char *mem, *ir;
		long peak = -1, kept = -1;

		if (a->pattern && !lib) {
			printf("  %-16s not installed here: apt-get install %s (row skipped)\n",
			       a->name, a->package);
			continue;
		}
		preload[0] = '\0';
		if (lib)
			snprintf(preload, sizeof(preload), "LD_PRELOAD='%s'", lib);
		snprintf(cmd, sizeof(cmd), "env %s '%s' memory 2>&1", preload, bench);
		mem = run_text(cmd, "");
		if (mem)
			sscanf(mem, "%ld %ld", &peak, &kept);
		ir = NULL;
		if (have_valgrind) {
			snprintf(cmd, sizeof(cmd), "env %s valgrind --tool=callgrind "
			         "--toggle-collect=bench_pairs --callgrind-out-file=/dev/null "
			         "'%s' pairs %d 2>&1", preload, bench, PAIRS);
			ir = run_text(cmd, "Collected : ");
		}
		printf("  %-16s %7ld KiB %9ld KiB ", a->name, peak, kept);
		if (ir)
			printf("%18.1f\n", strtod(ir, NULL) / PAIRS);
		else
			printf("%18s\n", have_valgrind ? "(callgrind failed)" : "(no valgrind)");
	}
	printf("  (peak and retained: the whole process's resident set, from "
	       "/proc/self/status;\n   instructions: callgrind, inside bench_pairs only)\n");
	printf("  try one yourself: LD_PRELOAD=<lib> %s memory\n", bench);
}
