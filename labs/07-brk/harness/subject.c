/*
 * subject.c - the stub linked with the student's bump.c (lab 07).
 *
 * It performs the operations the judge wrote on stdin, one a line, and
 * prints one line of observation for each: what bump_alloc returned, the
 * break, errno.  It decides nothing: harness/judge.c does, in another
 * process.  The protocol is in harness/ops.h.
 *
 * The stub itself never calls malloc (stdio's buffers are static): the
 * break moves only when bump.c, or a `malloc` operation, moves it.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bump.h"
#include "fault.h"
#include "ops.h"

static char inbuf[1 << 16], outbuf[1 << 16];

/* The blocks written so far and not released, in the order handed out,
 * so that `verify` can say whether any of them changed. */
struct block {
	unsigned char *p;
	size_t n;
	unsigned char fill;
};
static struct block blocks[OPS_MAX_BLOCKS];
static size_t nblocks;
static size_t marks_depth[OPS_MAX_MARKS];
static void *marks[OPS_MAX_MARKS];
static uintptr_t marks_brk[OPS_MAX_MARKS];   /* the break when each mark was taken */
static size_t nmarks;
static unsigned char *mallocs[OPS_MAX_MALLOCS];
static size_t malloc_sizes[OPS_MAX_MALLOCS], nmallocs;
static uintptr_t low;   /* the break when the run began */

static uintptr_t brk_now(void)
{
	return (uintptr_t)sbrk(0);
}

/* vmdata_kb - VmData from /proc/self/status, in KiB, or -1. */
static long vmdata_kb(void)
{
	static char buf[8192];
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	ssize_t got;
	char *at;

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

/* writable - whether [p, p + n) lies between the run's first break and
 * the break now: only then does the stub dare write the block (a pointer
 * anywhere else could crash the run before the judge sees anything). */
static int writable(uintptr_t p, size_t n)
{
	uintptr_t hi = brk_now();

	return p >= low && p <= hi && n <= hi - p;
}

/* do_alloc - bump_alloc(n), the K-th growing sbrk made to fail when fault
 * is K; the answer starts with op (and, for `fill`, the size asked). */
static void do_alloc(const char *op, size_t n, int fault)
{
	void *p;
	int err, wrote = 0, fired;

	if (fault)
		ml_fault_arm(ML_F_SBRK, fault);
	errno = 0;
	p = bump_alloc(n);
	err = errno;
	fired = fault && ml_fault_fired(ML_F_SBRK);
	if (fault)
		ml_fault_disarm(ML_F_SBRK);
	if (p && n > 0 && writable((uintptr_t)p, n) && nblocks < OPS_MAX_BLOCKS) {
		unsigned char fill = (unsigned char)(nblocks * 7 + 1);

		memset(p, fill, n);
		blocks[nblocks++] = (struct block){ p, n, fill };
		wrote = 1;
	}
	if (strcmp(op, "alloc"))
		printf("%s %zu ", op, n);
	else
		printf("%s ", op);
	printf("%#" PRIxPTR " %d %#" PRIxPTR " %d %d\n", (uintptr_t)p, p ? 0 : err, brk_now(), wrote,
	       fired);
}

/* do_verify - the first written block (by index) and the first malloc
 * block whose bytes changed, -1 for none. */
static void do_verify(void)
{
	long bad = -1, mbad = -1;

	for (size_t i = 0; i < nblocks && bad < 0; i++)
		for (size_t k = 0; k < blocks[i].n; k++)
			if (blocks[i].p[k] != blocks[i].fill) {
				bad = (long)i;
				break;
			}
	for (size_t i = 0; i < nmallocs && mbad < 0; i++)
		for (size_t k = 0; k < malloc_sizes[i]; k++)
			if (mallocs[i][k] != 0xa5) {
				mbad = (long)i;
				break;
			}
	printf("verify %ld %ld\n", bad, mbad);
}

static void do_limit(long margin_kb)
{
	long vm = vmdata_kb();
	struct rlimit rl;
	int ok = vm >= 0 && getrlimit(RLIMIT_DATA, &rl) == 0;

	if (ok) {
		rl.rlim_cur = ((rlim_t)vm + (rlim_t)margin_kb) * 1024;
		ok = (rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= rl.rlim_cur) &&
		     setrlimit(RLIMIT_DATA, &rl) == 0;
	}
	printf("limit %d %#" PRIxPTR "\n", ok, brk_now());
}

int main(void)
{
	char line[OPS_LINE], op[16];
	uintmax_t a, b;

	setvbuf(stdin, inbuf, _IOFBF, sizeof(inbuf));
	setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
	low = brk_now();
	printf("start %#" PRIxPTR "\n", low);
	while (fgets(line, sizeof(line), stdin)) {
		int fields = sscanf(line, "%15s %ju %ju", op, &a, &b);

		if (fields < 1)
			continue;
		if (!strcmp(op, "page") && fields == 2) {
			ml_pretend((size_t)a, 0);
			printf("page %ju\n", a);
		} else if (!strcmp(op, "shift") && fields == 2) {
			int ok = sbrk((intptr_t)a) != (void *)-1;

			low = brk_now();
			printf("shift %d %#" PRIxPTR "\n", ok, low);
		} else if (!strcmp(op, "alloc") && fields >= 2) {
			/* alloc N [K]: with K, the K-th sbrk that grows fails */
			do_alloc("alloc", (size_t)a, fields == 3 ? (int)b : 0);
		} else if (!strcmp(op, "fill") && fields >= 2 && a < nmarks) {
			/* fill I [K]: the bytes between mark I (aligned) and the
			 * break when it was taken, that is the area's spare room */
			uintptr_t at = ((uintptr_t)marks[a] + BUMP_ALIGN - 1) & ~(uintptr_t)(BUMP_ALIGN - 1);

			do_alloc("fill", marks_brk[a] > at ? marks_brk[a] - at : 0, fields == 3 ? (int)b : 0);
		} else if (!strcmp(op, "mark") && nmarks < OPS_MAX_MARKS) {
			marks_depth[nmarks] = nblocks;
			marks[nmarks] = bump_mark();
			marks_brk[nmarks] = brk_now();
			printf("mark %#" PRIxPTR "\n", (uintptr_t)marks[nmarks++]);
		} else if (!strcmp(op, "release") && fields == 2 && a < nmarks) {
			bump_release(marks[a]);
			if (nblocks > marks_depth[a])
				nblocks = marks_depth[a];
			printf("release %#" PRIxPTR "\n", brk_now());
		} else if (!strcmp(op, "malloc") && fields == 2 && nmallocs < OPS_MAX_MALLOCS) {
			unsigned char *p = malloc((size_t)a);

			if (p) {
				memset(p, 0xa5, (size_t)a);
				mallocs[nmallocs] = p;
				malloc_sizes[nmallocs++] = (size_t)a;
			}
			printf("malloc %#" PRIxPTR " %#" PRIxPTR "\n", (uintptr_t)p, brk_now());
		} else if (!strcmp(op, "verify")) {
			do_verify();
		} else if (!strcmp(op, "limit") && fields == 2) {
			do_limit((long)a);
		} else if (!strcmp(op, "count") && fields == 2) {
			uintmax_t got = 0;

			for (uintmax_t i = 0; i < a; i++) {
				char *p = bump_alloc((size_t)(i % 16 + 1));

				if (!p || !writable((uintptr_t)p, 1))
					break;
				*p = 1;
				got++;
			}
			printf("count %ju\n", got);
		} else {
			printf("unknown\n");
		}
		fflush(stdout);
	}
	return 0;
}
