/*
 * alternative: walk_depth counts levels breadth-first with a heap queue; the note's text comes from asprintf; walk_count_suffix compares in place without any copy; the worker runs on a stack mmapped by the caller, with its own guard page (pthread_attr_setstack)
 */
/*
 * walk.c - lab 06, another correct answer: a queue, asprintf, no copy, a stack of our own.
 *
 * What you will learn: the stack is a small, per-thread pool with a hard
 * limit; its memory belongs to the running call and dies with it.  You will
 * turn a deep recursion into a loop over a stack you own on the heap, give
 * an escaping pointer a real owner, remove alloca() from a loop, and size a
 * worker thread's stack to its need.
 *
 * You edit this file, and only this one, one TODO at a time (TODO n is step n of
 * labs/06-stack/README.md).  Check your work with:  make grade LAB=06
 * Man pages: getrlimit(2), alloca(3), pthread_attr_setstacksize(3),
 * pthread_getattr_np(3), gcc(1) (-fstack-usage, -Walloca, -Wvla).
 */
#define _GNU_SOURCE               /* asprintf */
#include "walk.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>

/*
 * walk_depth - see walk.h.  Breadth-first: the queue holds one level of
 * the tree at a time (at most the widest level), on the heap; the depth is
 * the number of levels.  No recursion, so the frame is fixed.
 */
size_t walk_depth(const struct node *root)
{
	const struct node **cur, **next, **tmp;
	size_t cap = 64, ncur = 0, depth = 0;

	if (!root)
		return 0;
	cur = malloc(cap * sizeof(*cur));
	next = malloc(cap * sizeof(*next));
	if (!cur || !next)
		goto nomem;
	cur[ncur++] = root;
	while (ncur > 0) {
		size_t nnext = 0;

		depth++;
		/* A level has at most twice as many nodes as the one above. */
		if (2 * ncur > cap) {
			cap = 2 * ncur;
			tmp = realloc(next, cap * sizeof(*next));
			if (!tmp)
				goto nomem;
			next = tmp;
			tmp = realloc(cur, cap * sizeof(*cur));
			if (!tmp)
				goto nomem;
			cur = tmp;
		}
		for (size_t i = 0; i < ncur; i++) {
			if (cur[i]->left)
				next[nnext++] = cur[i]->left;
			if (cur[i]->right)
				next[nnext++] = cur[i]->right;
		}
		tmp = cur;
		cur = next;
		next = tmp;
		ncur = nnext;
	}
	free(cur);
	free(next);
	return depth;
nomem:
	free(cur);
	free(next);
	return (size_t)-1;
}

/* walk_note_init - see walk.h.  asprintf allocates exactly what the text
 * needs; the note owns it until walk_note_wipe. */
void walk_note_init(struct walk_note *note, size_t depth)
{
	char *text;

	note->depth = depth;
	if (asprintf(&text, "depth %zu", note->depth) < 0)
		text = NULL;
	note->text = text;
}

/* walk_note_wipe - see walk.h.  free(NULL) is a no-op: wiping twice is safe. */
void walk_note_wipe(struct walk_note *note)
{
	free((char *)note->text);
	note->text = NULL;
}

/* walk_count_suffix - see walk.h.  strcasecmp reads the name's tail where
 * it is: no copy, so no buffer at all. */
size_t walk_count_suffix(const char *const *names, size_t n, const char *suffix)
{
	size_t count = 0, slen = strlen(suffix);

	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(names[i]);

		if (len >= slen && strcasecmp(names[i] + len - slen, suffix) == 0)
			count++;
	}
	return count;
}

/*
 * walk_in_worker - see walk.h.  The caller provides the stack itself: one
 * mapping holding a no-access guard page below the stack, as glibc would
 * make (a stack given with pthread_attr_setstack gets no guard of its own).
 * Size: twice the job's need, rounded up to whole pages, plus
 * PTHREAD_STACK_MIN for the thread's own data.  Unmapped after the join.
 */
int walk_in_worker(void *(*job)(void *), void *arg, size_t need, void **result)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t size = (2 * need + PTHREAD_STACK_MIN + page - 1) / page * page;
	pthread_attr_t attr;
	pthread_t tid;
	char *block;
	int err;

	block = mmap(NULL, size + page, PROT_READ | PROT_WRITE,
	             MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (block == MAP_FAILED)
		return ENOMEM;
	if (mprotect(block, page, PROT_NONE) != 0) {   /* the guard */
		munmap(block, size + page);
		return ENOMEM;
	}
	err = pthread_attr_init(&attr);
	if (!err) {
		err = pthread_attr_setstack(&attr, block + page, size);
		if (!err)
			err = pthread_create(&tid, &attr, job, arg);
		pthread_attr_destroy(&attr);
	}
	if (!err)
		err = pthread_join(tid, result);
	munmap(block, size + page);
	return err;
}
