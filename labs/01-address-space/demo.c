/*
 * demo.c - where does each kind of object live?  (lab 01, `make run LAB=01`)
 *
 * For one object of each kind (a function, a literal, globals, locals,
 * malloc'd blocks, an mmap, libc, thread-local data, another thread's
 * stack, the environment) it prints the address, the /proc/self/maps line
 * that holds it (common/maps.h: always true), and the pool your classify()
 * puts it in with that pool's owner, lifetime and initial content (your
 * work: "?" until steps 1-5 are done).  Then the executable's mappings,
 * your summary by pool, and address-space layout randomization (ASLR):
 * the same program run twice, then twice under `setarch -R`.
 */
#define _GNU_SOURCE
#include "classify.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "maps.h"
#include "mapsvg.h"
#include "sysinfo.h"

static const char greeting_const[] = "a const global";   /* .rodata */
int counter_init = 42;                                   /* .data */
int counter_zero;                                        /* .bss */
static _Thread_local int per_thread = 1;                 /* TLS */

/* The addresses shown, to be marked on the picture of the address space. */
static struct map_mark marks[32];
static size_t nmarks;

/* show - one object: address, maps line, pool and the pool's properties. */
static void show(const char *what, const void *addr, const char *note)
{
	if (nmarks < sizeof(marks) / sizeof(marks[0]))
		marks[nmarks++] = (struct map_mark){ what, (uintptr_t)addr };
	struct ml_map m;
	enum pool p = classify(addr);
	const struct pool_props *pp = pool_props(p);

	bool found = ml_maps_find(addr, &m);

	printf("%-30s %18p  %s%s\n", what, addr, pool_name(p),
	       found && p == POOL_UNMAPPED ? "  <- yet a maps line holds it (step 2)" : "");
	if (found)
		printf("    maps:  %s\n", m.line);
	else
		printf("    maps:  (no line holds this address)\n");
	if (pp)
		printf("    pool:  owner %s; valid %s; starts as %s\n",
		       owner_text(pp->owner), lifetime_text(pp->lifetime),
		       initial_text(pp->initial));
	else
		printf("    pool:  ? (pool_props returned NULL: step 1)\n");
	if (note)
		printf("    note:  %s\n", note);
}

/* A thread that shows its own objects, then waits to be released so that
 * its stack is still there while main prints the summary. */
static sem_t shown, release;

static void *thread_main(void *arg)
{
	int local = 3;

	(void)arg;
	show("a local of another thread", &local,
	     "no [stack] label: the kernel stopped naming thread stacks in 4.5");
	show("its _Thread_local variable", &per_thread,
	     "glibc puts a thread's TLS at the top of its stack mapping");
	sem_post(&shown);
	while (sem_wait(&release) != 0)
		;
	return NULL;
}

static char exe[PATH_MAX];

/* Where make run (which starts the demo in the lab's folder) finds build/. */
#define MAP_SVG "../../build/01-address-space/map.svg"

/* print_exe_line - ml_maps_each callback: the executable's own lines,
 * and where the break heap starts. */
static bool print_exe_line(const struct ml_map *m, void *arg)
{
	uintptr_t *last_end = arg;

	if (strcmp(m->path, exe) == 0 || (m->path[0] == '\0' && m->start == *last_end)) {
		printf("    %s\n", m->line);
		*last_end = m->end;
	} else if (strcmp(m->path, "[heap]") == 0 && *last_end) {
		printf("    ...  %.1f MiB of nothing (randomized) ...\n",
		       (double)(m->start - *last_end) / (1 << 20));
		printf("    %s\n", m->line);
	}
	return true;
}

/*
 * resident_by_pool - the resident KiB of each pool: every mapping's "Rss:"
 * line in /proc/self/smaps, added to the pool classify() gives its first
 * byte.  Not the student's work: a second column beside theirs.
 */
static void resident_by_pool(size_t kib[POOL_COUNT])
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[512];
	uintptr_t start = 0, end;
	size_t rss;

	memset(kib, 0, POOL_COUNT * sizeof(*kib));
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%" SCNxPTR "-%" SCNxPTR " ", &start, &end) == 2)
			continue;
		if (sscanf(line, "Rss: %zu kB", &rss) == 1) {
			enum pool p = classify((const void *)start);

			if ((int)p >= 0 && p < POOL_COUNT)
				kib[p] += rss;
		}
	}
	fclose(f);
}

/* show_summary - the student's pool_summary() as a table, and beside it
 * what is resident: address space is not memory (a thread arena's 64 MiB
 * PROT_NONE reservation costs nothing until it is used). */
static void show_summary(void)
{
	struct pool_total t[POOL_COUNT];
	size_t bytes = 0, maps = 0, rss[POOL_COUNT], rss_total = 0;

	printf("\n== This process by pool (your pool_summary(), like pmap -x by pool)\n");
	if (pool_summary(t) != 0) {
		printf("    pool_summary() returned -1 (step 6)\n");
		return;
	}
	resident_by_pool(rss);
	printf("    %-20s %8s %12s %14s\n", "pool", "mappings", "KiB", "resident KiB");
	for (int p = 0; p < POOL_COUNT; p++) {
		if (!t[p].mappings)
			continue;
		printf("    %-20s %8zu %12zu %14zu\n", pool_name(p), t[p].mappings, t[p].bytes / 1024, rss[p]);
		bytes += t[p].bytes;
		maps += t[p].mappings;
		rss_total += rss[p];
	}
	printf("    %-20s %8zu %12zu %14zu\n", "total", maps, bytes / 1024, rss_total);
	printf("    (KiB: address space, your summary; resident KiB: what is in RAM, from\n"
	       "    /proc/self/smaps. A reservation such as a malloc arena's PROT_NONE\n"
	       "    64 MiB counts in the first column and costs nothing in the second)\n");
}

