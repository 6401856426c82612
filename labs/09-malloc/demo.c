/*
 * demo.c - glibc's malloc on this machine, shown live (lab 09).
 *
 * 1. the chunk: usable sizes, the size field before the block and its
 *    flag bits, and what an 8-byte underflow into it does (in a child);
 * 2. the two sources: the brk heap and mappings of their own, the dynamic
 *    mmap threshold, its cap measured here, and how to pin it;
 * 3. fragmentation: mixed lifetimes pin the heap; mallinfo2, RSS, the break,
 *    malloc_trim; SVG pictures of the heap (frag.c, heapwalk.c);
 * 4. threads: the per-thread cache, a thread's own arena (threads.c);
 * 5. other allocators on one workload, through LD_PRELOAD (allocators.c).
 *
 * Run it with `make run LAB=09`.  Everything that could crash or change
 * malloc's settings for good runs in a child process.
 */
#include "demo.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "maps.h"
#include "sysinfo.h"

long rss_kib(void)
{
	char buf[128];
	long pages_total, pages_rss;
	ssize_t got;
	int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	got = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (got <= 0)
		return -1;
	buf[got] = '\0';
	if (sscanf(buf, "%ld %ld", &pages_total, &pages_rss) != 2)
		return -1;
	return pages_rss * (long)(ml_page_size() / 1024);
}

const char *flags_text(size_t field)
{
	static char text[96];

	snprintf(text, sizeof(text), "%s%s%s",
	         field & CHUNK_PREV_INUSE ? "P (previous chunk in use) " : "",
	         field & CHUNK_IS_MMAPPED ? "M (a mapping of its own) " : "",
	         field & CHUNK_NON_MAIN_ARENA ? "A (a thread's arena) " : "");
	if (!text[0])
		snprintf(text, sizeof(text), "none");
	return text;
}

__attribute__((noinline)) const char *maps_line_of(uintptr_t addr)
{
	static struct ml_map m;

	return ml_maps_find((const void *)addr, &m) ? m.line : "(in no mapping)";
}

const char *out_dir(void)
{
	static char dir[4096];
	ssize_t n = readlink("/proc/self/exe", dir, sizeof(dir) - 1);
	char *slash;

	if (n <= 0)
		return ".";
	dir[n] = '\0';
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	return dir;
}

int in_child(void (*fn)(void *arg), void *arg)
{
	int fds[2], status = 0;
	char line[512];
	FILE *from;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	if (pipe(fds) < 0) {
		perror("pipe");
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return -1;
	}
	if (pid == 0) {
		/* glibc writes its "malloc(): corrupted ..." messages to fd 2. */
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[0]);
		close(fds[1]);
		setvbuf(stdout, NULL, _IONBF, 0);
		fn(arg);
		_exit(0);
	}
	close(fds[1]);
	from = fdopen(fds[0], "r");
	while (from && fgets(line, sizeof(line), from))
		printf("   | %s%s", line, strchr(line, '\n') ? "" : "\n");
	if (from)
		fclose(from);
	if (waitpid(pid, &status, 0) < 0)
		perror("waitpid");
	else if (WIFSIGNALED(status))
		printf("   -> the child was killed by signal %d (%s)\n", WTERMSIG(status),
		       strsignal(WTERMSIG(status)));
	return status;
}

/* ---- 1. the chunk -------------------------------------------------- */

/* underflow_garbage - child: 8 bytes of text land on b's size field. */
static void underflow_garbage(void *arg)
{
	char *a = malloc(24), *b = malloc(24);
	char *volatile field = b - 8;   /* hidden from gcc's bounds warnings */

	(void)arg;
	keep(a);
	printf("b = %p, size field before: %#zx\n", (void *)b, chunk_size_field(b));
	memcpy(field, "AAAAAAAA", 8);
	printf("wrote \"AAAAAAAA\" at b - 8: size field now %#zx; calling free(b)...\n",
	       chunk_size_field(b));
	free(b);
	printf("free(b) returned: glibc did not notice\n");
	free(a);
}

/* underflow_plausible - child: the underflow writes a size glibc believes;
 * nothing fails where the bug is, a neighbour is overwritten later. */
static void underflow_plausible(void *arg)
{
	/* 200 bytes: a size no earlier section left in the per-thread cache,
	 * so b and c come from the top of the heap, side by side. */
	char *b = malloc(200), *c = malloc(200), *d;
	size_t chunk, *volatile field;

	(void)arg;
	if (!b || !c)
		return;
	chunk = chunk_size_field(b) & ~(size_t)7;
	field = (size_t *)b - 1;
	if (c != b + chunk) {
		printf("b and c are not neighbours here; nothing to show\n");
		return;
	}
	strcpy(c, "c's data");
	printf("b = %p, c = %p (the next chunk), c holds \"%s\"\n", (void *)b, (void *)c, c);
	*field = (2 * chunk) | CHUNK_PREV_INUSE;   /* b and c together: valid-looking */
	printf("wrote %#zx at b - 8 (b now claims c's bytes too); calling free(b)...\n",
	       2 * chunk | CHUNK_PREV_INUSE);
	free(b);
	printf("free(b) returned: no error where the bug is\n");
	d = malloc(2 * chunk - 16);
	printf("malloc(%zu) = %p: the same address as b, and its bytes cover c\n",
	       2 * chunk - 16, (void *)d);
	memset(d, 'Z', 2 * chunk - 16);
	printf("filled d with 'Z'; c now holds \"%.8s\" and its size field is %#zx\n", c,
	       chunk_size_field(c));
	printf("much later, far from the bug: free(c)...\n");
	free(c);
	printf("free(c) returned\n");
	free(d);
}

