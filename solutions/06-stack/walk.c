/*
 * walk.c - four small functions that keep the stack small and its memory owned (lab 06, reference solution).
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
#include "walk.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* One entry of walk_depth's explicit stack: a node still to visit and its
 * level (the root is level 1). */
struct pending {
	const struct node *node;
	size_t level;
};

/*
 * walk_depth - see walk.h.  The recursion's frames are replaced by an
 * array of pending (node, level) pairs that this function owns on the
 * heap: it grows with realloc as the tree gets deeper (the heap's limit is
 * all of memory, not RLIMIT_STACK), and it is freed on every return path.
 * This frame keeps the same size whatever the tree's shape.
 */
size_t walk_depth(const struct node *root)
{
	struct pending *todo;
	size_t cap = 64, top = 0, deepest = 0;

	if (!root)
		return 0;
	todo = malloc(cap * sizeof(*todo));
	if (!todo)
		return (size_t)-1;
	todo[top++] = (struct pending){ root, 1 };
	while (top > 0) {
		struct pending p = todo[--top];

		if (p.level > deepest)
			deepest = p.level;
		/* Room for both children before pushing either. */
		if (top + 2 > cap) {
			struct pending *bigger = realloc(todo, 2 * cap * sizeof(*todo));

			if (!bigger) {
				free(todo);
				return (size_t)-1;
			}
			todo = bigger;
			cap *= 2;
		}
		if (p.node->left)
			todo[top++] = (struct pending){ p.node->left, p.level + 1 };
		if (p.node->right)
			todo[top++] = (struct pending){ p.node->right, p.level + 1 };
	}
	free(todo);
	return deepest;
}

/*
 * walk_note_init - see walk.h.  The text used to live in this frame and
 * died with it; now the note owns a heap copy (implicit ownership,
 * documented in walk.h) that lives until walk_note_wipe frees it.
 */
void walk_note_init(struct walk_note *note, size_t depth)
{
	char text[32];

	note->depth = depth;
	snprintf(text, sizeof(text), "depth %zu", note->depth);
	note->text = strdup(text);   /* copied out of the frame before it dies */
}

/* walk_note_wipe - see walk.h.  Frees the owned text and forgets it, so a
 * second wipe frees NULL (a no-op) instead of freeing twice. */
void walk_note_wipe(struct walk_note *note)
{
	free((char *)note->text);
	note->text = NULL;
}

/*
 * walk_count_suffix - see walk.h.  One heap buffer serves every name: it
 * grows when a longer name comes and is freed once at the end, so the
 * frame is fixed (-fstack-usage: static) however many names there are.
 */
size_t walk_count_suffix(const char *const *names, size_t n, const char *suffix)
{
	size_t count = 0, slen = strlen(suffix), cap = 0;
	char *lower = NULL;

	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(names[i]);

		if (len + 1 > cap) {
			char *bigger = realloc(lower, len + 1);

			if (!bigger) {
				free(lower);
				return (size_t)-1;
			}
			lower = bigger;
			cap = len + 1;
		}
		for (size_t j = 0; j <= len; j++)
			lower[j] = (char)tolower((unsigned char)names[i][j]);
		if (len >= slen && strcasecmp(lower + len - slen, suffix) == 0)
			count++;
	}
	free(lower);
	return count;
}

/*
 * walk_in_worker - see walk.h.  The stack size is set explicitly: the
 * default follows RLIMIT_STACK (8 MiB here, 256 KiB under the grader), so
 * it is either wasteful or too small depending on who starts us.  The job's
 * need gets a quarter more as a margin, plus PTHREAD_STACK_MIN for the
 * thread's own start-up frames, thread-local storage and descriptor, which
 * glibc carves from the same block.
 */
int walk_in_worker(void *(*job)(void *), void *arg, size_t need, void **result)
{
	pthread_attr_t attr;
	pthread_t tid;
	int err;

	err = pthread_attr_init(&attr);
	if (err)
		return err;
	err = pthread_attr_setstacksize(&attr, need + need / 4 + PTHREAD_STACK_MIN);
	if (!err)
		err = pthread_create(&tid, &attr, job, arg);
	pthread_attr_destroy(&attr);
	if (err)
		return err;
	return pthread_join(tid, result);
}
