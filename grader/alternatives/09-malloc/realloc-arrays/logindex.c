/*
 * logindex.c - an index of the words of a log, on glibc's malloc.
 * You edit this file.
 *
 * alternative: each word's line numbers in one array that realloc doubles
 * (old arrays are freed as it grows: holes the next arrays reuse)
 *
 * What you will learn: what a malloc'd block really costs (its chunk, not
 * the bytes you asked for), why millions of tiny blocks waste most of the
 * memory they take, and why memory stays high after temporaries are freed
 * when long-lived blocks sit among them, and how to lay a program's memory
 * out so that glibc can give it back.
 *
 * The layout: bucket[4096] -> struct key (word inline) -> its array of
 * line numbers.  Words are cut into a buffer on the stack.
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

/* A word and the lines that contain it: the word in the key's block. */
struct key {
	struct key *next;              /* the next word in the same bucket */
	uint32_t *line;                /* ascending line numbers, a realloc'd array */
	size_t count, cap;
	char word[];                   /* with its '\0' */
};

struct li_index {
	struct key *bucket[LI_BUCKETS];
	size_t blocks, bytes;          /* what li_usage reports */
};

/*
 * mem_get, mem_put - every block the index allocates or frees goes through
 * these two.  They count the chunk's usable bytes, not the request: that
 * is what the block really takes from the heap (plus its size field).
 */
static void *mem_get(struct li_index *ix, size_t n)
{
	void *p = malloc(n);

	if (p) {
		ix->blocks++;
		ix->bytes += malloc_usable_size(p);
	}
	return p;
}

/* mem_grow - realloc through the counters: the old block's usable size
 * leaves them, the new one's enters. */
static void *mem_grow(struct li_index *ix, void *p, size_t n)
{
	size_t before = p ? malloc_usable_size(p) : 0;
	void *q = realloc(p, n);

	if (q) {
		ix->bytes += malloc_usable_size(q) - before;
		if (!p)
			ix->blocks++;
	}
	return q;
}

static void mem_put(struct li_index *ix, void *p)
{
	if (!p)
		return;
	ix->blocks--;
	ix->bytes -= malloc_usable_size(p);
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

	if (!ix)
		return NULL;   /* errno is ENOMEM already */
	memset(ix, 0, sizeof(*ix));
	/* The index itself is the first block it holds. */
	ix->blocks = 1;
	ix->bytes = malloc_usable_size(ix);
	return ix;
}

/* is_word_char - ASCII letters and digits make words. */
static bool is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/*
 * post - record that line contains word (once per line).  Returns 0, or
 * -1 when a block could not be had: then nothing was recorded (a new key
 * may stay, with no lines: a true answer, count 0).
 */
static int post(struct li_index *ix, const char *word, uint32_t line)
{
	struct key *k = lookup(ix, word);

	if (!k) {
		size_t n = strlen(word) + 1;
		size_t b = hash(word);

		k = mem_get(ix, sizeof(*k) + n);
		if (!k)
			return -1;
		memcpy(k->word, word, n);
		k->line = NULL;
		k->count = k->cap = 0;
		k->next = ix->bucket[b];
		ix->bucket[b] = k;
	}
	if (k->count && k->line[k->count - 1] == line)
		return 0;   /* this line already listed the word */
	if (k->count == k->cap) {
		size_t cap = k->cap ? 2 * k->cap : 4;
		uint32_t *grown = mem_grow(ix, k->line, cap * sizeof(*grown));

		if (!grown)
			return -1;   /* realloc failed: the old array is intact */
		k->line = grown;
		k->cap = cap;
	}
	k->line[k->count++] = line;
	return 0;
}

int li_add(struct li_index *ix, uint32_t first_line, const char *text, size_t len)
{
	/* The only temporary: one word, on the stack.  Nothing li_add makes
	 * outlives it on the heap, so nothing is left to pin the heap. */
	char word[LI_WORD_MAX + 1];
	uint32_t line = first_line;
	size_t at = 0;

	while (at < len) {
		if (text[at] == '\n') {
			line++;
			at++;
		} else if (!is_word_char(text[at])) {
			at++;
		} else {
			size_t n = 0;

			for (; at < len && is_word_char(text[at]); at++) {
				char c = text[at];

				if (n < LI_WORD_MAX)
					word[n++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
			}
			word[n] = '\0';
			/* On failure every line before this one is recorded in
			 * full: the promise of logindex.h holds as is. */
			if (post(ix, word, line) < 0) {
				errno = ENOMEM;
				return -1;
			}
		}
	}
	return 0;
}

size_t li_find(const struct li_index *ix, const char *word, uint32_t *lines, size_t max)
{
	const struct key *k = lookup(ix, word);
	size_t i = 0;

	if (!k)
		return 0;
	for (; i < k->count && i < max; i++)
		lines[i] = k->line[i];
	return k->count;
}

void li_usage(const struct li_index *ix, struct li_usage *u)
{
	u->blocks = ix->blocks;
	u->bytes = ix->bytes;
}

void li_delete(struct li_index **ixp)
{
	struct li_index *ix = ixp ? *ixp : NULL;

	if (!ix)
		return;
	for (size_t b = 0; b < LI_BUCKETS; b++)
		for (struct key *k = ix->bucket[b], *next; k; k = next) {
			next = k->next;
			mem_put(ix, k->line);
			mem_put(ix, k);
		}
	free(ix);
	*ixp = NULL;   /* the caller's pointer cannot dangle */
}
