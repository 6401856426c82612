/*
 * alternative: walk_depth walks depth-first keeping only the nodes still to visit and the level each path is at (two calloc'd arrays grown by half again); the note measures its text with snprintf(NULL, 0) and mallocs exactly that; walk_count_suffix lowers the suffix once into a heap copy and compares each name's tail byte by byte; the worker's stack is rounded up to whole pages of sysconf's size
 */
/*
 * walk.c - lab 06, another correct answer: two arrays, a measured copy, one lowered suffix, pages.
 *
 * What you will learn: the stack is a small, per-thread pool with a hard
 * limit; its memory belongs to the running call and dies with it.
 *
 * You edit this file, and only this one, one TODO at a time (TODO n is step n of
 * labs/06-stack/README.md).  Check your work with:  make grade LAB=06
 */
#include "walk.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* grow - make room for at least want entries of size bytes in *arr
 * (capacity *cap); false (and *arr untouched) if realloc failed. */
static int grow(void **arr, size_t *cap, size_t want, size_t size)
{
	size_t bigger = *cap + *cap / 2 + 8;
	void *p;

	if (want <= *cap)
		return 1;
	if (bigger < want)
		bigger = want;
	p = realloc(*arr, bigger * size);
	if (!p)
		return 0;
	*arr = p;
	*cap = bigger;
	return 1;
}

/*
 * walk_depth - see walk.h.  Right child pushed first, so the left subtree
 * is walked first; nodes[] and levels[] are parallel arrays on the heap.
 */
size_t walk_depth(const struct node *root)
{
	const struct node **nodes;
	size_t *levels, ncap = 16, lcap = 16, top = 0, best = 0;

	if (!root)
		return 0;
	nodes = calloc(ncap, sizeof(*nodes));
	levels = calloc(lcap, sizeof(*levels));
	if (!nodes || !levels)
		goto fail;
	nodes[top] = root;
	levels[top++] = 1;
	while (top) {
		const struct node *n = nodes[--top];
		size_t level = levels[top];

		if (level > best)
			best = level;
		if (!grow((void **)&nodes, &ncap, top + 2, sizeof(*nodes)) ||
		    !grow((void **)&levels, &lcap, top + 2, sizeof(*levels)))
			goto fail;
		if (n->right) {
			nodes[top] = n->right;
			levels[top++] = level + 1;
		}
		if (n->left) {
			nodes[top] = n->left;
			levels[top++] = level + 1;
		}
	}
	free(nodes);
	free(levels);
	return best;
fail:
	free(nodes);
	free(levels);
	return (size_t)-1;
}

/* walk_note_init - see walk.h.  snprintf(NULL, 0) says how long the text
 * is; the note owns a heap block of exactly that. */
void walk_note_init(struct walk_note *note, size_t depth)
{
	int len = snprintf(NULL, 0, "depth %zu", depth);
	char *text = len < 0 ? NULL : malloc((size_t)len + 1);

	note->depth = depth;
	if (text)
		snprintf(text, (size_t)len + 1, "depth %zu", depth);
	note->text = text;
}

/* walk_note_wipe - see walk.h. */
void walk_note_wipe(struct walk_note *note)
{
	if (note->text) {
		free((void *)note->text);
		note->text = NULL;
	}
}

/* walk_count_suffix - see walk.h.  One lowered copy of the suffix; each
 * name's tail is compared in place, one byte at a time. */
size_t walk_count_suffix(const char *const *names, size_t n, const char *suffix)
{
	size_t slen = strlen(suffix), count = 0;
	char *low = malloc(slen + 1);

	if (!low)
		return (size_t)-1;
	for (size_t j = 0; j <= slen; j++)
		low[j] = (char)tolower((unsigned char)suffix[j]);
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(names[i]), j = 0;
		const char *tail = names[i] + len - slen;

		if (len < slen)
			continue;
		while (j < slen && tolower((unsigned char)tail[j]) == low[j])
			j++;
		count += j == slen;
	}
	free(low);
	return count;
}

/*
 * walk_in_worker - see walk.h.  need, half again as margin, and
 * PTHREAD_STACK_MIN, rounded up to whole pages (whatever their size).
 */
int walk_in_worker(void *(*job)(void *), void *arg, size_t need, void **result)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t size = (need + need / 2 + PTHREAD_STACK_MIN + page - 1) / page * page;
	pthread_attr_t attr;
	pthread_t tid;
	int err = pthread_attr_init(&attr);

	if (err)
		return err;
	err = pthread_attr_setstacksize(&attr, size);
	if (err) {
		pthread_attr_destroy(&attr);
		return err;
	}
	err = pthread_create(&tid, &attr, job, arg);
	pthread_attr_destroy(&attr);
	return err ? err : pthread_join(tid, result);
}
