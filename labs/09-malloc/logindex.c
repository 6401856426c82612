/*
 * logindex.c - an index of the words of a log, on glibc's malloc.
 * You edit this file.
 *
 * What you will learn: what a malloc'd block really costs (its chunk, not
 * the bytes you asked for), why millions of tiny blocks waste most of the
 * memory they take, and why memory stays high after temporaries are freed
 * when long-lived blocks sit among them, and how to lay a program's memory
 * out so that glibc can give it back.
 *
 * What to edit: the four TODO steps below, in order (README.md, "Step N").
 * The interface is harness/logindex.h.  As shipped, the index gives the
 * right answers, with one malloc per line number it records and a heap
 * of temporaries under the data it keeps.
 *
 * Check your work: make grade LAB=09.  Measure it: build/09-malloc/logidx
 * Man pages: malloc(3), malloc_usable_size(3), mallinfo2(3), realloc(3).
 */
#include "logindex.h"

#include <errno.h>
#include <malloc.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { LI_BUCKETS = 4096 };   /* the word table: a power of two */

/* One line number in a word's list: a 4-byte fact in a 32-byte chunk. */
struct posting {
	struct posting *next;
	uint32_t line;
};

/* A word and the lines that contain it. */
struct key {
	struct key *next;              /* the next word in the same bucket */
	char *word;                    /* its own block, with its '\0' */
	struct posting *head, *tail;   /* ascending line numbers */
	size_t count;
};

struct li_index {
	struct key *bucket[LI_BUCKETS];
	size_t blocks, bytes;          /* what li_usage reports */
};

/* A line of the batch, cut into words (a temporary of li_add). */
struct pending {
	struct pending *next;
	uint32_t line;
	size_t nwords;
	char **words;
};

/*
 * mem_get, mem_put - every block the index allocates or frees goes through
 * these two, so that the index knows what it holds.
 *
 * TODO 1: measure.  Make mem_get count a block it hands out (ix->blocks
 * plus one, ix->bytes plus malloc_usable_size of it: the chunk's usable
 * bytes, not the n you asked for) and mem_put uncount it before it frees;
 * then li_usage (at the end of the file) reports the two counters.  When
 * it works, build/09-malloc/logidx prints how many blocks and bytes the
 * index holds: compare with the 4 bytes a line number needs.
 */
static void *mem_get(struct li_index *ix, size_t n)
{
	(void)ix;
	return malloc(n);
}

static void mem_put(struct li_index *ix, void *p)
{
	(void)ix;
	free(p);
}

/* hash - FNV-1a of a word: its bucket. */
static size_t hash(const char *word)
{
	uint32_t h = 2166136261u;

	while (*word)
		h = (h ^ (unsigned char)*word++) * 16777619u;
	return h & (LI_BUCKETS - 1);
}

static struct key *lookup(const struct li_index *ix, const char *word)
{
	for (struct key *k = ix->bucket[hash(word)]; k; k = k->next)
		if (strcmp(k->word, word) == 0)
			return k;
	return NULL;
}

struct li_index *li_new(void)
{
	struct li_index *ix = malloc(sizeof(*ix));

	memset(ix, 0, sizeof(*ix));
	ix->blocks = 0;   /* step 1: the index itself is a block it holds */
	return ix;
}

/* is_word_char - ASCII letters and digits make words. */
static bool is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* cut_line - the words of text[0 .. len), lowercased and cut to
 * LI_WORD_MAX bytes, each in a block of its own. */
