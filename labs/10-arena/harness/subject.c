/*
 * subject.c - lab 10's stub: runs the judge's operations on the student's
 * arena and prints what happened, one line per operation.  It decides
 * nothing (harness/judge.c does).
 *
 *   new CHUNK            new ok | new null ERRNO
 *   alloc SIZE           alloc ADDR ERRNO CHUNKS MAPPED   (ADDR 0: NULL)
 *   aligned SIZE ALIGN   aligned ADDR ERRNO CHUNKS MAPPED
 *   push / pop           push RET ERRNO CHUNKS MAPPED (pop the same)
 *   check                check BAD: live blocks whose bytes changed
 *   fail FN K            the K-th call of FN (mmap, malloc) made by the next
 *                        operation fails; after that operation's line:
 *                        fired 0|1
 *   page N               page N: from now on the page size is N (fault.h's
 *                        ml_pretend; arena_new reads it)
 *   delete               delete null|set STILL (then deletes again, and
 *                        NULL); STILL: how many of the blocks handed out
 *                        since `new` are still in a mapping afterwards
 *   mark NAME            mark NAME (where a section of the script starts)
 *
 * Every block handed out is filled with a byte of its own, and the stub
 * keeps the live ones (it forgets those of a popped frame), so that
 * `check` finds a block that another one overwrote.  It also remembers
 * where every block of the arena was, popped or not: after arena_delete
 * none of them may be mapped any more.  That count comes from
 * /proc/self/maps, the kernel's word (arena_info is the arena's own).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "fault.h"
#include "maps.h"

enum { MAX_LIVE = 1 << 16, MAX_DEPTH = 256, CHECK_BYTES = 4096, MAX_SEEN = 1 << 14 };

struct live {
	unsigned char *p;
	size_t size;
	unsigned char fill;
};

static struct live live[MAX_LIVE];
static size_t nlive, frames[MAX_DEPTH], depth;
static struct arena *a;
static uintptr_t seen[MAX_SEEN];   /* every block since `new` */
static size_t nseen;

static void info_tail(void)
{
	struct arena_info info = { 0, 0 };

	arena_info(a, &info);
	printf(" %zu %zu\n", info.chunks, info.mapped);
}

/* got - print and remember a block (its first CHECK_BYTES bytes filled). */
static void got(const char *op, void *p, int err)
{
	printf("%s %#" PRIxPTR " %d", op, (uintptr_t)p, p ? 0 : err);
	info_tail();
	if (p && nseen < MAX_SEEN)
		seen[nseen++] = (uintptr_t)p;
	if (p && nlive < MAX_LIVE) {
		struct live *l = &live[nlive];

		l->p = p;
		l->size = 0;
		l->fill = (unsigned char)(nlive * 37 + 1);
		nlive++;
	}
}

/* fill - write the pattern of the last block remembered. */
static void fill(size_t size)
{
	struct live *l;

	if (nlive == 0)
		return;
	l = &live[nlive - 1];
	l->size = size < CHECK_BYTES ? size : CHECK_BYTES;
	memset(l->p, l->fill, l->size);
	if (size > CHECK_BYTES)   /* and the last byte of a big block */
		l->p[size - 1] = l->fill;
}

static size_t check(void)
{
	size_t bad = 0;

	for (size_t i = 0; i < nlive; i++)
		for (size_t j = 0; j < live[i].size; j++)
			if (live[i].p[j] != live[i].fill) {
				bad++;
				break;
			}
	return bad;
}

/* count_mapped - one mapping of /proc/self/maps: count the blocks in it. */
static bool count_mapped(const struct ml_map *m, void *arg)
{
	size_t *still = arg;

	for (size_t i = 0; i < nseen; i++)
		if (seen[i] >= m->start && seen[i] < m->end)
			++*still;
	return true;
}

int main(void)
{
	char line[256], fn[16];
	size_t x, y;
	long k;
	int armed = -1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	while (fgets(line, sizeof(line), stdin)) {
		void *p;
		int ret;

		if (sscanf(line, "fail %15s %ld", fn, &k) == 2 && ml_fault_fn_named(fn) >= 0) {
			armed = ml_fault_fn_named(fn);
			ml_fault_arm((enum ml_fault_fn)armed, k);
			continue;
		}
		errno = 0;
		if (strncmp(line, "mark ", 5) == 0) {
			printf("%.*s\n", (int)strcspn(line, "\n"), line);
		} else if (sscanf(line, "page %zu", &x) == 1) {
			ml_pretend(x, 0);
			printf("page %zu\n", x);
		} else if (sscanf(line, "new %zu", &x) == 1) {
			nseen = 0;
			a = arena_new(x);
			if (a)
				printf("new ok\n");
			else
				printf("new null %d\n", errno);
		} else if (!a) {
			printf("no arena\n");
		} else if (sscanf(line, "aligned %zu %zu", &x, &y) == 2) {
			size_t before = nlive;

			p = arena_alloc_aligned(a, x, y);
			got("aligned", p, errno);
			if (nlive > before)
				fill(x);
		} else if (sscanf(line, "alloc %zu", &x) == 1) {
			size_t before = nlive;

			p = arena_alloc(a, x);
			got("alloc", p, errno);
			if (nlive > before)
				fill(x);
		} else if (strcmp(line, "push\n") == 0) {
			ret = arena_push(a);
			printf("push %d %d", ret, ret ? errno : 0);
			info_tail();
			if (ret == 0 && depth < MAX_DEPTH)
				frames[depth++] = nlive;
		} else if (strcmp(line, "pop\n") == 0) {
			ret = arena_pop(a);
			printf("pop %d %d", ret, ret ? errno : 0);
			info_tail();
			if (ret == 0 && depth > 0)
				nlive = frames[--depth];
		} else if (strcmp(line, "check\n") == 0) {
			printf("check %zu\n", check());
		} else if (strcmp(line, "delete\n") == 0) {
			size_t still = 0;

			arena_delete(&a);
			if (!a)
				ml_maps_each(count_mapped, &still);
			printf("delete %s %zu\n", a ? "set" : "null", still);
			arena_delete(&a);
			arena_delete(NULL);
			nlive = depth = 0;
		} else {
			printf("unknown operation\n");
		}
		if (armed >= 0) {
			printf("fired %d\n", ml_fault_fired((enum ml_fault_fn)armed));
			ml_fault_disarm((enum ml_fault_fn)armed);
			armed = -1;
		}
	}
	return 0;
}
