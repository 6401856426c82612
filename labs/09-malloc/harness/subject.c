/*
 * subject.c - lab 09's stub: runs a script of operations on the student's
 * index and prints what happened.  It decides nothing (the judge does).
 *
 * Linked with logindex.c, loggen.c and tally.c (malloc & co. wrapped).
 * Reads one operation a line on stdin, prints one observation a line:
 *
 *   new                        new ok | new null ERRNO
 *   add SEED FIRST COUNT       add RET ERRNO calls C live B U heap HELD PEAK
 *                              (lines FIRST.. of SEED's log, one li_add call;
 *                              HELD: mallinfo2's arena + hblkhd after it,
 *                              PEAK: the most seen so far, see tally.h)
 *   digest WORD                digest WORD COUNT HASH   (all its lines, FNV-1a)
 *   find WORD                  find WORD COUNT N L1 .. LN   (N <= 64)
 *   usage                      usage B U tally B2 U2
 *   sweep SEED BASE COUNT      for k = 1, 2, ...: a new index, lines [0, BASE)
 *                              added, the k-th allocation call of adding
 *                              [BASE, BASE + COUNT) made to fail, then every
 *                              word of those lines looked up, then delete:
 *                              sweep K RET ERRNO FIRED / w WORD COUNT N L... /
 *                              swept K LIVE_BLOCKS; ends after the first k
 *                              whose failure did not fire
 *   sweepnew                   the same for li_new: sweepnew K ok|null ERRNO FIRED
 *   delete                     delete null|set, then deletes again and li_delete(NULL)
 *   heap                       heap ARENA MMAPPED INUSE (mallinfo2)
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

enum { MAX_LINES = 40000, FIND_SHOW = 64, MAX_SWEEP = 200000 };

static char text[(size_t)MAX_LINES * LG_LINE_MAX];
static uint32_t found[1 << 22];
static struct li_index *ix;

/* make_text - lines [first, first + count) of seed's log into text. */
static size_t make_text(uint64_t seed, uint32_t first, uint32_t count)
{
	size_t len = 0;

	for (uint32_t i = 0; i < count && i < MAX_LINES; i++)
		len += lg_line(seed, first + i, text + len);
	return len;
}


static void op_add(uint64_t seed, uint32_t first, uint32_t count)
{
	size_t len = make_text(seed, first, count), held;
	int ret, err;

	errno = 0;
	ret = li_add(ix, first, text, len);
	err = errno;
	held = tally_sample();
	printf("add %d %d calls %zu live %zu %zu heap %zu %zu\n", ret, ret ? err : 0,
	       tally.calls, tally.live_blocks, tally.live_bytes, held, tally.heap_peak);
}

static void op_digest(const char *word)
{
	size_t count = li_find(ix, word, found, sizeof(found) / sizeof(found[0]));
	size_t n = count < sizeof(found) / sizeof(found[0]) ? count : sizeof(found) / sizeof(found[0]);
	uint64_t h = 14695981039346656037u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ found[i]) * 1099511628211u;
	printf("digest %s %zu %016" PRIx64 "\n", word, count, h);
}

static void op_find(const char *tag, const char *word)
{
	size_t count = li_find(ix, word, found, FIND_SHOW);

	printf("%s %s %zu %zu", tag, word, count, count < FIND_SHOW ? count : (size_t)FIND_SHOW);
	for (size_t i = 0; i < count && i < FIND_SHOW; i++)
		printf(" %" PRIu32, found[i]);
	printf("\n");
}

/* find_all - look up every word of text[0 .. len), once each in order of
 * first appearance (a small batch: a quadratic check for repeats is fine). */
static void find_all(size_t len)
{
	static char seen[4096][LI_WORD_MAX + 1];
	size_t nseen = 0, at = 0;
	char word[LI_WORD_MAX + 1];

	while (at < len) {
		if (text[at] == '\n') {
			at++;
			continue;
		}
		if (lg_next_word(text, len, &at, word, LI_WORD_MAX) == 0)
			continue;
		bool dup = false;

		for (size_t i = 0; i < nseen && !dup; i++)
			dup = strcmp(seen[i], word) == 0;
		if (dup || nseen == sizeof(seen) / sizeof(seen[0]))
			continue;
		memcpy(seen[nseen++], word, sizeof(word));
		op_find("w", word);
	}
}

static void op_sweep(uint64_t seed, uint32_t base, uint32_t count)
{
	for (size_t k = 1; k <= MAX_SWEEP; k++) {
		size_t len;
		int ret, err;
		bool fired;

		ix = li_new();
		if (!ix) {
			printf("sweep %zu setup-failed\n", k);
			return;
		}
		len = make_text(seed, 0, base);
		if (li_add(ix, 0, text, len) != 0) {
			printf("sweep %zu setup-failed\n", k);
			li_delete(&ix);
			return;
		}
		len = make_text(seed, base, count);
		tally_fail_at(k);
		errno = 0;
		ret = li_add(ix, base, text, len);
		err = errno;
		fired = tally_fired();
		tally_fail_at(0);
		printf("sweep %zu %d %d %d\n", k, ret, ret ? err : 0, fired);
		len = make_text(seed, 0, base + count);
		find_all(len);
		li_delete(&ix);
		printf("swept %zu %zu\n", k, tally.live_blocks);
		if (!fired)
			return;
	}
}

static void op_sweepnew(void)
{
	for (size_t k = 1; k <= MAX_SWEEP; k++) {
		bool fired;
		int err;

		tally_fail_at(k);
		errno = 0;
		ix = li_new();
		err = errno;
		fired = tally_fired();
		tally_fail_at(0);
		printf("sweepnew %zu %s %d %d\n", k, ix ? "ok" : "null", ix ? 0 : err, fired);
		li_delete(&ix);
		if (!fired)
			return;
	}
}

int main(void)
{
	char line[256], word[LI_WORD_MAX + 2];
	uint64_t seed;
	uint32_t a, b;

	/* Line by line, so that a crash leaves every earlier observation. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	while (fgets(line, sizeof(line), stdin)) {
		if (strcmp(line, "new\n") == 0) {
			errno = 0;
			ix = li_new();
			if (ix)
				printf("new ok\n");
			else
				printf("new null %d\n", errno);
		} else if (sscanf(line, "add %" SCNu64 " %" SCNu32 " %" SCNu32, &seed, &a, &b) == 3) {
			op_add(seed, a, b);
		} else if (sscanf(line, "digest %33s", word) == 1) {
			op_digest(word);
		} else if (sscanf(line, "find %33s", word) == 1) {
			op_find("find", word);
		} else if (strcmp(line, "usage\n") == 0) {
			struct li_usage u = { 0, 0 };

			li_usage(ix, &u);
			printf("usage %zu %zu tally %zu %zu\n", u.blocks, u.bytes, tally.live_blocks,
			       tally.live_bytes);
		} else if (sscanf(line, "sweep %" SCNu64 " %" SCNu32 " %" SCNu32, &seed, &a, &b) == 3) {
			op_sweep(seed, a, b);
		} else if (strcmp(line, "sweepnew\n") == 0) {
			op_sweepnew();
		} else if (strcmp(line, "delete\n") == 0) {
			li_delete(&ix);
			printf("delete %s\n", ix ? "set" : "null");
			li_delete(&ix);
			li_delete(NULL);
		} else if (strcmp(line, "heap\n") == 0) {
			struct mallinfo2 mi = mallinfo2();

			printf("heap %zu %zu %zu\n", mi.arena, mi.hblkhd, mi.uordblks);
		} else {
			printf("unknown operation\n");
		}
	}
	return 0;
}