static struct pending *cut_line(struct li_index *ix, uint32_t line, const char *text,
                                size_t len)
{
	struct pending *p = mem_get(ix, sizeof(*p));
	size_t at = 0;

	p->line = line;
	p->nwords = 0;
	p->words = mem_get(ix, (len / 2 + 1) * sizeof(*p->words));
	while (at < len) {
		size_t start, n;
		char *w;

		while (at < len && !is_word_char(text[at]))
			at++;
		start = at;
		while (at < len && is_word_char(text[at]))
			at++;
		if (at == start)
			break;
		n = at - start < LI_WORD_MAX ? at - start : LI_WORD_MAX;
		w = mem_get(ix, n + 1);
		for (size_t i = 0; i < n; i++) {
			char c = text[start + i];

			w[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
		}
		w[n] = '\0';
		p->words[p->nwords++] = w;
	}
	return p;
}

/* post - record that line contains word (once per line). */
static void post(struct li_index *ix, const char *word, uint32_t line)
{
	struct key *k = lookup(ix, word);
	struct posting *p;

	if (!k) {
		size_t n = strlen(word) + 1;
		size_t b = hash(word);

		k = mem_get(ix, sizeof(*k));
		k->word = mem_get(ix, n);
		memcpy(k->word, word, n);
		k->head = k->tail = NULL;
		k->count = 0;
		k->next = ix->bucket[b];
		ix->bucket[b] = k;
	}
	if (k->tail && k->tail->line == line)
		return;   /* this line already listed the word */
	p = mem_get(ix, sizeof(*p));
	p->next = NULL;
	p->line = line;
	if (k->tail)
		k->tail->next = p;
	else
		k->head = p;
	k->tail = p;
	k->count++;
}

/*
 * li_add - first cut every line of the batch into words, then post them.
 *
 * TODO 2: pack the line numbers.  A struct posting costs a 32-byte chunk
 * for a 4-byte number.  Keep each word's line numbers in blocks that hold
 * many of them (a block that grows, or a chain of blocks of growing
 * size), so that a million line numbers cost a few thousand allocations
 * and about 4 bytes each.  Change li_find and li_delete to match.  When
 * it works, logidx reports far fewer blocks, and bytes per line number
 * near 4.
 *
 * TODO 3: separate lifetimes.  The pending lines and their words are
 * temporaries, allocated before (and so below) the keys and line numbers
 * that stay; once they are freed, their memory is free but glibc cannot
 * give it back: live blocks sit above it, up to the top of the heap.
 * Keep temporaries off the heap the index lives on: cut and post one word
 * at a time through a buffer on the stack, or give the whole batch one
 * scratch block.  When it works, the heap logidx reports after the last
 * batch is close to what the index holds.
 *
 * TODO 4: fail cleanly.  Every mem_get may return NULL (with errno
 * ENOMEM).  Then li_add returns -1, frees its temporaries, and leaves
 * the index consistent (see logindex.h: earlier batches intact, no wrong
 * or repeated line number, nothing leaked); li_new returns NULL.  When it
 * works, the grader makes each allocation call fail in turn and sees no
 * crash and no leak.
 */
int li_add(struct li_index *ix, uint32_t first_line, const char *text, size_t len)
{
	struct pending *batch = NULL, **tail = &batch;
	uint32_t line = first_line;
	size_t at = 0;

	while (at < len) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t end = nl ? (size_t)(nl - text) : len;

		*tail = cut_line(ix, line++, text + at, end - at);
		tail = &(*tail)->next;
		*tail = NULL;
		at = end + 1;
	}
	for (struct pending *p = batch; p; p = p->next)
		for (size_t i = 0; i < p->nwords; i++)
			post(ix, p->words[i], p->line);
	while (batch) {
		struct pending *next = batch->next;

		for (size_t i = 0; i < batch->nwords; i++)
			mem_put(ix, batch->words[i]);
		mem_put(ix, batch->words);
		mem_put(ix, batch);
		batch = next;
	}
	return 0;
}

size_t li_find(const struct li_index *ix, const char *word, uint32_t *lines, size_t max)
{
	const struct key *k = lookup(ix, word);
	size_t i = 0;

	if (!k)
		return 0;
	for (const struct posting *p = k->head; p && i < max; p = p->next)
		lines[i++] = p->line;
	return k->count;
}

void li_usage(const struct li_index *ix, struct li_usage *u)
{
	(void)ix;
	u->blocks = 0;   /* step 1: report what mem_get and mem_put counted */
	u->bytes = 0;
}

void li_delete(struct li_index **ixp)
{
	struct li_index *ix = ixp ? *ixp : NULL;

	if (!ix)
		return;
	for (size_t b = 0; b < LI_BUCKETS; b++)
		for (struct key *k = ix->bucket[b], *next; k; k = next) {
			next = k->next;
			for (struct posting *p = k->head, *pn; p; p = pn) {
				pn = p->next;
				mem_put(ix, p);
			}
			mem_put(ix, k->word);
			mem_put(ix, k);
		}
	free(ix);
	*ixp = NULL;
}
