/*
 * logindex.h - an index of the words of a log (lab 09).  You implement it
 * in logindex.c; the harness and the grader only use what is declared here.
 *
 * The index maps each word to the numbers of the lines that contain it,
 * in ascending order.  A word is a maximal run of ASCII letters and digits,
 * lowercased, and cut to its first LI_WORD_MAX bytes; a line lists a word
 * once however often it contains it.  Lines are separated by '\n'.
 *
 *   "10:42:07 web3 sshd[812]: Accepted password for Alice"   (line 7)
 *     -> "10" "42" "07" "web3" "sshd" "812" "accepted" "password" "for" "alice"
 *        each get 7 appended to their list
 *
 * Memory contract (what the grader measures, see README.md):
 * - the index owns every block it allocates, until li_delete;
 * - li_usage reports exactly those blocks, and the sum of their
 *   malloc_usable_size;
 * - temporaries made while adding a batch are freed before li_add returns.
 */
#ifndef LOGINDEX_H
#define LOGINDEX_H

#include <stddef.h>
#include <stdint.h>

enum { LI_WORD_MAX = 32 };   /* longer words are cut to their first 32 bytes */

struct li_index;   /* yours to define, in logindex.c */

/* What the index holds on the heap right now. */
struct li_usage {
	size_t blocks;   /* live blocks it allocated and has not freed */
	size_t bytes;    /* the sum of malloc_usable_size over those blocks */
};

/*
 * li_new - an empty index.  Returns NULL with errno == ENOMEM when memory
 * runs out (and then holds nothing).
 */
struct li_index *li_new(void);

/*
 * li_add - index the len bytes of text: its lines are numbered first_line,
 * first_line + 1, ... (a last line without '\n' counts; an empty line has
 * no words).  Callers pass batches in ascending order of line numbers.
 * Returns 0, or -1 with errno == ENOMEM when memory runs out: then every
 * earlier batch is still indexed exactly, the lines of this batch may be
 * indexed in part (never a wrong or repeated line number), nothing leaks,
 * and the index accepts later batches.
 */
int li_add(struct li_index *ix, uint32_t first_line, const char *text, size_t len);

/*
 * li_find - how many lines contain word (already lowercase, at most
 * LI_WORD_MAX bytes); the first min(count, max) line numbers, ascending,
 * are copied to lines.  An unknown word has count 0.
 */
size_t li_find(const struct li_index *ix, const char *word, uint32_t *lines, size_t max);

/* li_usage - fill *u with what the index holds on the heap (see above). */
void li_usage(const struct li_index *ix, struct li_usage *u);

/*
 * li_delete - free the index and everything it holds, and set *ixp to NULL.
 * Accepts NULL and a pointer to NULL (does nothing): calling it twice is safe.
 */
void li_delete(struct li_index **ixp);

#endif
