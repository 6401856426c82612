/*
 * probe.c - the grader's harness for lab 07: runs one scenario against
 * bump.c and reports every property it saw broken in its exit status.
 *
 * usage: probe layout | count N | rlimit | foreign | foreign-release |
 *              release | memcheck
 *
 * Exit status, when the scenario ran to its end: FINISHED (64) plus the OR
 * of the bits of the properties seen broken (each scenario lists its bits
 * above it, all below 32); 64 alone means every property held.  Any other
 * status means it did not finish: SETUP_FAILED (3) when the scenario could
 * not be set up (stderr says why, on a "setup:" line), USAGE (2), or
 * whatever exit() the code under test called; a crash is a signal.
 * The memcheck scenarios exit 0: valgrind's report is their verdict.
 * On stderr, one line per broken property, starting with its tag ("align:",
 * "overlap:", ...): the grader quotes it as "seen", but decides on the
 * status alone.
 *
 * The probe itself never calls malloc (nor stdio functions that would,
 * except in the foreign scenario, whose point is malloc): whatever moves
 * the break is the allocator under test, or the scenario on purpose.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bump.h"
#include "done.h"
#include "sysinfo.h"

#define FINISHED 64
#define SETUP_FAILED 3
#define USAGE 2

/* One block handed out: where, how big, and the byte it was filled with. */
struct block {
	uintptr_t p;
	size_t n;
	unsigned char fill;
};

#define MAX_BLOCKS 4096
static struct block blocks[MAX_BLOCKS];
static size_t nblocks;
static unsigned broken;     /* the bits of the properties seen broken */
static size_t page;