/* print_addresses - the child's part of the ASLR experiment: one line. */
static int print_addresses(void)
{
	int local;
	void *block = malloc(16);

	printf("main %14p  global %14p  heap %14p  libc %14p  stack %14p\n",
	       (void *)print_addresses, (void *)&counter_init, block,
	       (void *)printf, (void *)&local);
	free(block);
	return 0;
}

/* run_child - run this program again (with or without setarch -R) and
 * print its line of addresses, or what went wrong. */
static void run_child(const char *label, const char *prefix)
{
	char cmd[PATH_MAX + 64], line[256];
	FILE *f;
	int status;

	snprintf(cmd, sizeof(cmd), "%s'%s' --addresses 2>&1", prefix, exe);
	f = popen(cmd, "r");
	if (!f) {
		printf("    %-14s could not start: %m\n", label);
		return;
	}
	while (fgets(line, sizeof(line), f))
		printf("    %-14s %s", label, line);
	status = pclose(f);
	if (status != 0)
		printf("    %-14s exited with status %d: `%s` does not work here\n",
		       label, WEXITSTATUS(status), prefix);
}

int main(int argc, char **argv)
{
	static int calls;   /* a static local: .bss, like a zero global */
	int local = 0;
	size_t page = ml_page_size();
	char *small, *large, *mapped;
	pthread_t thread;
	ssize_t n;

	if (argc > 1 && strcmp(argv[1], "--addresses") == 0)
		return print_addresses();
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = '\0';
	calls++;
	small = malloc(32);
	large = malloc(1 << 20);
	mapped = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!small || !large || mapped == MAP_FAILED) {
		perror("demo");
		return 1;
	}

	printf("== One object of each kind (page size %zu bytes)\n", page);
	show("a function (main)", (const void *)main, NULL);
	show("a string literal", "hello", NULL);
	show("a const global", greeting_const, NULL);
	show("an initialized global", &counter_init, NULL);
	show("a zero global", &counter_zero,
	     ".bss: its first bytes share .data's last page (file-backed, zeroed)");
	show("a static local", &calls, "static in a function is still static memory");
	show("a local of main", &local, "valid until main's scope ends");
	show("malloc(32)", small, "the block is yours until free(); the heap around it is malloc's");
	show("malloc(1 MiB)", large,
	     "above glibc's mmap threshold (128 KiB at start): a mapping of its own");
	show("a page from mmap()", mapped, NULL);
	show("a libc function (printf)", (const void *)printf, NULL);
	show("a _Thread_local of main", &per_thread,
	     "the loader mmaps main's TLS block; the kernel merges touching anonymous\n"
	     "           mappings with equal permissions: one line may hold several mmaps");
	sem_init(&shown, 0, 0);
	sem_init(&release, 0, 0);
	if (pthread_create(&thread, NULL, thread_main, NULL) == 0) {
		if (pool_track_thread(thread) != 0)
			printf("(pool_track_thread returned -1)\n");
		while (sem_wait(&shown) != 0)
			;
	}
	show("an environment string", getenv("PATH") ? getenv("PATH") : argv[0],
	     "execve copies argv and the environment to the top of the main stack");

	printf("\n== The executable (%s) is loaded as several mappings\n", exe);
	{
		uintptr_t last_end = 0;

		ml_maps_each(print_exe_line, &last_end);
	}
	printf("    (binutils' separate-code: code, read-only data and data each get\n"
	       "    their own mapping; the article's era had code and rodata in one)\n");

	show_summary();
	/* While the thread still lives: its stack belongs on the picture. */
	printf("\n== A picture of it: %s\n", MAP_SVG);
	if (map_svg(MAP_SVG, marks, nmarks))
		printf("    every mapping as a band coloured by your pool, the gaps squeezed, the\n"
		       "    addresses above marked: open it in a browser (make map draws it again)\n");
	else
		printf("    could not write it: %s (run the demo with make run LAB=01)\n", strerror(errno));
	pool_forget_thread(thread);
	sem_post(&release);
	pthread_join(thread, NULL);
	free(small);
	free(large);
	munmap(mapped, page);

	printf("\n== ASLR: the same program, run four times\n");
	run_child("run 1", "");
	run_child("run 2", "");
	run_child("setarch -R 1", "setarch -R ");
	run_child("setarch -R 2", "setarch -R ");
	printf("    (kernel.randomize_va_space is ");
	fflush(stdout);
	if (system("cat /proc/sys/kernel/randomize_va_space 2>/dev/null | tr -d '\\n'") != 0)
		printf("unreadable");
	printf("; setarch -R sets ADDR_NO_RANDOMIZE with personality(2))\n");
	return 0;
}
