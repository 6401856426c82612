/*
 * walk.h - the four functions you complete in walk.c (lab 06: the stack).
 *
 * This header is harness: the grader always uses its own copy.  Each
 * function below is one step of the handout; each has a stack problem in
 * the starter that the grader finds by running it under a small stack
 * limit, under AddressSanitizer, under memcheck and through -fstack-usage.
 */
#ifndef WALK_H
#define WALK_H

#include <stddef.h>

/* A binary tree node.  The harness builds the trees; the deepest are
 * chains of 200,000 to 1,000,000 nodes, which no recursion survives under
 * a small stack. */
struct node {
	struct node *left, *right;
};

/*
 * Step 1.  walk_depth - the number of nodes on the longest path from root
 * down to a leaf (0 for an empty tree, 1 for a lone node).
 * Must work on any shape, however deep, under a 256 KiB stack.
 * Returns (size_t)-1 if it runs out of memory.
 */
size_t walk_depth(const struct node *root);

/*
 * Step 2.  A note about a tree: its depth and a text, "depth N", kept
 * together in one object that the caller stores for as long as it likes.
 * Ownership: a note owns its text.  The text stays valid until
 * walk_note_wipe(note), whatever happens to the caller's stack meanwhile.
 */
struct walk_note {
	size_t depth;
	const char *text;         /* "depth N"; NULL once wiped */
};

/* walk_note_init - fill *note for a tree of the given depth (text
 * "depth 12" for 12); text is NULL if memory ran out. */
void walk_note_init(struct walk_note *note, size_t depth);

/* walk_note_wipe - release what *note owns and set text to NULL.
 * Safe to call twice, and on a note whose text is NULL. */
void walk_note_wipe(struct walk_note *note);

/*
 * Step 3.  walk_count_suffix - how many of names[0..n) end with suffix,
 * ignoring ASCII case ("Photo.JPG" ends with ".jpg").  Names may be of any
 * length; n may be large.  Returns (size_t)-1 if it runs out of memory.
 */
size_t walk_count_suffix(const char *const *names, size_t n, const char *suffix);

/*
 * Step 4.  walk_in_worker - run job(arg) in a new thread whose stack fits
 * the job, wait for it, and store what job returned in *result.
 * need: the most stack the job itself uses, counted from its first
 * line; the thread also needs room for its own start-up and bookkeeping.
 * Returns 0, or an error number from pthread_* (nothing was run then).
 */
int walk_in_worker(void *(*job)(void *), void *arg, size_t need, void **result);

#endif