/* show_fields - child: the size field of a small block and a mapped one
 * (a child, because freeing a mapped block moves the mmap threshold, and
 * section 2 measures that threshold from a fresh start). */
static void show_fields(void *arg)
{
	char *small = malloc(24), *big = malloc(200 * 1024);

	(void)arg;
	keep(small);
	keep(big);
	printf("malloc(24)      = %p: field %#7zx = size %6zu, flags %s\n", (void *)small,
	       chunk_size_field(small), chunk_size_field(small) & ~(size_t)7,
	       flags_text(chunk_size_field(small)));
	printf("malloc(200 KiB) = %p: field %#7zx = size %6zu, flags %s\n", (void *)big,
	       chunk_size_field(big), chunk_size_field(big) & ~(size_t)7,
	       flags_text(chunk_size_field(big)));
	free(big);
	free(small);
}

void section_chunk(void)
{
	size_t last = 0, from = 0;
	int status;

	printf("== 1. The chunk: what malloc really gives\n");
	printf("malloc_usable_size(malloc(n)) for n = 0..100:\n");
	for (size_t n = 0; n <= 101; n++) {
		size_t u = 0;

		if (n <= 100) {
			void *p = malloc(n);

			u = malloc_usable_size(p);
			free(p);
		}
		if (n > 0 && (u != last || n == 101)) {
			printf("  n = %3zu..%3zu -> %3zu usable bytes (a %zu-byte chunk)\n", from,
			       n - 1, last, last + sizeof(size_t));
			from = n;
		}
		last = u;
	}
	printf("  chunks grow in steps of %zu bytes; the smallest is %zu bytes, for any "
	       "n up to %zu\n", (size_t)(2 * sizeof(size_t)), 4 * sizeof(size_t),
	       3 * sizeof(size_t));

	printf("the size field, the %zu bytes just before the block (in a child):\n",
	       sizeof(size_t));
	in_child(show_fields, NULL);
	printf("  (a block from a thread's arena has flag A: see section 4)\n");

	printf("an 8-byte underflow into the size field, in a child:\n");
	printf(" a) garbage in the field:\n");
	status = in_child(underflow_garbage, NULL);
	if (WIFSIGNALED(status))
		printf("   => glibc caught it at once, in free(b), and aborted with the message above\n");
	else
		printf("   => this time nothing stopped the program: the damage is still in the heap\n");
	printf(" b) a plausible size in the field:\n");
	status = in_child(underflow_plausible, NULL);
	if (WIFSIGNALED(status))
		printf("   => free(b) passed; the program died later, in free(c), "
		       "a line with no bug in it\n\n");
	else
		printf("   => free(b) passed and the program went on with c silently "
		       "overwritten\n\n");
}

/* ---- 2. the two sources ------------------------------------------- */

/* where - "the brk heap" or "a mapping of its own", from the flag bit. */
static const char *where(const void *p)
{
	return chunk_size_field(p) & CHUNK_IS_MMAPPED ? "a mapping of its own"
	                                               : "the brk heap";
}

/*
 * threshold_moves - in a child: does freeing a mapped malloc(n) make the
 * next malloc(n) come from the heap?  1 yes, 0 no, -1 n was not mapped.
 */
static int threshold_moves(size_t n)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		char *p = malloc(n);

		keep(p);
		if (!p || !(chunk_size_field(p) & CHUNK_IS_MMAPPED))
			_exit(2);
		free(p);
		p = malloc(n);
		keep(p);
		_exit(p && !(chunk_size_field(p) & CHUNK_IS_MMAPPED) ? 1 : 0);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status) == 2 ? -1 : WEXITSTATUS(status);
}

/* pinned - child: mallopt(M_MMAP_THRESHOLD) fixes the line. */
static void pinned(void *arg)
{
	char *p, *q;

	(void)arg;
	mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
	p = malloc(512 * 1024);
	keep(p);
	printf("mallopt(M_MMAP_THRESHOLD, 1 MiB); malloc(512 KiB): %s\n", where(p));
	q = malloc(2 * 1024 * 1024);
	keep(q);
	printf("malloc(2 MiB): %s; free it, then malloc(2 MiB) again: ", where(q));
	free(q);
	q = malloc(2 * 1024 * 1024);
	keep(q);
	printf("%s (a pinned threshold never moves)\n", where(q));
	free(q);
	free(p);
	mallopt(M_MMAP_MAX, 0);
	q = malloc(2 * 1024 * 1024);
	keep(q);
	printf("mallopt(M_MMAP_MAX, 0); malloc(2 MiB): %s (no mapping at all any more)\n",
	       where(q));
	free(q);
}

