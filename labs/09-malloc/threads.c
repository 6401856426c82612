/*
 * threads.c - section 4 of the demo: malloc with threads.
 *
 * glibc puts two things in front of its shared heaps so that threads rarely
 * wait for each other: a small per-thread cache (tcache: up to 7 freed
 * chunks of each small size, taken back with no lock, last in first out),
 * and several arenas (a thread that finds the main arena busy gets one of
 * its own, reserved 64 MiB at a time with mmap, up to 8 per core;
 * M_ARENA_MAX caps them).
 */
#include "demo.h"

#include <inttypes.h>
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "maps.h"

/* A thread's block and what the maps say about it. */
struct thread_view {
	char *block;
	size_t field;   /* its size field, read while the block was live */
	struct ml_map rw, reserved;
	bool found;
};

/* reserved_after - the mapping that starts where want->rw ends. */
static bool find_next(const struct ml_map *m, void *arg)
{
	struct thread_view *v = arg;

	if (m->start == v->rw.end) {
		v->reserved = *m;
		return false;
	}
	return true;
}

/* thread_body - a thread's first malloc, and where it landed. */
static void *thread_body(void *arg)
{
	struct thread_view *v = arg;

	v->block = malloc(100);
	keep(v->block);
	if (v->block)
		v->field = chunk_size_field(v->block);
	if (v->block && ml_maps_find(v->block, &v->rw)) {
		v->found = true;
		ml_maps_each(find_next, v);
	}
	/* Freed from the thread itself: the chunk goes to its own tcache. */
	free(v->block);
	return NULL;
}

/* show_thread - run one thread and print what its malloc did. */
static void show_thread(void)
{
	struct thread_view v;
	pthread_t t;

	memset(&v, 0, sizeof(v));
	if (pthread_create(&t, NULL, thread_body, &v) != 0) {
		printf("  pthread_create failed\n");
		return;
	}
	pthread_join(t, NULL);
	printf("  the thread's malloc(100) = %p, size field %#zx: flags %s\n", (void *)v.block,
	       v.field, flags_text(v.field));
	if (!v.found)
		return;
	printf("  in: %s\n", v.rw.line);
	if (!(v.field & CHUNK_NON_MAIN_ARENA))
		printf("  => the main arena's heap: no arena of its own\n");
	else if (v.reserved.start)
		printf("  then: %s\n  => %" PRIuPTR " KiB usable now, %" PRIuPTR " KiB in all "
		       "(%" PRIuPTR " MiB reserved, no access until the arena grows)\n",
		       v.reserved.line, (v.rw.end - v.rw.start) / 1024,
		       (v.reserved.end - v.rw.start) / 1024,
		       (v.reserved.end - v.rw.start) >> 20);
}

/* first_thread - child: a thread's first malloc, from a fresh process. */
static void first_thread(void *arg)
{
	(void)arg;
	show_thread();
}

/* arena_max_one - child: with M_ARENA_MAX 1, every thread shares the heap. */
static void arena_max_one(void *arg)
{
	(void)arg;
	mallopt(M_ARENA_MAX, 1);
	printf("mallopt(M_ARENA_MAX, 1) first, then the same thread:\n");
	show_thread();
}

void section_threads(void)
{
	char *a, *b, *c, *d;

	printf("== 4. Threads: the per-thread cache and arenas\n");
	a = malloc(40);
	b = malloc(40);
	keep(a);
	keep(b);
	printf("a = malloc(40) = %p, b = malloc(40) = %p; free(a); free(b);\n", (void *)a,
	       (void *)b);
	free(a);
	free(b);
	c = malloc(40);
	d = malloc(40);
	keep(c);
	keep(d);
	printf("malloc(40) = %p (%s), malloc(40) = %p (%s)\n", (void *)c,
	       c == b ? "b: the last freed" : "not b", (void *)d, d == a ? "then a" : "not a");
	printf("  => the tcache is a stack per size: last in, first out, with no lock\n");
	free(c);
	free(d);

	printf("a second thread's first malloc (in a child):\n");
	in_child(first_thread, NULL);
	in_child(arena_max_one, NULL);
	printf("\n");
}
