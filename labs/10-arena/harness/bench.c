/*
 * bench.c - one allocation sequence, through the arena and through glibc
 * (lab 10: the demo and the grader).  Built with -DNVALGRIND, so that the
 * arena's client requests compile to nothing, as in a production build.
 *
 *   bench arena N | glibc N    run the sequence one way; callgrind counts
 *                              the allocator's instructions with
 *                              --toggle-collect=arena_alloc (and _push,
 *                              _pop), or malloc and free
 *   bench time N               both natively: nanoseconds for each
 *   bench memory N             both natively: what each holds afterwards
 *
 * The sequence: N/128 rounds of a frame with 128 blocks of 16..271 bytes,
 * touched, then released all at once (pop, or 128 frees).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <malloc.h>
#include <time.h>

#include "arena.h"

enum { ROUND = 128 };

/* size_at - the i-th request of the sequence. */
static size_t size_at(size_t i)
{
	return 16 + (i * 37) % 256;
}

size_t bench_arena(struct arena *a, size_t n);
void bench_glibc(size_t n);

/* bench_arena, bench_glibc - the sequence (noipa: nothing of it is folded
 * into main, so the two runs do the same work around the allocator). */
/* (bench_arena returns how many blocks it got: fewer than n when the
 * arena ran out) */
__attribute__((noipa)) size_t bench_arena(struct arena *a, size_t n)
{
	for (size_t i = 0; i < n; i += ROUND) {
		if (arena_push(a) != 0)
			return i;
		for (size_t j = 0; j < ROUND; j++) {
			char *p = arena_alloc(a, size_at(i + j));

			if (!p)
				return i + j;
			p[0] = (char)j;
		}
		arena_pop(a);
	}
	return n;
}

__attribute__((noipa)) void bench_glibc(size_t n)
{
	char *block[ROUND];

	for (size_t i = 0; i < n; i += ROUND) {
		for (size_t j = 0; j < ROUND; j++) {
			block[j] = malloc(size_at(i + j));
			if (!block[j])
				return;
			block[j][0] = (char)j;
		}
		for (size_t j = 0; j < ROUND; j++)
			free(block[j]);
	}
}

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

int main(int argc, char **argv)
{
	struct arena *a;
	long n = argc == 3 ? atol(argv[2]) : 0;

	if (n <= 0 || (strcmp(argv[1], "arena") && strcmp(argv[1], "glibc") &&
	               strcmp(argv[1], "time") && strcmp(argv[1], "memory"))) {
		fprintf(stderr, "usage: %s arena|glibc|time|memory N\n", argv[0]);
		return 2;
	}
	a = arena_new(64 * 1024);
	if (!a)
		return 1;
	if (!strcmp(argv[1], "arena")) {
		size_t got = bench_arena(a, (size_t)n);

		if (got < (size_t)n) {
			printf("stopped: arena_alloc or arena_push failed after %zu blocks\n", got);
			arena_delete(&a);
			return 3;
		}
	} else if (!strcmp(argv[1], "glibc")) {
		bench_glibc((size_t)n);
	} else if (!strcmp(argv[1], "memory")) {
		struct arena_info info;
		struct mallinfo2 mi;

		bench_arena(a, (size_t)n);
		bench_glibc((size_t)n);
		arena_info(a, &info);
		mi = mallinfo2();
		printf("the arena %zu KiB in %zu mapping%s; glibc's heap %zu KiB, %zu KiB of it "
		       "free\n", info.mapped / 1024, info.chunks, info.chunks == 1 ? "" : "s",
		       mi.arena / 1024, mi.fordblks / 1024);
	} else {
		double t0 = now_ns(), t1, t2;

		bench_arena(a, (size_t)n);
		t1 = now_ns();
		bench_glibc((size_t)n);
		t2 = now_ns();
		printf("%.0f %.0f\n", t1 - t0, t2 - t1);
	}
	arena_delete(&a);
	return 0;
}
