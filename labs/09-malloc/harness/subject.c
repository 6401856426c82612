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
 *   find WORD                  find WORD COUNT N L1 .. LN   (N = min(COUNT, 64))
 *   look WORD MAX              look WORD COUNT N L1 .. LN   (max MAX <= 64 lines,
 *                              N = min(COUNT, MAX); a line li_find did not
 *                              write reads 4294967295)
 *   text FIRST LEN HEX         text RET ERRNO  (li_add of the LEN bytes HEX
 *                              spells, lines numbered from FIRST)
 *   usage                      usage B U tally B2 U2
 *   sweep SEED BASE COUNT      for k = 1, 2, ...: a new index, lines [0, BASE)
 *                              added, the k-th allocation call of adding
 *                              [BASE, BASE + COUNT) made to fail, then every
 *                              word of those lines looked up, then delete:
 *                              sweep K RET ERRNO FIRED usage B U tally B2 U2 /
 *                              w WORD COUNT N L... /
 *                              swept K LIVE_BLOCKS; ends after the first k
 *                              whose failure did not fire
 *   sweepnew                   the same for li_new: sweepnew K ok|null ERRNO FIRED
 *   delete                     delete null|set, then deletes again and li_delete(NULL)
 *   heap                       heap ARENA MMAPPED INUSE (mallinfo2)
 *
 * Every buffer the student's code is handed ends where an inaccessible page
 * begins: li_add's text (its last byte is the page's last), li_find's lines
 * (max entries, then the page).  A read or write one byte past what the
 * contract allows stops the run with SIGSEGV, natively too, however the
 * bytes beyond would have looked (memcheck and ASan name the line).
 */
#include <errno.h>
#include <inttypes.h>
#include <malloc.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "loggen.h"
#include "logindex.h"
#include "tally.h"

enum { MAX_LINES = 40000, FIND_SHOW = 64, MAX_SWEEP = 200000 };
#define UNWRITTEN UINT32_MAX   /* what li_find's lines hold before the call */

static char text[(size_t)MAX_LINES * LG_LINE_MAX];
static uint32_t found[1 << 22];
static struct li_index *ix;
static char *guard;   /* the first byte of an inaccessible page */

/* guard_init - a region as big as text, followed by a PROT_NONE page.
 * mmap, not malloc: the heap the judge measures stays the student's. */
static void guard_init(void)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t size = (sizeof(text) + page - 1) / page * page;
	char *p = mmap(NULL, size + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED || mprotect(p + size, page, PROT_NONE) != 0) {
		printf("harness: no guarded region\n");
		exit(3);
	}
	guard = p + size;
}

/* guarded - src[0 .. len) copied to end where the guard page begins. */
static const char *guarded(const char *src, size_t len)
{
	return memcpy(guard - len, src, len);
}

/* guarded_lines - room for exactly max line numbers before the guard
 * page, each set to UNWRITTEN. */
static uint32_t *guarded_lines(size_t max)
{
	uint32_t *lines = (uint32_t *)(void *)(guard - max * sizeof(*lines));

	for (size_t i = 0; i < max; i++)
		lines[i] = UNWRITTEN;
	return lines;
}

/* make_text_at - lines [first, first + count) of seed's log at out (at
 * most MAX_LINES lines in all of text); returns their length. */
static size_t make_text_at(char *out, uint64_t seed, uint32_t first, uint32_t count)
{
	size_t len = 0, room = (size_t)(text + sizeof(text) - out) / LG_LINE_MAX;

	for (uint32_t i = 0; i < count && i < room; i++)
		len += lg_line(seed, first + i, out + len);
	return len;
}

/* make_text - lines [first, first + count) of seed's log into text. */
static size_t make_text(uint64_t seed, uint32_t first, uint32_t count)
{
	return make_text_at(text, seed, first, count);
}


