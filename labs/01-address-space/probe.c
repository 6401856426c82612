/*
 * probe.c - the grader's probe for lab 01 (harness: do not edit).
 *
 * usage: probe MODE      (one mode per run; grader/01-address-space.bats)
 *
 * Each mode builds objects whose pool is known by construction (a block
 * it mallocs, pages it maps and unmaps, a thread whose stack it provides)
 * and asks the student's classify() about chosen bytes: the first, the
 * last, one past the end, a hole.  The verdict is the exit status:
 *
 *   0                     every answer was right
 *   1 + case              classify() was wrong about case number `case`
 *                         of the mode (the first wrong one)
 *   1 + pool * 4 + k      props: pool_props(pool) was NULL (k = 0) or had
 *                         the wrong owner (1), lifetime (2), initial (3)
 *   1 + pool * 2 + k      summary: wrong bytes (k = 0) or mapping count (1)
 *   1                     fds: a descriptor was left open
 *   120..123              the probe itself could not set up (see stderr)
 *
 * stderr says the same in words; the grader quotes it but decides on the
 * status only.  Mode "memcheck" runs every API as scenario_* functions for
 * valgrind and always exits 0: under valgrind the maps lose their [heap]
 * and [stack] labels, so answers are not judged there.
 */
#define _GNU_SOURCE
#include "classify.h"
#include "done.h"

#include <errno.h>
#include <gnu/libc-version.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fds.h"
#include "maps.h"
#include "sysinfo.h"

#define EXIT_SETUP 120          /* mmap, malloc or a thread failed */
#define EXIT_TRACK 121          /* pool_track_thread returned -1 */
#define EXIT_SUMMARY 122        /* pool_summary returned -1 */
#define EXIT_UNSTABLE 123       /* the maps kept changing */

/* Known static objects of this executable. */
static const int const_table[64] = { 1, 2, 3, 5, 8, 13 };   /* .rodata */
int initialized_global = 42;                                 /* .data */
static char zero_array[256 * 1024];                          /* .bss */
extern char etext[], end[];                                  /* end(3) */
extern const char __executable_start[];                      /* ELF header */

static size_t page;

/* die - report a setup failure of the probe itself and exit. */
static _Noreturn void die(int status, const char *what)
{
	fprintf(stderr, "probe: %s: %s\n", what, strerror(errno));
	ml_exit(status);
}

/* expect - exit with 1 + n unless classify(addr) == want. */
static void expect(int n, const char *what, const void *addr, enum pool want)
{
	enum pool seen = classify(addr);

	if (seen == want)
		return;
	fprintf(stderr, "classify(%p) = %s for %s (expected %s)\n",
	        addr, pool_name(seen), what, pool_name(want));
	ml_exit(1 + n);
}

/* ---- objects made on purpose ------------------------------------------ */

/* holed_pages - map three pages and unmap the middle one: the hole is
 * certainly unmapped, its neighbours certainly anonymous mappings. */
static char *holed_pages(void)
{
	char *p = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE,
	               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		die(EXIT_SETUP, "mmap");
	if (munmap(p + page, page) != 0)
		die(EXIT_SETUP, "munmap");
	return p;
}

/* A thread that records its local and thread-local addresses, then waits
 * until the probe is done with them. */
struct waiter {
	pthread_t thread;
	sem_t ready, done;
	const char *local, *tls;
};

static _Thread_local char thread_local_byte = 1;

static void *wait_thread(void *arg)
{
	struct waiter *w = arg;
	volatile char local = 7;

	w->local = (const char *)&local;
	w->tls = &thread_local_byte;
	sem_post(&w->ready);
	while (sem_wait(&w->done) != 0)
		;
	return (void *)(uintptr_t)local;
}

/* waiter_start - start w with attr (NULL: defaults); returns once w runs. */
static void waiter_start(struct waiter *w, const pthread_attr_t *attr)
{
	sem_init(&w->ready, 0, 0);
	sem_init(&w->done, 0, 0);
	errno = pthread_create(&w->thread, attr, wait_thread, w);
	if (errno)
		die(EXIT_SETUP, "pthread_create");
	while (sem_wait(&w->ready) != 0)
		;
}