/* tunable_probe - what `demo tunable-probe` prints (section 2 runs it
 * with and without GLIBC_TUNABLES: tunables are read at start-up). */
static int tunable_probe(void)
{
	char *p = malloc(512 * 1024);

	keep(p);
	printf("%s\n", where(p));
	free(p);
	return 0;
}

/* run_probe - run `self tunable-probe` with env (or none); its answer. */
static const char *run_probe(const char *self, const char *env)
{
	static char answer[128];
	char cmd[8192];
	FILE *f;

	/* self is this program's own path (readlink): no quote in it to escape. */
	snprintf(cmd, sizeof(cmd), "env %s '%s' tunable-probe", env ? env : "", self);
	f = popen(cmd, "r");
	if (!f || !fgets(answer, sizeof(answer), f))
		snprintf(answer, sizeof(answer), "(the probe did not answer)");
	if (f)
		pclose(f);
	answer[strcspn(answer, "\n")] = '\0';
	return answer;
}

/* two_sources - child: a small block in [heap], a big one in a mapping
 * of its own that free() unmaps at once, and the dynamic threshold. */
static void two_sources(void *arg)
{
	char *small = malloc(1000), *big = malloc(1024 * 1024);
	char line[512];
	uintptr_t addr = (uintptr_t)big;   /* only the address, as a number */

	(void)arg;
	keep(small);
	keep(big);
	printf("malloc(1000)  = %p in: %s\n", (void *)small, maps_line_of((uintptr_t)small));
	snprintf(line, sizeof(line), "%s", maps_line_of(addr));
	printf("malloc(1 MiB) = %p in: %s\n", (void *)big, line);
	free(big);
	printf("after free(the 1 MiB block), that address is in: %s\n", maps_line_of(addr));
	printf("  (free unmapped it at once: its memory is back with the kernel)\n");
	free(small);
}

/* dynamic - child: freeing a mapped block moves the threshold up. */
static void dynamic(void *arg)
{
	char *big = malloc(200 * 1024), *again;

	(void)arg;
	keep(big);
	printf("malloc(200 KiB): %s\n", where(big));
	free(big);
	again = malloc(200 * 1024);
	keep(again);
	printf("free it; malloc(200 KiB) again: %s (the threshold moved up to the freed "
	       "block's size)\n", where(again));
	free(again);
}

void section_sources(const char *self)
{
	size_t page = ml_page_size(), lo, hi;

	printf("== 2. Two sources: the brk heap and mappings of their own\n");
	in_child(two_sources, NULL);
	printf("the dynamic threshold (it starts at 128 KiB):\n");
	in_child(dynamic, NULL);

	/* Binary search, in whole pages, for the largest request whose free
	 * still moves the threshold: glibc's cap.  Each try in a fresh child. */
	lo = 128 * 1024;
	hi = 256 * 1024 * 1024;
	if (threshold_moves(lo) != 1) {
		printf("  (freeing a 128 KiB block did not move the threshold here)\n");
	} else {
		while (hi - lo > page) {
			size_t mid = (lo + hi) / 2 / page * page;

			if (threshold_moves(mid) == 1)
				lo = mid;
			else
				hi = mid;
		}
		printf("measured cap (binary search, a child per try): freeing malloc(%zu) "
		       "moves it,\n  malloc(%zu) does not: the threshold stops below %zu MiB "
		       "here\n  (the article, 2013: 64 MiB; glibc's cap is 4 MiB * sizeof(long) "
		       "= %zu MiB on 64-bit)\n", lo, hi, (hi + page) >> 20, 4 * sizeof(long));
	}

	printf("pinning the threshold turns the dynamic one off (in a child):\n");
	in_child(pinned, NULL);
	printf("GLIBC_TUNABLES, read when a program starts (this demo, run again):\n");
	printf("  malloc(512 KiB), no tunable:                        %s\n",
	       run_probe(self, NULL));
	printf("  GLIBC_TUNABLES=glibc.malloc.mmap_threshold=1048576: %s\n\n",
	       run_probe(self, "GLIBC_TUNABLES=glibc.malloc.mmap_threshold=1048576"));
}

int main(int argc, char **argv)
{
	const char *self = "/proc/self/exe";
	static char exe[4096];
	ssize_t n;

	if (argc == 2 && strcmp(argv[1], "tunable-probe") == 0)
		return tunable_probe();
	if (argc != 1) {
		fprintf(stderr, "usage: %s   (no arguments: run it with make run LAB=09)\n",
		        argv[0]);
		return 2;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		self = exe;
	}
	section_chunk();
	section_sources(self);
	section_fragmentation();
	section_threads();
	section_allocators(self);
	return 0;
}
