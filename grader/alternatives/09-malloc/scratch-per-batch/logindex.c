/*
 * logindex.c - an index of the words of a log, on glibc's malloc.
 * You edit this file.
 *
 * alternative: li_add first lowercases the whole batch into one scratch
 * block (an arena for the batch's temporaries), then posts from it
 *
 * What you will learn: what a malloc'd block really costs (its chunk, not
 * the bytes you asked for), why millions of tiny blocks waste most of the
 * memory they take, and why memory stays high after temporaries are freed
 * when long-lived blocks sit among them, and how to lay a program's memory
 * out so that glibc can give it back.
 *
 * The layout:
 *
 *   struct li_index: bucket[4096] -> struct key -> struct key ...
 *   struct key: word (inline), count, head -> [n cap | 4 lines] -> [n cap | 8 lines]
 *               -> ... -> [n cap | 4096 lines] -> [4096] ...        (tail: the last)
 *
 * Every block lives as long as the index; nothing is freed before
 * li_delete, so the heap has no holes for long-lived blocks to pin.
 * The batch's temporaries are one scratch block, freed before li_add returns.
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

enum {
	LI_BUCKETS = 4096,       /* the word table: a power of two */
	BLOCK_FIRST = 4,         /* line numbers in a word's first block */
	BLOCK_MAX = 4096,        /* ... doubling up to this (16 KiB) */
};

/* Many line numbers in one block: 4 bytes each, 8 of header per block. */
struct lines {
	struct lines *next;
	uint32_t n, cap;
	uint32_t line[];
};

/* A word and the lines that contain it, in one block with the word. */
struct key {
	struct key *next;              /* the next word in the same bucket */
	struct lines *head, *tail;     /* ascending line numbers */
	size_t count;
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
	struct lines *t;

	if (!k) {
		size_t n = strlen(word) + 1;
		size_t b = hash(word);

		k = mem_get(ix, sizeof(*k) + n);
		if (!k)
			return -1;
		memcpy(k->word, word, n);
		k->head = k->tail = NULL;
		k->count = 0;
		k->next = ix->bucket[b];
		ix->bucket[b] = k;
	}
	t = k->tail;
	if (t && t->line[t->n - 1] == line)
		return 0;   /* this line already listed the word */
	if (!t || t->n == t->cap) {
		/* A new block, twice the last one: few blocks per word, and
		 * at most half of the last block unused. */
		uint32_t cap = t ? (t->cap < BLOCK_MAX ? 2 * t->cap : BLOCK_MAX) : BLOCK_FIRST;
		struct lines *nb = mem_get(ix, sizeof(*nb) + cap * sizeof(nb->line[0]));

		if (!nb)
			return -1;
		nb->next = NULL;
		nb->n = 0;
		nb->cap = cap;
		if (t)
			t->next = nb;
		else
			k->head = nb;
		k->tail = t = nb;
	}
	t->line[t->n++] = line;
	k->count++;
	return 0;
}

int li_add(struct li_index *ix, uint32_t first_line, const char *text, size_t len)
{
	/* One temporary for the whole batch: the text, lowercased, every
	 * other byte a space.  A single block, freed at once, leaves at most
	 * one hole of the batch's size. */
	char *scratch = mem_get(ix, len + 1);
	uint32_t line = first_line;
	size_t at = 0;
	int ret = 0;

	if (!scratch)
		return -1;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];

		scratch[i] = c == '\n' ? '\n' : !is_word_char(c) ? ' ' :
		             c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	scratch[len] = '\0';
	while (at < len && ret == 0) {
		if (scratch[at] == '\n') {
			line++;
			at++;
		} else if (scratch[at] == ' ') {
			at++;
		} else {
			size_t start = at;
			char keep;

			while (at < len && scratch[at] != ' ' && scratch[at] != '\n')
				at++;
			/* cut the word in place: a '\0' after at most LI_WORD_MAX */
			keep = scratch[at - start > LI_WORD_MAX ? start + LI_WORD_MAX : at];
			scratch[at - start > LI_WORD_MAX ? start + LI_WORD_MAX : at] = '\0';
			if (post(ix, scratch + start, line) < 0)
				ret = -1;
			scratch[at - start > LI_WORD_MAX ? start + LI_WORD_MAX : at] = keep;
		}
	}
	mem_put(ix, scratch);
	if (ret)
		errno = ENOMEM;
	return ret;
}

size_t li_find(const struct li_index *ix, const char *word, uint32_t *lines, size_t max)
{
	const struct key *k = lookup(ix, word);
	size_t i = 0;

	if (!k)
		return 0;
	for (const struct lines *b = k->head; b && i < max; b = b->next)
		for (uint32_t j = 0; j < b->n && i < max; j++)
			lines[i++] = b->line[j];
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
			for (struct lines *l = k->head, *ln; l; l = ln) {
				ln = l->next;
				mem_put(ix, l);
			}
			mem_put(ix, k);
		}
	free(ix);
	*ixp = NULL;   /* the caller's pointer cannot dangle */
}