/* waiter_stop - let w return, and join it. */
static void waiter_stop(struct waiter *w)
{
	sem_post(&w->done);
	pthread_join(w->thread, NULL);
	sem_destroy(&w->ready);
	sem_destroy(&w->done);
}

/* A thread on a stack the probe maps itself, so that both its ends are
 * known:  [ guard: no access ][ stack: read-write ][ tail: read-only ]
 * The three differ in permissions, so the kernel never merges them. */
struct own_stack {
	char *base, *lo, *hi;   /* the stack is [lo, hi) */
	size_t size;
};

/* own_stack_map - map guard + stack + tail; the stack is big enough for
 * any libc's PTHREAD_STACK_MIN and a whole number of pages. */
static void own_stack_map(struct own_stack *s)
{
	long min = sysconf(_SC_THREAD_STACK_MIN);
	size_t want = (min > 0 ? (size_t)min : 0) + 256 * 1024;

	s->size = (want + page - 1) / page * page;
	s->base = mmap(NULL, s->size + 2 * page, PROT_READ | PROT_WRITE,
	               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (s->base == MAP_FAILED)
		die(EXIT_SETUP, "mmap");
	s->lo = s->base + page;
	s->hi = s->lo + s->size;
	if (mprotect(s->base, page, PROT_NONE) || mprotect(s->hi, page, PROT_READ))
		die(EXIT_SETUP, "mprotect");
}

/* start_threads - one thread with default attributes, one on *s. */
static void start_threads(struct waiter *a, struct waiter *b, struct own_stack *s)
{
	pthread_attr_t attr;

	waiter_start(a, NULL);
	own_stack_map(s);
	pthread_attr_init(&attr);
	errno = pthread_attr_setstack(&attr, s->lo, s->size);
	if (errno)
		die(EXIT_SETUP, "pthread_attr_setstack");
	waiter_start(b, &attr);
	pthread_attr_destroy(&attr);
	if (pool_track_thread(a->thread) != 0 || pool_track_thread(b->thread) != 0) {
		fprintf(stderr, "pool_track_thread returned -1 for a running thread\n");
		ml_exit(EXIT_TRACK);
	}
}

/* stop_threads - forget, join and unmap what start_threads made. */
static void stop_threads(struct waiter *a, struct waiter *b, struct own_stack *s)
{
	pool_forget_thread(a->thread);
	pool_forget_thread(b->thread);
	waiter_stop(a);
	waiter_stop(b);
	munmap(s->base, s->size + 2 * page);
}

/* ---- the modes ------------------------------------------------------- */

/* The handout's table of step 1, as the probe checks it. */
static const struct pool_props want_props[POOL_COUNT] = {
	[POOL_UNMAPPED]     = { OWNER_NOBODY, LIFE_NONE, INIT_NONE },
	[POOL_EXE_CODE]     = { OWNER_LOADER, LIFE_PROCESS, INIT_FILE },
	[POOL_EXE_RODATA]   = { OWNER_LOADER, LIFE_PROCESS, INIT_FILE },
	[POOL_EXE_DATA]     = { OWNER_LOADER, LIFE_PROCESS, INIT_FILE },
	[POOL_EXE_BSS]      = { OWNER_LOADER, LIFE_PROCESS, INIT_ZERO },
	[POOL_LIBRARY]      = { OWNER_LOADER, LIFE_UNTIL_DLCLOSE, INIT_FILE_OR_ZERO },
	[POOL_HEAP_BRK]     = { OWNER_BRK_CALLER, LIFE_UNTIL_BRK, INIT_ZERO },
	[POOL_MMAP_ANON]    = { OWNER_MMAP_CALLER, LIFE_UNTIL_MUNMAP, INIT_ZERO },
	[POOL_MMAP_FILE]    = { OWNER_MMAP_CALLER, LIFE_UNTIL_MUNMAP, INIT_FILE },
	[POOL_MAIN_STACK]   = { OWNER_KERNEL, LIFE_PROCESS, INIT_LEFTOVER },
	[POOL_THREAD_STACK] = { OWNER_THREAD_LIBRARY, LIFE_THREAD, INIT_LEFTOVER },
	[POOL_KERNEL]       = { OWNER_KERNEL, LIFE_PROCESS, INIT_KERNEL },
};

/* mode_props - pool_props() against the handout's table. */
static int mode_props(void)
{
	for (int p = 0; p < POOL_COUNT; p++) {
		const struct pool_props *got = pool_props(p), *want = &want_props[p];
		const char *field = NULL, *seen = "", *exp = "";
		int k = 0;

		if (!got) {
			field = "the pointer", seen = "NULL", exp = "a table entry";
		} else if (got->owner != want->owner) {
			k = 1, field = "owner";
			seen = owner_name(got->owner), exp = owner_name(want->owner);
		} else if (got->lifetime != want->lifetime) {
			k = 2, field = "lifetime";
			seen = lifetime_name(got->lifetime), exp = lifetime_name(want->lifetime);
		} else if (got->initial != want->initial) {
			k = 3, field = "initial";
			seen = initial_name(got->initial), exp = initial_name(want->initial);
		}
		if (field) {
			fprintf(stderr, "pool_props(%s): %s is %s, expected %s\n",
			        pool_name(p), field, seen, exp);
			return 1 + p * 4 + k;
		}
	}
	return 0;
}

/* mode_labels - what the kernel's labels (or their absence) tell: holes,
 * the break heap, anonymous mappings around a hole, the main stack. */
static int mode_labels(char **argv)
{
	char *p = holed_pages();
	char *small = malloc(24);
	size_t size = 4 << 20;   /* far above glibc's mmap threshold */
	char *big = malloc(size);
	volatile char local = 1;

	if (!small || !big)
		die(EXIT_SETUP, "malloc");
	expect(0, "first byte of a page unmapped between two mappings", p + page, POOL_UNMAPPED);
	expect(1, "last byte of that unmapped page", p + 2 * page - 1, POOL_UNMAPPED);
	expect(2, "the NULL pointer", NULL, POOL_UNMAPPED);
	expect(3, "first byte of an mmap'd page", p, POOL_MMAP_ANON);
	expect(4, "last byte of that page, just before the hole", p + page - 1, POOL_MMAP_ANON);
	expect(5, "first byte of the page after the hole", p + 2 * page, POOL_MMAP_ANON);
	expect(6, "last byte of that page", p + 3 * page - 1, POOL_MMAP_ANON);
	expect(7, "first byte of malloc(24)", small, POOL_HEAP_BRK);
	expect(8, "last byte of malloc(24)", small + 23, POOL_HEAP_BRK);
	expect(9, "first byte of malloc(4 MiB)", big, POOL_MMAP_ANON);
	expect(10, "last byte of malloc(4 MiB)", big + size - 1, POOL_MMAP_ANON);
	expect(11, "a local variable of the main thread", (const char *)&local, POOL_MAIN_STACK);
	expect(12, "argv[0], copied to the stack by execve", argv[0], POOL_MAIN_STACK);
	if (environ && environ[0])
		expect(13, "the first environment string", environ[0], POOL_MAIN_STACK);
	munmap(p, page);
	munmap(p + 2 * page, page);
	free(small);
	free(big);
	return 0;
}

/* byte_before - the address one below p, computed as an integer: the
 * linker's symbols are arrays of unknown size to the compiler. */
static const char *byte_before(const char *p)
{
	return (const char *)((uintptr_t)p - 1);
}

/* mode_exe - the executable's own static memory, ends included. */
static int mode_exe(void)
{
	expect(0, "a function of the program (main)", (const void *)mode_exe, POOL_EXE_CODE);
	expect(1, "the last byte of the program's code (etext - 1)", byte_before(etext), POOL_EXE_CODE);
	expect(2, "a string literal", "a string literal", POOL_EXE_RODATA);
	expect(3, "a const global array", &const_table[63], POOL_EXE_RODATA);
	expect(4, "the executable's first byte (its ELF header)", __executable_start, POOL_EXE_RODATA);
	expect(5, "an initialized global", &initialized_global, POOL_EXE_DATA);
	expect(6, "the last byte of a 256 KiB zero global", &zero_array[sizeof(zero_array) - 1], POOL_EXE_BSS);
	expect(7, "the last byte of .bss (end - 1)", byte_before(end), POOL_EXE_BSS);
	return 0;
}

/* mode_library - libc's code and constants, then a file the probe maps
 * itself.  Its name ends in ".so" on purpose: a name proves nothing, only
 * the loader knows what it loaded. */
static int mode_library(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	char *p;
	int fd;

	snprintf(path, sizeof(path), "%s/probe-XXXXXX.so", dir && *dir ? dir : "/tmp");
	fd = mkstemps(path, 3);
	if (fd < 0)
		die(EXIT_SETUP, "mkstemps");
	if (ftruncate(fd, 2 * page) != 0)
		die(EXIT_SETUP, "ftruncate");
	p = mmap(NULL, 2 * page, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		die(EXIT_SETUP, "mmap");
	expect(0, "a libc function (fclose)", (const void *)fclose, POOL_LIBRARY);
	expect(1, "a libc constant string (gnu_get_libc_version())",
	       gnu_get_libc_version(), POOL_LIBRARY);
	expect(2, "first byte of a file mapped with mmap", p, POOL_MMAP_FILE);
	expect(3, "last byte of that file mapping", p + 2 * page - 1, POOL_MMAP_FILE);
	munmap(p, 2 * page);
	unlink(path);
	return 0;
}

/* mode_thread - stacks of other threads, and what lies around them. */
static int mode_thread(void)
{
	struct waiter a, b;
	struct own_stack s;
	volatile char main_local = 0;
	const char *old_local;

	start_threads(&a, &b, &s);
	expect(0, "a local variable of a thread", a.local, POOL_THREAD_STACK);
	expect(1, "a _Thread_local variable of that thread", a.tls, POOL_THREAD_STACK);
	expect(2, "first byte of a thread stack the probe mapped", s.lo, POOL_THREAD_STACK);
	expect(3, "last byte of that thread stack", s.hi - 1, POOL_THREAD_STACK);
	expect(4, "one past the end of that thread stack (a read-only page)", s.hi, POOL_MMAP_ANON);
	expect(5, "the guard page just below that thread stack", s.lo - 1, POOL_MMAP_ANON);
	expect(6, "a local variable of the main thread, while threads run",
	       (const char *)&main_local, POOL_MAIN_STACK);
	old_local = a.local;
	stop_threads(&a, &b, &s);
	/* Joined and forgotten: its stack may stay mapped in glibc's cache
	 * of stacks, but it is no thread's stack any more. */
	if (classify(old_local) == POOL_THREAD_STACK) {
		fprintf(stderr, "classify(%p), a local of a thread already forgotten and joined: %s\n",
		        (const void *)old_local, pool_name(POOL_THREAD_STACK));
		return 1 + 7;
	}
	return 0;
}

/* ---- summary: compare with a count of our own ------------------------- */

#define MAX_SPANS 2048

struct spans {
	size_t n;
	uintptr_t start[MAX_SPANS], end[MAX_SPANS];
};

static struct spans before, after;

/* add_span - ml_maps_each callback: remember one mapping's range. */
static bool add_span(const struct ml_map *m, void *arg)
{
	struct spans *s = arg;

	if (s->n == MAX_SPANS)
		return false;
	s->start[s->n] = m->start;
	s->end[s->n] = m->end;
	s->n++;
	return true;
}

/* snapshot - the current mappings' ranges into *s. */
static void snapshot(struct spans *s)
{
	s->n = 0;
	if (!ml_maps_each(add_span, s))
		die(EXIT_SETUP, "/proc/self/maps");
}

static bool same_spans(const struct spans *x, const struct spans *y)
{
	return x->n == y->n &&
	       !memcmp(x->start, y->start, x->n * sizeof(x->start[0])) &&
	       !memcmp(x->end, y->end, x->n * sizeof(x->end[0]));
}

/* mode_summary - pool_summary() against the probe's own count: the maps
 * read before and after it (equal, or try again), each line put in the
 * pool classify() gives its first byte. */
static int mode_summary(void)
{
	struct pool_total got[POOL_COUNT], want[POOL_COUNT];
	struct waiter a, b;
	struct own_stack s;
	char *big = malloc(4 << 20), *small = malloc(100);
	int tries = 0, status = 0;

	if (!big || !small)
		die(EXIT_SETUP, "malloc");
	start_threads(&a, &b, &s);
	snapshot(&before);   /* warm up stdio's buffers */
	do {
		if (++tries > 5) {
			fprintf(stderr, "probe: the maps changed during every pool_summary() call\n");
			return EXIT_UNSTABLE;
		}
		snapshot(&before);
		memset(got, 0x5a, sizeof(got));   /* the callee must clear it */
		if (pool_summary(got) != 0) {
			fprintf(stderr, "pool_summary returned -1\n");
			return EXIT_SUMMARY;
		}
		snapshot(&after);
	} while (!same_spans(&before, &after));

	memset(want, 0, sizeof(want));
	for (size_t i = 0; i < before.n; i++) {
		enum pool p = classify((const void *)before.start[i]);

		if ((unsigned)p >= POOL_COUNT)
			p = POOL_UNMAPPED;   /* counted nowhere: a mismatch */
		want[p].bytes += before.end[i] - before.start[i];
		want[p].mappings++;
	}
	for (int p = 0; p < POOL_COUNT && !status; p++) {
		if (got[p].bytes == want[p].bytes && got[p].mappings == want[p].mappings)
			continue;
		fprintf(stderr, "%s: pool_summary says %zu bytes in %zu mappings; "
		        "the maps hold %zu bytes in %zu mappings\n", pool_name(p),
		        got[p].bytes, got[p].mappings, want[p].bytes, want[p].mappings);
		status = 1 + p * 2 + (got[p].bytes == want[p].bytes);
	}
	stop_threads(&a, &b, &s);
	free(big);
	free(small);
	return status;
}

/* ---- descriptors ----------------------------------------------------- */

/* exercise - every entry point of classify.c, once or twice. */
static void exercise(char **argv)
{
	struct pool_total totals[POOL_COUNT];
	struct waiter a, b;
	struct own_stack s;
	char *small = malloc(24), *big = malloc(4 << 20);
	static const void *objs[8];

	objs[0] = (const void *)exercise;
	objs[1] = "literal";
	objs[2] = &initialized_global;
	objs[3] = &zero_array[sizeof(zero_array) - 1];
	objs[4] = small;
	objs[5] = big;
	objs[6] = argv[0];
	objs[7] = (const void *)fclose;
	for (int p = 0; p <= POOL_COUNT; p++)
		(void)pool_props(p);
	for (int i = 0; i < 8; i++)
		(void)classify(objs[i]);
	start_threads(&a, &b, &s);
	(void)classify(a.local);
	(void)classify(s.hi);
	(void)pool_summary(totals);
	stop_threads(&a, &b, &s);
	(void)pool_summary(totals);
	free(small);
	free(big);
}

/* mode_fds - no descriptor may stay open after the student's code. */
static int mode_fds(char **argv)
{
	int before_fds = ml_fd_count(), after_fds;

	exercise(argv);
	after_fds = ml_fd_count();
	if (after_fds == before_fds)
		return 0;
	fprintf(stderr, "%d descriptor(s) open before, %d after:", before_fds, after_fds);
	for (int fd = 3; fd < 1024; fd++) {
		char link[64], target[256];
		ssize_t n;

		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		n = readlink(link, target, sizeof(target) - 1);
		if (n > 0)
			fprintf(stderr, " %d -> %.*s", fd, (int)n, target);
	}
	fputc('\n', stderr);
	return 1;
}

/* ---- memcheck: each part in a scenario_* frame ----------------------- */

/* Not static and not inlined, so that valgrind's stacks name them. */
__attribute__((noinline)) void scenario_classify(char **argv)
{
	exercise(argv);
}

__attribute__((noinline)) void scenario_summary(void)
{
	struct pool_total totals[POOL_COUNT];

	for (int i = 0; i < 3; i++)
		(void)pool_summary(totals);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	page = ml_page_size();
	if (!strcmp(mode, "props"))
		return mode_props();
	if (!strcmp(mode, "labels"))
		return mode_labels(argv);
	if (!strcmp(mode, "exe"))
		return mode_exe();
	if (!strcmp(mode, "library"))
		return mode_library();
	if (!strcmp(mode, "thread"))
		return mode_thread();
	if (!strcmp(mode, "summary"))
		return mode_summary();
	if (!strcmp(mode, "fds"))
		return mode_fds(argv);
	if (!strcmp(mode, "memcheck")) {
		scenario_classify(argv);
		scenario_summary();
		return 0;
	}
	fprintf(stderr, "usage: probe props|labels|exe|library|thread|summary|fds|memcheck\n");
	return 2;
}
