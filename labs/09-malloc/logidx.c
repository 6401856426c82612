/*
 * logidx.c - measure the log index of lab 09 (your logindex.c).
 *
 *   build/09-malloc/logidx [LINES [BATCH]]
 *
 * Indexes LINES lines (default 100,000) of the lab's generated log, BATCH
 * lines per li_add (default 25,000), and prints after each batch what the
 * index says it holds (li_usage), what the allocator saw (the calls and
 * the live blocks, counted by harness/tally.c around malloc and free), and
 * the heap glibc holds for the process (mallinfo2: arena from brk,
 * mmapped).  Then the figure that matters: bytes per line number, against
 * the 4 a line number needs.  Harness code: you do not edit it.
 */
#include <errno.h>
#include <inttypes.h>
#include <malloc.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loggen.h"
#include "logindex.h"
#include "tally.h"

enum { SLOTS = 1 << 16, MAX_BATCH = 50000 };

static char text[(size_t)MAX_BATCH * LG_LINE_MAX];
static char words[SLOTS][LI_WORD_MAX + 1];   /* the distinct words seen */
static size_t distinct;

/* remember - add word to the set of distinct words (open addressing). */
static void remember(const char *word)
{
	uint32_t h = 2166136261u;

	for (const char *c = word; *c; c++)
		h = (h ^ (unsigned char)*c) * 16777619u;
	for (size_t i = h & (SLOTS - 1);; i = (i + 1) & (SLOTS - 1)) {
		if (!words[i][0]) {
			if (distinct < SLOTS - 1) {
				strcpy(words[i], word);
				distinct++;
			}
			return;
		}
		if (strcmp(words[i], word) == 0)
			return;
	}
}

/* count_postings - line numbers the batch adds: each word once per line. */
static size_t count_postings(size_t len)
{
	char line_words[64][LI_WORD_MAX + 1], word[LI_WORD_MAX + 1];
	size_t n = 0, at = 0, in_line = 0;

	while (at < len) {
		if (text[at] == '\n') {
			in_line = 0;
			at++;
			continue;
		}
		if (lg_next_word(text, len, &at, word, LI_WORD_MAX) == 0)
			continue;
		bool dup = false;

		for (size_t i = 0; i < in_line && !dup; i++)
			dup = strcmp(line_words[i], word) == 0;
		if (dup)
			continue;
		if (in_line < 64)
			strcpy(line_words[in_line++], word);
		remember(word);
		n++;
	}
	return n;
}

int main(int argc, char **argv)
{
	unsigned long lines = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
	unsigned long batch = argc > 2 ? strtoul(argv[2], NULL, 10) : 25000;
	struct li_index *ix;
	struct li_usage u = { 0, 0 };
	struct mallinfo2 mi = mallinfo2();
	size_t postings = 0;

	if (argc > 3 || lines == 0 || lines > 10000000 || batch == 0 || batch > MAX_BATCH) {
		fprintf(stderr, "usage: %s [LINES (1..10000000) [BATCH (1..%d)]]\n", argv[0],
		        MAX_BATCH);
		return 2;
	}
	ix = li_new();
	if (!ix) {
		perror("li_new");
		return 1;
	}
	printf("logidx: %lu lines of the lab's log, %lu per li_add\n", lines, batch);
	printf("%-9s %12s %12s %12s %12s %12s %12s\n", "lines", "calls", "index blocks",
	       "index KiB", "malloc saw", "heap KiB", "mmapped KiB");
	for (unsigned long first = 0; first < lines; first += batch) {
		uint32_t count = (uint32_t)(lines - first < batch ? lines - first : batch);
		size_t len = 0;

		for (uint32_t i = 0; i < count; i++)
			len += lg_line(1, (uint32_t)first + i, text + len);
		postings += count_postings(len);
		if (li_add(ix, (uint32_t)first, text, len) != 0) {
			printf("li_add failed at line %lu: %s\n", first, strerror(errno));
			break;
		}
		li_usage(ix, &u);
		mi = mallinfo2();
		printf("%-9lu %12zu %12zu %12zu %12zu %12zu %12zu\n", first + count, tally.calls,
		       u.blocks, u.bytes / 1024, tally.live_bytes / 1024, mi.arena / 1024,
		       mi.hblkhd / 1024);
	}
	printf("line numbers recorded: %zu (%zu KiB at 4 bytes each); distinct words: %zu\n",
	       postings, postings * 4 / 1024, distinct);
	if (u.blocks != tally.live_blocks || u.bytes != tally.live_bytes)
		printf("li_usage says %zu blocks, %zu bytes; malloc saw %zu blocks, %zu bytes live "
		       "(step 1 makes them agree)\n", u.blocks, u.bytes, tally.live_blocks,
		       tally.live_bytes);
	printf("the index takes %.1f bytes per line number, in %zu blocks\n",
	       (double)tally.live_bytes / (double)(postings ? postings : 1), tally.live_blocks);
	printf("the heap glibc holds after the last batch: %.2f times what the index holds\n",
	       (double)(mi.arena + mi.hblkhd) / (double)(tally.live_bytes ? tally.live_bytes : 1));
	{
		uint32_t some[5];
		size_t n = li_find(ix, "alice", some, 5);

		printf("li_find(\"alice\"): %zu lines, the first:", n);
		for (size_t i = 0; i < n && i < 5; i++)
			printf(" %" PRIu32, some[i]);
		printf("\n");
	}
	li_delete(&ix);
	mi = mallinfo2();
	printf("after li_delete: heap %zu KiB, mmapped %zu KiB, still live %zu blocks\n",
	       mi.arena / 1024, mi.hblkhd / 1024, tally.live_blocks);
	return 0;
}