static void op_add(uint64_t seed, uint32_t first, uint32_t count)
{
	size_t len = make_text(seed, first, count), held;
	int ret, err;

	errno = 0;
	ret = li_add(ix, first, guarded(text, len), len);
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

/* put_u - the decimal digits of v at out; returns how many.  printf's
 * cost, times the sweep's 15,000 lines, was most of the run under memcheck. */
static size_t put_u(char *out, uint64_t v)
{
	char digits[20];
	size_t n = 0;

	do
		digits[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	for (size_t i = 0; i < n; i++)
		out[i] = digits[n - 1 - i];
	return n;
}

static void op_find(const char *tag, const char *word, size_t max)
{
	static char out[16 + 2 * (LI_WORD_MAX + 1) + 2 * 20 + FIND_SHOW * 11 + 2];
	uint32_t *lines = guarded_lines(max);
	size_t count = li_find(ix, word, lines, max), n = 0, tl = strlen(tag), wl = strlen(word);

	/* One line, written whole (stdout is line-buffered). */
	memcpy(out, tag, tl);
	n = tl;
	out[n++] = ' ';
	memcpy(out + n, word, wl);
	n += wl;
	out[n++] = ' ';
	n += put_u(out + n, count);
	out[n++] = ' ';
	n += put_u(out + n, count < max ? count : max);
	for (size_t i = 0; i < count && i < max; i++) {
		out[n++] = ' ';
		n += put_u(out + n, lines[i]);
	}
	out[n++] = '\n';
	fwrite(out, 1, n, stdout);
}

/* op_text - li_add of the bytes that hex spells (2 digits each). */
static void op_text(uint32_t first, size_t len, const char *hex)
{
	int ret, err;

	if (len > sizeof(text) || strspn(hex, "0123456789abcdef") < 2 * len) {
		printf("text malformed\n");
		return;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned byte = 0;

		sscanf(hex + 2 * i, "%2x", &byte);
		text[i] = (char)byte;
	}
	errno = 0;
	ret = li_add(ix, first, guarded(text, len), len);
	err = errno;
	printf("text %d %d\n", ret, ret ? err : 0);
}

/* The distinct words of a sweep's text, in order of first appearance:
 * the same for every k, so found once (a small batch: a quadratic check
 * for repeats is fine). */
static char sweep_word[4096][LI_WORD_MAX + 1];
static size_t sweep_words;

static void find_words(size_t len)
{
	size_t at = 0;
	char word[LI_WORD_MAX + 1];

	sweep_words = 0;
	while (at < len) {
		if (text[at] == '\n') {
			at++;
			continue;
		}
		if (lg_next_word(text, len, &at, word, LI_WORD_MAX) == 0)
			continue;
		bool dup = false;

		for (size_t i = 0; i < sweep_words && !dup; i++)
			dup = strcmp(sweep_word[i], word) == 0;
		if (!dup && sweep_words < sizeof(sweep_word) / sizeof(sweep_word[0]))
			memcpy(sweep_word[sweep_words++], word, sizeof(word));
	}
}

static void op_sweep(uint64_t seed, uint32_t base, uint32_t count)
{
	/* text holds lines [0, base), then [base, base + count): made once. */
	size_t base_len = make_text(seed, 0, base);
	size_t all_len = base_len + make_text_at(text + base_len, seed, base, count);

	find_words(all_len);
	for (size_t k = 1; k <= MAX_SWEEP; k++) {
		struct li_usage u = { 0, 0 };
		int ret, err;
		bool fired;

		ix = li_new();
		if (!ix) {
			printf("sweep %zu setup-failed\n", k);
			return;
		}
		if (li_add(ix, 0, guarded(text, base_len), base_len) != 0) {
			printf("sweep %zu setup-failed\n", k);
			li_delete(&ix);
			return;
		}
		tally_fail_at(k);
		errno = 0;
		ret = li_add(ix, base, guarded(text + base_len, all_len - base_len), all_len - base_len);
		err = errno;
		fired = tally_fired();
		tally_fail_at(0);
		li_usage(ix, &u);
		printf("sweep %zu %d %d %d usage %zu %zu tally %zu %zu\n", k, ret, ret ? err : 0, fired,
		       u.blocks, u.bytes, tally.live_blocks, tally.live_bytes);
		for (size_t i = 0; i < sweep_words; i++)
			op_find("w", sweep_word[i], FIND_SHOW);
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
	static char line[8192];
	char word[LI_WORD_MAX + 2];
	uint64_t seed;
	uint32_t a, b;
	size_t n;
	int at;

	/* Line by line, so that a crash leaves every earlier observation. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	guard_init();
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
			op_find("find", word, FIND_SHOW);
		} else if (sscanf(line, "look %33s %zu", word, &n) == 2 && n <= FIND_SHOW) {
			op_find("look", word, n);
		} else if (sscanf(line, "text %" SCNu32 " %zu %n", &a, &n, &at) == 2) {
			op_text(a, n, line + at);
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
