/*
 * misuse.c - programs that use the arena wrongly on purpose, and one that
 * uses it right (lab 10: the demo and the grader).  Each scenario is run
 * alone under memcheck and under AddressSanitizer; the grader knows which
 * error each must make the tools report, and that "right" makes none.
 * The tools can only see these bugs if arena.c tells them where its
 * blocks are (tools.h).
 *
 *   misuse use-after-pop   a block read after its frame was popped
 *   misuse overflow        one byte written past a block, into its red zone
 *   misuse uninit          a decision taken on a block's unwritten byte
 *   misuse right           push, allocate, write, read, pop, delete
 *   misuse all             the four, one after the other (one memcheck run:
 *                          the grader attributes each error to the
 *                          scenario_* function on its stack)
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"

/* sink - keep a value alive without the compiler seeing through it. */
static volatile int sink;

int scenario_use_after_pop(struct arena *a);
int scenario_overflow(struct arena *a);
int scenario_uninit(struct arena *a);
int scenario_right(struct arena *a);

__attribute__((noipa)) int scenario_use_after_pop(struct arena *a)
{
	char *before = arena_alloc(a, 24), *p;

	/* A block before the frame: the pop comes back into this chunk, as
	 * it usually does (not to an arena with no chunk at all). */
	if (!before)
		return 1;
	arena_push(a);
	p = arena_alloc(a, 40);
	if (!p)
		return 1;
	memset(p, 7, 40);
	arena_pop(a);
	sink = p[8];          /* the bug: p died with its frame */
	return 0;
}

__attribute__((noipa)) int scenario_overflow(struct arena *a)
{
	char *p = arena_alloc(a, 40), *q = arena_alloc(a, 40);

	if (!p || !q)
		return 1;
	memset(q, 0, 40);
	((char *volatile)p)[40] = 1;   /* the bug: one byte past the block */
	return 0;
}

__attribute__((noipa)) int scenario_uninit(struct arena *a)
{
	char *p = arena_alloc(a, 40);

	if (!p)
		return 1;
	if (p[3] == 42)       /* the bug: p[3] was never written */
		sink = 1;
	return 0;
}

__attribute__((noipa)) int scenario_right(struct arena *a)
{
	for (int round = 0; round < 50; round++) {
		char *p;

		if (arena_push(a) != 0)
			return 1;
		for (int i = 0; i < 100; i++) {
			size_t n = 1 + (size_t)(i * 97 + round) % 3000;

			p = arena_alloc_aligned(a, n, (size_t)1 << (i % 7));
			if (!p)
				return 1;
			memset(p, i, n);
			sink += p[n - 1];
		}
		if (arena_pop(a) != 0)
			return 1;
	}
	return 0;
}

static const struct {
	const char *name;
	int (*run)(struct arena *a);
} scenarios[] = {
	{ "use-after-pop", scenario_use_after_pop },
	{ "overflow", scenario_overflow },
	{ "uninit", scenario_uninit },
	{ "right", scenario_right },
};

/* run - one scenario on an arena of its own. */
static int run(int i)
{
	struct arena *a = arena_new(16 * 1024);
	int ret;

	if (!a)
		return 1;
	ret = scenarios[i].run(a);
	arena_delete(&a);
	return ret;
}

int main(int argc, char **argv)
{
	int n = (int)(sizeof(scenarios) / sizeof(scenarios[0])), ret = 0;

	if (argc == 2 && !strcmp(argv[1], "all")) {
		for (int i = 0; i < n; i++)
			ret |= run(i);
		return ret;
	}
	for (int i = 0; argc == 2 && i < n; i++)
		if (!strcmp(argv[1], scenarios[i].name))
			return run(i);
	fprintf(stderr, "usage: %s use-after-pop|overflow|uninit|right|all\n", argv[0]);
	return 2;
}