/* flag - record that property `bit` broke; say why, the first time only. */
__attribute__((format(printf, 3, 4)))
static void flag(unsigned bit, const char *tag, const char *fmt, ...)
{
	va_list ap;

	if (broken & bit)
		return;
	broken |= bit;
	fprintf(stderr, "%s: ", tag);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* setup_failed - say why the scenario cannot go on, and stop. */
__attribute__((format(printf, 1, 2), noreturn))
static void setup_failed(const char *fmt, ...)
{
	va_list ap;

	fputs("setup: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	ml_exit(SETUP_FAILED);
}

/* brk_now - the program break, as glibc's sbrk last set it. */
static uintptr_t brk_now(void)
{
	return (uintptr_t)sbrk(0);
}

/* inside - true when [p, p + n) lies in [lo, hi). */
static bool inside(uintptr_t p, size_t n, uintptr_t lo, uintptr_t hi)
{
	return p >= lo && p <= hi && n <= hi - p;
}

/* crosses - true when [p, p + n) and [lo, hi) share a byte. */
static bool crosses(uintptr_t p, size_t n, uintptr_t lo, uintptr_t hi)
{
	return p < hi && p + n > lo;
}

/* keep - fill a block with a byte of its own and remember it. */
static void keep(uintptr_t p, size_t n)
{
	unsigned char fill = (unsigned char)(nblocks * 7 + 1);

	memset((void *)p, fill, n);
	if (nblocks < MAX_BLOCKS)
		blocks[nblocks++] = (struct block){ p, n, fill };
}

/* intact - the index of the first kept block whose bytes changed, or -1. */
static long intact(size_t from)
{
	for (size_t i = from; i < nblocks; i++)
		for (size_t k = 0; k < blocks[i].n; k++)
			if (((unsigned char *)blocks[i].p)[k] != blocks[i].fill)
				return (long)i;
	return -1;
}

/* by_address - qsort order of blocks. */
static int by_address(const void *a, const void *b)
{
	const struct block *x = a, *y = b;

	return (x->p > y->p) - (x->p < y->p);
}

/* describe - " ((void *)-1: sbrk's error value)" for that pointer, else "". */
static const char *describe(const void *p)
{
	return p == (void *)-1 ? " ((void *)-1, sbrk's error value)" : "";
}

/*
 * layout: many blocks of awkward sizes, after the break was moved by one
 * byte (as any other code of the process could leave it).
 */
#define L_ALIGN   1   /* a block is not 16-byte aligned */
#define L_OVERLAP 2   /* two blocks share bytes */
#define L_BREAK   4   /* a block is not wholly below the break */
#define L_CONTENT 8   /* a block's bytes changed behind its owner's back */
#define L_NULL    16  /* NULL with no limit in sight */
__attribute__((noinline)) static void scenario_layout(void)
{
	const size_t fixed[] = { 1, 15, 16, 17, 31, 32, 33, 48, 7, 100, 255,
		256, 1000, page - 1, page, page + 1, 3 * page + 5, 24, 8, 1 };
	size_t count = sizeof(fixed) / sizeof(fixed[0]) + 1500;
	uintptr_t lo;
	long bad;

	if (sbrk(1) == (void *)-1)
		setup_failed("sbrk(1) failed: %s", strerror(errno));
	lo = brk_now();
	for (size_t i = 0; i < count; i++) {
		size_t n = i < sizeof(fixed) / sizeof(fixed[0]) ? fixed[i] : (i * 37) % 200 + 1;
		uintptr_t p = (uintptr_t)bump_alloc(n);

		if (!p) {
			flag(L_NULL, "null", "bump_alloc(%zu) returned NULL (errno %d, %s) though no limit was set",
			     n, errno, strerror(errno));
			continue;
		}
		if (p % BUMP_ALIGN)
			flag(L_ALIGN, "align", "block %zu (%zu bytes) at %#jx: %ju bytes past a multiple of %d "
			     "(the break started at %#jx)", i, n, (uintmax_t)p,
			     (uintmax_t)(p % BUMP_ALIGN), BUMP_ALIGN, (uintmax_t)lo);
		if (!inside(p, n, lo, brk_now())) {
			flag(L_BREAK, "break", "block %zu (%zu bytes) at %#jx%s does not lie between the "
			     "break at the start (%#jx) and the break now (%#jx)", i, n, (uintmax_t)p,
			     describe((void *)p), (uintmax_t)lo, (uintmax_t)brk_now());
			continue;   /* writing there could crash: do not */
		}
		keep(p, n);
	}
	bad = intact(0);
	if (bad >= 0)
		flag(L_CONTENT, "content", "block %ld (%zu bytes at %#jx) no longer holds the bytes "
		     "written into it: a later block was laid over it", bad, blocks[bad].n,
		     (uintmax_t)blocks[bad].p);
	qsort(blocks, nblocks, sizeof(blocks[0]), by_address);
	for (size_t i = 1; i < nblocks; i++)
		if (blocks[i - 1].p + blocks[i - 1].n > blocks[i].p)
			flag(L_OVERLAP, "overlap", "the block of %zu bytes at %#jx runs %ju bytes into "
			     "the block at %#jx", blocks[i - 1].n, (uintmax_t)blocks[i - 1].p,
			     (uintmax_t)(blocks[i - 1].p + blocks[i - 1].n - blocks[i].p),
			     (uintmax_t)blocks[i].p);
}

/*
 * count N: N blocks of 1 to 16 bytes and nothing else, for strace to count
 * the brk calls (the grader subtracts the count of a run with N = 0).
 */
__attribute__((noinline)) static void scenario_count(long n)
{
	for (long i = 0; i < n; i++) {
		char *p = bump_alloc((size_t)(i % 16 + 1));

		if (!p)
			setup_failed("bump_alloc(%ld) returned NULL (errno %d, %s)", i % 16 + 1,
				     errno, strerror(errno));
		*p = 1;
	}
}

/* vmdata_kb - VmData from /proc/self/status, in KiB; -1 if unreadable.
 * (read(2) into a static buffer: fopen would call malloc.) */
static long vmdata_kb(void)
{
	static char buf[8192];
	ssize_t got;
	char *at;
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	got = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (got <= 0)
		return -1;
	buf[got] = '\0';
	at = strstr(buf, "\nVmData:");
	return at ? strtol(at + 8, NULL, 10) : -1;
}

/*
 * rlimit: RLIMIT_DATA set to the VmData measured here plus MARGIN_KB, so the
 * break can grow by about MARGIN_KB and no more (a fixed small limit would
 * stop the program before main; the kernel counts every private writable
 * mapping, the break included, against RLIMIT_DATA).
 */
#define R_NEVER   1   /* never returned NULL past the limit */
#define R_ERRNO   2   /* NULL, but errno is not ENOMEM */
#define R_BREAK   4   /* a block not below the break, e.g. (void *)-1: stops */
#define R_USABLE  8   /* after one failed request, little more was handed out */
#define R_HUGE    16  /* bump_alloc(SIZE_MAX) or close did not fail cleanly */
#define MARGIN_KB 1024
__attribute__((noinline)) static void scenario_rlimit(void)
{
	const size_t huge[] = { SIZE_MAX, SIZE_MAX - 100, SIZE_MAX / 2 + 1 };
	size_t margin = (size_t)MARGIN_KB * 1024, got, n = page / 2 + 16;
	uintptr_t lo = brk_now();
	struct rlimit rl;
	long vm;
	void *p;

	/* No break can hold these: they must fail before any limit matters. */
	for (size_t i = 0; i < sizeof(huge) / sizeof(huge[0]); i++) {
		errno = 0;
		p = bump_alloc(huge[i]);
		if (p || errno != ENOMEM)
			flag(R_HUGE, "huge", "bump_alloc(%#zx) returned %p%s with errno %d (%s): "
			     "expected NULL with errno ENOMEM", huge[i], p, describe(p), errno,
			     strerror(errno));
	}

	vm = vmdata_kb();
	if (vm < 0 || getrlimit(RLIMIT_DATA, &rl) != 0)
		setup_failed("cannot read VmData in /proc/self/status, or RLIMIT_DATA");
	rl.rlim_cur = ((rlim_t)vm + MARGIN_KB) * 1024;
	if ((rl.rlim_max != RLIM_INFINITY && rl.rlim_max < rl.rlim_cur) ||
	    setrlimit(RLIMIT_DATA, &rl) != 0)
		setup_failed("cannot set RLIMIT_DATA to %ju bytes", (uintmax_t)rl.rlim_cur);

	/* A request four times the room left must fail, and cleanly. */
	errno = 0;
	p = bump_alloc(4 * margin);
	if (p && !inside((uintptr_t)p, 4 * margin, lo, brk_now())) {
		flag(R_BREAK, "break", "bump_alloc(%zu), with room for %zu bytes only under "
		     "RLIMIT_DATA, returned %p%s, beyond the break (%#jx)", 4 * margin, margin, p,
		     describe(p), (uintmax_t)brk_now());
		return;   /* using that block would crash; what follows needs it not */
	}
	if (p)
		flag(R_NEVER, "never", "bump_alloc(%zu) returned a block though RLIMIT_DATA left "
		     "room for %zu bytes only", 4 * margin, margin);
	else if (errno != ENOMEM)
		flag(R_ERRNO, "errno", "bump_alloc(%zu) returned NULL with errno %d (%s), not ENOMEM",
		     4 * margin, errno, strerror(errno));

	/* The failure left the allocator usable: small blocks up to the limit. */
	for (got = 0; got < 4 * margin; got += n) {
		errno = 0;
		p = bump_alloc(n);
		if (!p)
			break;
		if (!inside((uintptr_t)p, n, lo, brk_now())) {
			flag(R_BREAK, "break", "after %zu bytes, bump_alloc(%zu) under RLIMIT_DATA returned "
			     "%p%s, beyond the break (%#jx)", got, n, p, describe(p), (uintmax_t)brk_now());
			return;
		}
		memset(p, 0x5a, n);
	}
	if (p)
		flag(R_NEVER, "never", "bump_alloc handed out %zu bytes and never returned NULL, "
		     "though RLIMIT_DATA left room for %zu", got, margin);
	else if (errno != ENOMEM)
		flag(R_ERRNO, "errno", "bump_alloc(%zu) returned NULL with errno %d (%s), not ENOMEM",
		     n, errno, strerror(errno));
	if (got < margin / 2)
		flag(R_USABLE, "usable", "after one failed request, bump_alloc handed out only %zu "
		     "bytes before failing again, though RLIMIT_DATA left room for %zu", got, margin);
}

/*
 * The foreign scenarios: the allocator hands out blocks, then glibc's
 * malloc moves the break above them (its first malloc sets its heap up with
 * brk), and the allocator must live with it.  This is what happens in any
 * program that calls printf: stdout's buffer comes from malloc.
 * Bits: foreign checks the first three, foreign-release the other two.
 */
#define F_OVERLAP 2   /* a new block overlaps malloc's memory */
#define F_BREAK   4   /* a new block is not below the break */
#define F_MALLOC  8   /* malloc's blocks were overwritten */
#define F_LOWERED 1   /* release lowered the break below malloc's memory: stops */
#define F_OLDMARK 16  /* after releasing to the old mark, a block overlaps malloc's */
static unsigned char *m_blocks[16];
static size_t m_count;
static const size_t m_size = 32 * 1024;   /* below the mmap threshold */
static uintptr_t f_b0, f_b1, f_b2;        /* the break at the start, after
					      our blocks, after malloc's */

/* foreign_setup - our blocks, then malloc's above them; returns the mark
 * taken before our first block. */
static void *foreign_setup(void)
{
	void *mark;

	f_b0 = brk_now();
	mark = bump_mark();
	for (int i = 0; i < 8; i++) {
		uintptr_t p = (uintptr_t)bump_alloc(64);

		if (!p || !inside(p, 64, f_b0, brk_now()))
			setup_failed("bump_alloc(64) returned %#jx%s, not a block below the break "
				     "(%#jx)", (uintmax_t)p, describe((void *)p), (uintmax_t)brk_now());
		keep(p, 64);
	}
	f_b1 = brk_now();
	while (brk_now() == f_b1 && m_count < 16) {
		m_blocks[m_count] = malloc(m_size);
		if (!m_blocks[m_count])
			setup_failed("malloc(%zu) failed", m_size);
		memset(m_blocks[m_count++], 0xa5, m_size);
	}
	f_b2 = brk_now();
	if (f_b2 <= f_b1)
		setup_failed("malloc did not move the break (it stayed at %#jx)", (uintmax_t)f_b1);
	return mark;
}

/* foreign_alloc - a block of n bytes after malloc moved the break: below
 * the break, and not in malloc's memory; 0 (and a flag) if not. */
static uintptr_t foreign_alloc(size_t n, unsigned overlap_bit, const char *tag,
			       const char *after)
{
	uintptr_t p = (uintptr_t)bump_alloc(n);

	if (!p || !inside(p, n, f_b0, brk_now())) {
		flag(F_BREAK, "break", "%s, bump_alloc(%zu) returned %#jx%s, not a block below the "
		     "break (%#jx)", after, n, (uintmax_t)p, describe((void *)p), (uintmax_t)brk_now());
		return 0;
	}
	if (crosses(p, n, f_b1, f_b2)) {
		flag(overlap_bit, tag, "%s, bump_alloc(%zu) returned %#jx: the block runs over "
		     "malloc's memory [%#jx, %#jx)", after, n, (uintmax_t)p, (uintmax_t)f_b1,
		     (uintmax_t)f_b2);
		return 0;
	}
	memset((void *)p, 0x3c, n);
	return p;
}

/* malloc_intact - flag F_MALLOC if a byte of malloc's blocks changed. */
static void malloc_intact(void)
{
	for (size_t i = 0; i < m_count; i++)
		for (size_t k = 0; k < m_size; k++)
			if (m_blocks[i][k] != 0xa5) {
				flag(F_MALLOC, "malloc", "byte %zu of malloc's block at %p was "
				     "overwritten", k, (void *)m_blocks[i]);
				return;
			}
}

/*
 * foreign: no release; blocks that fit in what is left of our area, then
 * one that needs the break to grow again: above malloc's memory.
 */
__attribute__((noinline)) static void scenario_foreign(void)
{
	const char *after = "after malloc moved the break";

	foreign_setup();
	for (int i = 0; i < 9; i++)
		if (!foreign_alloc(i < 8 ? 64 : 2 * page + 16, F_OVERLAP, "overlap", after))
			return;
	malloc_intact();
}

/*
 * foreign-release: releases while malloc owns the top of the break, then to
 * a mark older than malloc's move once the allocator had to leave its area.
 */
__attribute__((noinline)) static void scenario_foreign_release(void)
{
	void *mark = foreign_setup();

	bump_release(mark);
	if (brk_now() < f_b2) {
		flag(F_LOWERED, "lowered", "the break was %#jx (malloc had moved it up from your "
		     "%#jx); bump_release lowered it to %#jx, unmapping malloc's blocks",
		     (uintmax_t)f_b2, (uintmax_t)f_b1, (uintmax_t)brk_now());
		return;   /* malloc's memory is gone: touching it would crash */
	}
	/* Small blocks, then one that makes the allocator leave its area. */
	for (int i = 0; i < 9; i++)
		if (!foreign_alloc(i < 8 ? 64 : 2 * page + 16, F_OVERLAP, "overlap",
				   "after a release while malloc owned the top of the break"))
			setup_failed("a block overlapped malloc's memory; the test about it (step 2) says more");
	bump_release(mark);
	if (brk_now() < f_b2) {
		flag(F_LOWERED, "lowered", "releasing to a mark taken before malloc moved the break, "
		     "bump_release lowered the break to %#jx, below the end of malloc's memory (%#jx)",
		     (uintmax_t)brk_now(), (uintmax_t)f_b2);
		return;
	}
	if (!foreign_alloc(3 * page, F_OLDMARK, "oldmark",
			   "after releasing to a mark taken before malloc moved the break"))
		return;
	malloc_intact();
}

/*
 * release: marks, partial and full releases, on a break nobody else moves.
 */
#define E_FULL    1   /* a full release did not put the break back */
#define E_PARTIAL 2   /* a partial release left the break far above the mark */
#define E_REUSE   4   /* released memory is not handed out again, or blocks
			 from before the mark changed */
#define E_NOGROW  8   /* the break never moved: blocks come from elsewhere */
__attribute__((noinline)) static void scenario_release(void)
{
	uintptr_t b0 = brk_now(), b1, m1, first, again, now, top;
	void *m0 = bump_mark(), *p;

	for (int i = 0; i < 200; i++) {
		p = bump_alloc(100);
		if (!p || !inside((uintptr_t)p, 100, b0, brk_now()))
			setup_failed("bump_alloc(100) returned %p%s, not a block below the break "
				     "(%#jx)", p, describe(p), (uintmax_t)brk_now());
		keep((uintptr_t)p, 100);
	}
	m1 = (uintptr_t)bump_mark();
	first = (uintptr_t)bump_alloc(40);
	for (int i = 0; i < 300; i++)
		if (!bump_alloc(200))
			setup_failed("bump_alloc(200) returned NULL (errno %d, %s)", errno, strerror(errno));
	b1 = brk_now();
	if (b1 <= b0 + 300 * 200)
		flag(E_NOGROW, "nogrow", "the break moved from %#jx to %#jx while bump_alloc handed "
		     "out more than %d bytes: the blocks do not come from the break",
		     (uintmax_t)b0, (uintmax_t)b1, 300 * 200);

	bump_release((void *)m1);
	now = brk_now();
	top = (m1 + page - 1) & ~(uintptr_t)(page - 1);
	if (now < m1 || now > top)
		flag(E_PARTIAL, "partial", "after bump_release(%#jx) the break is %#jx (it was %#jx): "
		     "expected it between the mark and the next page boundary (%#jx)", (uintmax_t)m1,
		     (uintmax_t)now, (uintmax_t)b1, (uintmax_t)top);
	if (now >= m1 && intact(0) >= 0)
		flag(E_REUSE, "reuse", "bump_release(%#jx) changed a block handed out before that "
		     "mark", (uintmax_t)m1);
	again = (uintptr_t)bump_alloc(40);
	if (again != first)
		flag(E_REUSE, "reuse", "after bump_release(%#jx), bump_alloc(40) returned %#jx; the "
		     "first block after that mark was %#jx", (uintmax_t)m1, (uintmax_t)again,
		     (uintmax_t)first);

	bump_release(m0);
	now = brk_now();
	if (now != b0)
		flag(E_FULL, "full", "after releasing to the first mark, the break is %#jx; it was "
		     "%#jx before the first block (and %#jx at the top)", (uintmax_t)now,
		     (uintmax_t)b0, (uintmax_t)b1);
	p = bump_alloc(2 * page);
	if (!p || !inside((uintptr_t)p, 2 * page, b0, brk_now()))
		flag(E_REUSE, "reuse", "after a full release, bump_alloc(%zu) returned %p%s (the break "
		     "is %#jx)", 2 * page, p, describe(p), (uintmax_t)brk_now());
	else if ((uintptr_t)p != (((uintptr_t)m0 + BUMP_ALIGN - 1) & ~(uintptr_t)(BUMP_ALIGN - 1)))
		flag(E_REUSE, "reuse", "after a full release, bump_alloc returned %p, not the start "
		     "of the area (%p)", p, m0);
	else
		memset(p, 0x11, 2 * page);
}

/*
 * memcheck: a light run for valgrind, which tracks the break to the byte:
 * a block that runs past it, even inside the last page, is an invalid write.
 */
__attribute__((noinline)) static void scenario_fill_to_the_break(void)
{
	void *mark;

	if (sbrk(1) == (void *)-1)   /* an unaligned break, as in layout */
		setup_failed("sbrk(1) failed: %s", strerror(errno));
	mark = bump_mark();
	for (size_t i = 0; i < 2 * page / 16 + 3; i++) {
		char *p = bump_alloc(16);

		if (!p)
			setup_failed("bump_alloc(16) returned NULL (errno %d, %s)", errno, strerror(errno));
		memset(p, 0x77, 16);
	}
	bump_release(mark);
}

__attribute__((noinline)) static void scenario_release_and_reuse(void)
{
	void *mark = bump_mark();

	for (int round = 0; round < 3; round++) {
		for (size_t n = 1; n < page; n = n * 3 + 1) {
			char *p = bump_alloc(n);

			if (!p)
				setup_failed("bump_alloc(%zu) returned NULL (errno %d, %s)", n, errno,
					     strerror(errno));
			memset(p, round, n);
		}
		bump_release(mark);
	}
}

int main(int argc, char **argv)
{
	page = ml_page_size();
	if (argc < 2 || page == 0)
		return USAGE;
	if (!strcmp(argv[1], "memcheck")) {
		scenario_fill_to_the_break();
		scenario_release_and_reuse();
		return 0;
	}
	if (!strcmp(argv[1], "layout"))
		scenario_layout();
	else if (!strcmp(argv[1], "count") && argc == 3)
		scenario_count(strtol(argv[2], NULL, 10));
	else if (!strcmp(argv[1], "rlimit"))
		scenario_rlimit();
	else if (!strcmp(argv[1], "foreign"))
		scenario_foreign();
	else if (!strcmp(argv[1], "foreign-release"))
		scenario_foreign_release();
	else if (!strcmp(argv[1], "release"))
		scenario_release();
	else
		return USAGE;
	return FINISHED | (int)broken;
}
