/*
 * judge.c - lab 09's judge: writes the scripts the subject runs on the
 * student's log index, builds the index itself from the same log, and
 * decides from the subject's observations which properties hold.
 *
 * Never linked with the student's code (common/judge/judge.h).  Runs:
 *   big  natively: 4 batches of 25,000 lines, li_usage after each, then
 *        every word's digest; the memory figures come from here
 *   mc   small, under memcheck (and natively under AddressSanitizer as
 *        asan): every operation, the boundary batches (below), then every
 *        allocation call of li_new and of li_add made to fail in turn
 *        ("sweepnew", "sweep")
 *
 * The log's lines all end in '\n', and its words are few: the boundary
 * batches are texts the judge writes itself, to the letter of logindex.h
 * (upper case A to Z, the bytes just outside the letter and digit ranges,
 * words of 31, 32, 33 and 40 bytes, bytes >= 0x80, a last line without
 * '\n', an empty batch, line numbers above 2^31), then looked up with
 * max 0, 1, the count and 64.  The subject hands them to li_add ending at
 * an inaccessible page, so a read past len is a crash, not a silent byte.
 *
 * The memory bounds are derived from the workload, not from one glibc:
 * L = 4 bytes per line number recorded + every distinct word with its
 * '\0' (what the facts take), K = the distinct words.  The reference sits
 * near half of each bound on glibc 2.36 and 2.41; the starter and the
 * likely half-done versions at 1.5 to 6 times them (see README.md).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "judge.h"
#include "loggen.h"

#define ENOMEM_ 12                 /* errno's ENOMEM on Linux */
#define LI_WORD_MAX 32             /* harness/logindex.h (not included: it is the student's API) */
#define BIG_BATCHES 4
#define BIG_BATCH 25000
#define MC_BATCH 20
#define SWEEP_BASE 10
#define SWEEP_COUNT 10
#define KIB 1024
#define UNWRITTEN 4294967295u      /* what the subject puts in li_find's lines first */

const struct jg_property jg_properties[] = {
	{ "usage", 1, "after each batch (and after each allocation call made to fail), li_usage "
	  "reports exactly the blocks the index holds and the sum of their malloc_usable_size, as "
	  "the grader counted them around malloc and free",
	  "mem_get, mem_put, li_new and li_usage in logindex.c (TODO 1)" },
	{ "answers", 2, "li_find gives every word's count and line numbers exactly as the judge's own "
	  "index of the same 100,000 lines and of its own texts (and 0 for words that are not "
	  "there), reading no byte past text[len - 1] and writing no line number past lines[max - 1]",
	  "post, li_find and li_add in logindex.c (TODO 2)" },
	{ "allocs", 2, "indexing 100,000 lines makes at most L/64 + 8K + 64 allocation calls (L: 4 "
	  "bytes per line number + the words' bytes; K: distinct words)",
	  "post in logindex.c: keep many line numbers per block (TODO 2)" },
	{ "bytes", 2, "after the last batch, the index holds at most 2L + 128K + 256 KiB bytes "
	  "(malloc_usable_size of its live blocks)",
	  "post in logindex.c: about 4 bytes per line number, and the word in its key's block (TODO 2)" },
	{ "retained", 3, "after the last batch, the heap glibc holds (mallinfo2: arena + hblkhd) is "
	  "at most 2.5L + 160K + 1 MiB: freed temporaries do not keep it high",
	  "li_add in logindex.c: no temporaries allocated among (below) the blocks that stay (TODO 3)" },
	{ "peak", 3, "the heap glibc holds never exceeds the retained bound plus twice a batch's text "
	  "(sampled every 65536 allocation calls, after each request of 64 KiB or more, and "
	  "after each batch)",
	  "li_add in logindex.c: temporaries of a batch take about its text's size at most (TODO 3)" },
	{ "lifecycle", 4, "on a small index: true answers, li_delete leaves the pointer NULL and "
	  "a second li_delete, and li_delete(NULL), do nothing",
	  "li_delete in logindex.c (TODO 4)" },
	{ "fail-new", 4, "when an allocation call of li_new fails, li_new returns NULL with errno ENOMEM",
	  "li_new in logindex.c: check malloc's result before using it (TODO 4)" },
	{ "fail-add", 4, "when any one allocation call of li_add fails, li_add returns -1 with errno "
	  "ENOMEM, earlier lines stay indexed, every line number recorded is true (ascending, no "
	  "repeat), and li_delete frees everything",
	  "li_add, post and cut_line in logindex.c: check every mem_get (TODO 4)" },
	{ "asan", 4, "AddressSanitizer (and LeakSanitizer) report nothing on the run of every "
	  "operation and every failure",
	  "logindex.c: the first report in the quoted stderr names the line (TODO 4)" },
};
const size_t jg_nproperties = sizeof(jg_properties) / sizeof(jg_properties[0]);

/* ---- the judge's own index ------------------------------------------ */

struct entry {
	char word[LI_WORD_MAX + 1];
	uint32_t *lines;
	size_t n, cap;
};

/* An open-addressing table; the lab's log has a few thousand words. */
#define SLOTS (1u << 16)
struct model {
	struct entry *slot;
	size_t words, postings, word_bytes;
	size_t text_max;   /* the longest batch's text */
};

static uint32_t fnv32(const char *w)
{
	uint32_t h = 2166136261u;

	while (*w)
		h = (h ^ (unsigned char)*w++) * 16777619u;
	return h;
}

static struct entry *model_get(struct model *m, const char *word, bool add)
{
	for (uint32_t i = fnv32(word) & (SLOTS - 1);; i = (i + 1) & (SLOTS - 1)) {
		struct entry *e = &m->slot[i];

		if (!e->word[0]) {
			if (!add || m->words >= SLOTS / 2)
				return NULL;
			strcpy(e->word, word);
			m->words++;
			m->word_bytes += strlen(word) + 1;
			return e;
		}
		if (!strcmp(e->word, word))
			return e;
	}
}

static void model_post(struct model *m, const char *word, uint32_t line)
{
	struct entry *e = model_get(m, word, true);

	if (!e || (e->n && e->lines[e->n - 1] == line))
		return;
	if (e->n == e->cap) {
		e->cap = e->cap ? 2 * e->cap : 16;
		e->lines = realloc(e->lines, e->cap * sizeof(*e->lines));
		if (!e->lines) {
			fprintf(stderr, "judge: out of memory\n");
			exit(3);
		}
	}
	e->lines[e->n++] = line;
	m->postings++;
}

/* model_text - text[0 .. len) as li_add reads it: lines numbered from
 * first (a last line without '\n' counts); returns the line after it. */
static uint32_t model_text(struct model *m, uint32_t first, const char *text, size_t len)
{
	char word[LI_WORD_MAX + 1];
	uint32_t line = first;
	size_t at = 0;

	while (at < len) {
		if (text[at] == '\n') {
			line++;
			at++;
			continue;
		}
		if (lg_next_word(text, len, &at, word, LI_WORD_MAX))
			model_post(m, word, line);
	}
	return line;
}

/* model_add - lines [first, first + count) of seed's log. */
static void model_add(struct model *m, uint64_t seed, uint32_t first, uint32_t count)
{
	char text[LG_LINE_MAX + 1];
	size_t batch_len = 0;

	for (uint32_t n = first; n < first + count; n++) {
		size_t len = lg_line(seed, n, text);

		batch_len += len;
		model_text(m, n, text, len);
	}
	if (batch_len > m->text_max)
		m->text_max = batch_len;
}

static void model_init(struct model *m)
{
	memset(m, 0, sizeof(*m));
	m->slot = calloc(SLOTS, sizeof(*m->slot));
	if (!m->slot) {
		fprintf(stderr, "judge: out of memory\n");
		exit(3);
	}
}

static void model_free(struct model *m)
{
	for (size_t i = 0; i < SLOTS; i++)
		free(m->slot[i].lines);
	free(m->slot);
}

/* count_below - how many of e's lines are < limit. */
static size_t count_below(const struct entry *e, uint32_t limit)
{
	size_t n = 0;

	while (e && n < e->n && e->lines[n] < limit)
		n++;
	return n;
}

static uint64_t digest(const uint32_t *lines, size_t n)
{
	uint64_t h = 14695981039346656037u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ lines[i]) * 1099511628211u;
	return h;
}

/* Words that are not in any log line (absent ones must give 0). */
static const char *const absent[] = { "zzzz", "q", "alice2", "abcdefghijklmnopqrstuvwxyz0123456" };

/* ---- the boundary batches ----------------------------------------- */

/* One batch of the judge's own text, added after the log's lines. */
struct batch {
	uint32_t first;
	size_t len;
	char text[1024];   /* batch 0 takes at most about 720 bytes */
};
#define NBATCHES 5
#define BOUNDARY_FIRST (2 * MC_BATCH)    /* right after the mc log's lines */
#define HIGH_FIRST 3000000000u           /* line numbers above INT32_MAX */

/* rand_word - lead, then n - 1 random letters (either case) and digits. */
static void rand_word(struct jg_rng *r, char lead, char *out, size_t n)
{
	static const char set[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

	out[0] = lead;
	for (size_t i = 1; i < n; i++)
		out[i] = set[jg_rng_below(r, sizeof(set) - 1)];
	out[n] = '\0';
}

/* boundaries - the batches for seed: fixed boundaries and sampled words. */
static void boundaries(uint64_t seed, struct batch *b)
{
	struct jg_rng r;
	char w40[41], w31[32], w32[33], w33[34], mixed[6][41], swapped[6][41];
	int len;

	/* w40 starts with a q and 31 random bytes: w32 is a new key, never
	 * a word of the log (so its 32 bytes are copied into a key) */
	jg_rng_seed(&r, seed ^ 0xb0d4u);
	rand_word(&r, 'Q', w40, 40);
	memcpy(w31, w40, 31);
	w31[31] = '\0';
	memcpy(w32, w40, 32);
	w32[32] = '\0';
	memcpy(w33, w40, 33);
	w33[33] = '\0';
	for (size_t i = 0; i < 6; i++) {
		rand_word(&r, "JKVXYZ"[i], mixed[i], 1 + jg_rng_below(&r, 40));
		for (size_t j = 0; j <= strlen(mixed[i]); j++) {
			char c = mixed[i][j];

			swapped[i][j] = c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') :
			                c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
		}
	}
	memset(b, 0, NBATCHES * sizeof(*b));
	/* 0: case variants, the bytes next to each range (/ : @ [ ` {), an
	 * empty line and one of separators only, the four lengths around
	 * LI_WORD_MAX (w31 and w32 are two words, w33 and w40 are w32 cut),
	 * bytes >= 0x80 (not letters, whatever the locale), sampled words and
	 * then the same in the other case, and a last line without '\n' */
	b[0].first = BOUNDARY_FIRST;
	len = snprintf(b[0].text, sizeof(b[0].text),
	               "Zebra ZEBRA zebra AZaz09 a\n"
	               "\n"
	               "/0:9@A[Z`a{z\n"
	               "%s %s %s %s\n"
	               "caf\xc3\xa9 na\xefve\t\r Tab\r\n"
	               " ,.;-_ \t\n"
	               "%s %s %s %s %s %s\n"
	               "%s %s %s %s %s %s x\n"
	               "last Zebra Zz9",
	               w31, w32, w33, w40, mixed[0], mixed[1], mixed[2], mixed[3], mixed[4], mixed[5],
	               swapped[5], swapped[4], swapped[3], swapped[2], swapped[1], swapped[0]);
	if (len < 0 || (size_t)len >= sizeof(b[0].text)) {
		fprintf(stderr, "judge: the boundary text does not fit\n");
		exit(3);
	}
	b[0].len = (size_t)len;
	/* 1: nothing at all; 2: an empty first line, then a word that ends
	 * the text; 3: one byte; 4: line numbers past 2^31 */
	b[1].first = BOUNDARY_FIRST + 10;
	b[2].first = BOUNDARY_FIRST + 11;
	b[2].len = (size_t)snprintf(b[2].text, sizeof(b[2].text), "\nzebra");
	b[3].first = BOUNDARY_FIRST + 20;
	b[3].len = (size_t)snprintf(b[3].text, sizeof(b[3].text), "X");
	b[4].first = HIGH_FIRST;
	b[4].len = (size_t)snprintf(b[4].text, sizeof(b[4].text), "zebra %s\nZEBRA", w32);
}

/* What each batch samples, for messages. */
static const char *const batch_what[NBATCHES] = {
	"case variants, the bytes next to the letter and digit ranges, words of 31 to 40 "
	"bytes, bytes >= 0x80, and a last line without '\\n'",
	"no bytes at all (len 0)",
	"an empty line, then a word that ends the text",
	"a single byte",
	"line numbers above 2^31",
};

/* mc_model - the small index's model: the mc log's lines, then the
 * boundary batches; log, if not NULL, gets the log's lines alone. */
static void mc_model(struct model *m, struct model *log, uint64_t s, const struct batch *b)
{
	model_init(m);
	model_add(m, s, 0, 2 * MC_BATCH);
	if (log) {
		model_init(log);
		model_add(log, s, 0, 2 * MC_BATCH);
	}
	for (size_t i = 0; i < NBATCHES; i++)
		model_text(m, b[i].first, b[i].text, b[i].len);
}

/* mc_look - the idx-th look of the mc script, NULL after the last: every
 * word of the judge's texts that the log lines lack, with max 64, then
 * zebra with max 0, 1 and its count (every max that matters, on the
 * word the texts repeat most). */
static const char *mc_look(struct model *m, struct model *log, size_t idx, uint64_t *max)
{
	size_t seen = 0;

	for (size_t i = 0; i < SLOTS; i++)
		if (m->slot[i].word[0] && !model_get(log, m->slot[i].word, false) && seen++ == idx) {
			*max = 64;
			return m->slot[i].word;
		}
	if (idx - seen > 2)
		return NULL;
	*max = idx - seen < 2 ? idx - seen : model_get(m, "zebra", false)->n;
	return "zebra";
}

/* boundary_line - line number `line` of the judge's texts, quoted for a
 * message: " (the judge's text, line N: \"...\")"; "" if it is not one. */
static const char *boundary_line(const struct batch *b, uint64_t line)
{
	static char where[200];
	char quote[120], text[LG_LINE_MAX + 1];

	for (size_t i = 0; i < NBATCHES; i++) {
		uint64_t n = b[i].first;
		size_t start = 0;

		for (size_t at = 0; at <= b[i].len; at++) {
			if (at < b[i].len && b[i].text[at] != '\n')
				continue;
			if (n == line) {
				size_t len = at - start < LG_LINE_MAX ? at - start : LG_LINE_MAX;

				memcpy(text, b[i].text + start, len);
				text[len] = '\0';
				jg_printable(text, quote, sizeof(quote));
				snprintf(where, sizeof(where), " (the judge's text, line %" PRIu64 ": \"%s\"%s)",
				         line, quote, at == b[i].len ? ", the last of its batch, without '\\n'" : "");
				return where;
			}
			n++;
			start = at + 1;
		}
	}
	return "";
}

/* ---- inputs -------------------------------------------------------- */

/* the log's seed, from the grader's: any seed gives a log of one shape */
static uint64_t log_seed(uint64_t seed)
{
	return seed * 2654435761u + 7;
}

/* copy_input - DIR/TO.in, a copy of DIR/FROM.in. */
static void copy_input(const char *dir, const char *from, const char *to)
{
	char name[64];
	size_t len;
	char *text;
	FILE *f;

	snprintf(name, sizeof(name), "%s.in", from);
	text = jg_slurp(dir, name, 1 << 24, &len);
	if (!text) {
		fprintf(stderr, "judge: cannot read %s/%s\n", dir, name);
		exit(3);
	}
	f = jg_input(dir, to);
	fwrite(text, 1, len, f);
	fclose(f);
	free(text);
}

void judge_inputs(uint64_t seed, const char *dir)
{
	uint64_t s = log_seed(seed);
	struct batch b[NBATCHES];
	struct model m, log;
	const char *word;
	uint64_t max;
	FILE *f;

	model_init(&m);
	for (int b = 0; b < BIG_BATCHES; b++)
		model_add(&m, s, (uint32_t)(b * BIG_BATCH), BIG_BATCH);
	f = jg_input(dir, "big");
	fprintf(f, "new\n");
	for (int b = 0; b < BIG_BATCHES; b++)
		fprintf(f, "add %" PRIu64 " %d %d\nusage\n", s, b * BIG_BATCH, BIG_BATCH);
	for (size_t i = 0; i < SLOTS; i++)
		if (m.slot[i].word[0])
			fprintf(f, "digest %s\n", m.slot[i].word);
	for (size_t i = 0; i < sizeof(absent) / sizeof(absent[0]); i++)
		fprintf(f, "digest %s\n", absent[i]);
	fprintf(f, "delete\n");
	fclose(f);
	model_free(&m);

	boundaries(s, b);
	mc_model(&m, &log, s, b);
	f = jg_input(dir, "mc");
	fprintf(f, "new\nadd %" PRIu64 " 0 %d\nadd %" PRIu64 " %d %d\n", s, MC_BATCH, s,
	        MC_BATCH, MC_BATCH);
	for (size_t i = 0; i < NBATCHES; i++) {
		fprintf(f, "text %" PRIu32 " %zu ", b[i].first, b[i].len);
		for (size_t j = 0; j < b[i].len; j++)
			fprintf(f, "%02x", (unsigned char)b[i].text[j]);
		fprintf(f, "\n");
	}
	fprintf(f, "usage\n");
	/* The log's words (step 4: the small index answers true), then the
	 * boundary batches' own words (step 2: how words are read), with
	 * every max that matters for one of them. */
	for (size_t i = 0; i < SLOTS; i++)
		if (m.slot[i].word[0] && model_get(&log, m.slot[i].word, false))
			fprintf(f, "find %s\n", m.slot[i].word);
	for (size_t i = 0; i < sizeof(absent) / sizeof(absent[0]); i++)
		fprintf(f, "find %s\n", absent[i]);
	for (size_t i = 0; (word = mc_look(&m, &log, i, &max)); i++)
		fprintf(f, "look %s %" PRIu64 "\n", word, max);
	fprintf(f, "delete\nsweepnew\nsweep %" PRIu64 " %d %d\n", s, SWEEP_BASE, SWEEP_COUNT);
	fclose(f);
	model_free(&m);
	model_free(&log);
	copy_input(dir, "mc", "asan");   /* the same script under AddressSanitizer */
}

/* ---- reading the runs ---------------------------------------------- */

/* words - split line into at most max space-separated words (in place
 * in buf); returns how many. */
static size_t words(const char *line, char *buf, size_t size, char **w, size_t max)
{
	size_t n = 0;
	char *save = NULL, *tok;

	snprintf(buf, size, "%s", line);
	for (tok = strtok_r(buf, " ", &save); tok && n < max; tok = strtok_r(NULL, " ", &save))
		w[n++] = tok;
	return n;
}

/* num - w parsed as a number, or false. */
static bool num(const char *w, uint64_t *v)
{
	return w && jg_u64(w, v);
}

/* stopped - why a run's output ends early: "the subject was killed by
 * SIGSEGV after: <last line>", or its status. */
static const char *stopped(const struct jg_run *r)
{
	static char text[600];
	char quote[200];
	const char *end = jg_run_end(r);

	jg_printable(r->nlines ? r->lines[r->nlines - 1] : "(nothing)", quote, sizeof(quote));
	snprintf(text, sizeof(text), "the subject %s; its last line: %s%s%s",
	         end ? end : "stopped early", quote, r->err[0] ? "; stderr: " : "", r->err);
	return text;
}

/* Properties whose observations a run never produced fail with why. */
static void unseen(const char *const *ids, size_t n, const char *why)
{
	for (size_t i = 0; i < n; i++)
		jg_fail(ids[i], "%s", why);
}

/* ---- big: usage, answers, allocations, bytes, heap ----------------- */

static void judge_big(uint64_t s, const char *dir)
{
	static const char *const ids[] = { "usage", "answers", "allocs", "bytes", "retained", "peak" };
	struct model m;
	struct jg_run r;
	char buf[4096], *w[16];
	uint64_t calls = 0, live = 0, held = 0, peak = 0;
	size_t adds = 0, usages = 0, digests = 0, expected_digests = 0;
	uint64_t L, K;

	model_init(&m);
	for (int b = 0; b < BIG_BATCHES; b++)
		model_add(&m, s, (uint32_t)(b * BIG_BATCH), BIG_BATCH);
	L = 4 * m.postings + m.word_bytes;
	K = m.words;
	expected_digests = m.words + sizeof(absent) / sizeof(absent[0]);

	jg_run_load(&r, dir, "big", 100000);
	for (size_t i = 0; i < r.nlines; i++) {
		size_t n = words(r.lines[i], buf, sizeof(buf), w, 16);
		uint64_t v[8];

		if (n == 0)
			continue;
		/* add RET ERRNO calls C live B U heap HELD PEAK */
		if (!strcmp(w[0], "add") && n == 11 && num(w[4], &v[1]) && num(w[6], &v[2]) &&
		    num(w[7], &v[3]) && num(w[9], &v[4]) && num(w[10], &v[5])) {
			if (strcmp(w[1], "0") != 0)
				jg_fail("answers", "li_add of lines %zu..%zu returned %s (errno %s) with no "
				        "allocation made to fail", adds * BIG_BATCH,
				        (adds + 1) * BIG_BATCH - 1, w[1], w[2]);
			adds++;
			calls = v[1];
			live = v[3];
			held = v[4];
			peak = v[5];
		} else if (!strcmp(w[0], "usage") && n == 6 && num(w[1], &v[0]) && num(w[2], &v[1]) &&
		           num(w[4], &v[2]) && num(w[5], &v[3])) {
			usages++;
			if (v[0] != v[2] || v[1] != v[3])
				jg_fail("usage", "after lines 0..%zu, li_usage said %" PRIu64 " blocks and %"
				        PRIu64 " bytes; malloc saw %" PRIu64 " blocks and %" PRIu64 " bytes live",
				        adds * BIG_BATCH - 1, v[0], v[1], v[2], v[3]);
		} else if (!strcmp(w[0], "digest") && n == 4 && num(w[2], &v[0])) {
			struct entry *e = model_get(&m, w[1], false);
			size_t want = e ? e->n : 0;
			char hex[24];

			digests++;
			snprintf(hex, sizeof(hex), "%016" PRIx64, e ? digest(e->lines, e->n) : digest(NULL, 0));
			if (v[0] != want)
				jg_fail("answers", "li_find(\"%s\") counted %" PRIu64 " lines; the judge's "
				        "index has %zu%s", w[1], v[0], want, jg_seed_note());
			else if (strcmp(w[3], hex) != 0)
				jg_fail("answers", "li_find(\"%s\") counted the right %zu lines, but not the "
				        "right line numbers (or not in ascending order)%s", w[1], want,
				        jg_seed_note());
		}
	}

	if (adds < BIG_BATCHES || usages < BIG_BATCHES || digests < expected_digests) {
		char why[800];

		if (r.nlines && !strcmp(r.lines[0], "new ok") && adds == usages && adds < BIG_BATCHES)
			snprintf(why, sizeof(why), "not checked: li_add of lines %zu..%zu did not return "
			         "(it may read text[0] to text[len - 1] only: the byte after them is an "
			         "unreadable page); %s", adds * BIG_BATCH, (adds + 1) * BIG_BATCH - 1,
			         stopped(&r));
		else
			snprintf(why, sizeof(why), "not checked: after %zu of %d batches and %zu of %zu "
			         "lookups, %s", adds, BIG_BATCHES, digests, expected_digests, stopped(&r));
		unseen(ids, sizeof(ids) / sizeof(ids[0]), why);
	}

	jg_pass("usage");
	/* A step 2 figure means nothing while step 1's does not hold: the
	 * starter gives the right answers, and must not pass a property. */
	jg_pass("answers");
	jg_wait("answers", "usage");

	jg_check("allocs", calls <= L / 64 + 8 * K + 64,
	         "%" PRIu64 " allocation calls for %zu line numbers of %" PRIu64 " words; the bound "
	         "is %" PRIu64 " (L = %" PRIu64 " bytes, K = %" PRIu64 ")", calls, m.postings, K,
	         L / 64 + 8 * K + 64, L, K);
	jg_wait("allocs", "answers");
	jg_check("bytes", live <= 2 * L + 128 * K + 256 * KIB,
	         "the index holds %" PRIu64 " KiB (%.1f bytes per line number); the bound is %" PRIu64
	         " KiB (L = %" PRIu64 " KiB, K = %" PRIu64 ")", live / KIB,
	         (double)live / (double)(m.postings ? m.postings : 1),
	         (2 * L + 128 * K + 256 * KIB) / KIB, L / KIB, K);
	jg_wait("bytes", "answers");

	{
		uint64_t rmax = 5 * L / 2 + 160 * K + 1024 * KIB;
		uint64_t pmax = rmax + 2 * m.text_max;

		jg_check("retained", held <= rmax,
		         "after the last batch glibc holds %" PRIu64 " KiB of heap while the index "
		         "holds %" PRIu64 " KiB; the bound is %" PRIu64 " KiB", held / KIB, live / KIB,
		         rmax / KIB);
		jg_wait("retained", "allocs");
		jg_wait("retained", "bytes");
		jg_check("peak", peak <= pmax,
		         "the heap reached %" PRIu64 " KiB; the bound is %" PRIu64 " KiB (a batch's "
		         "text: %zu KiB)", peak / KIB, pmax / KIB, m.text_max / KIB);
		jg_wait("peak", "allocs");
		jg_wait("peak", "bytes");
	}
	jg_run_free(&r);
	model_free(&m);
}

/* ---- mc / asan: lifecycle and failures ---------------------------- */

/* telling_line - the line to show for a wrong look line w: the first of
 * the word's lines that the answer lacks, else the first it should not
 * have, else the word's first line. */
static uint64_t telling_line(const struct entry *e, char **w, size_t n)
{
	uint64_t v;

	for (size_t j = 0; e && j < e->n; j++) {
		bool listed = false;

		for (size_t i = 4; i < n && !listed; i++)
			listed = num(w[i], &v) && v == e->lines[j];
		if (!listed)
			return e->lines[j];
	}
	for (size_t i = 4; i < n; i++) {
		bool known = false;

		for (size_t j = 0; e && j < e->n && !known; j++)
			known = num(w[i], &v) && v == e->lines[j];
		if (!known && num(w[i], &v))
			return v;
	}
	return e && e->n ? e->lines[0] : UINT64_MAX;
}

/* check_w - a "w WORD COUNT N L1.." (or find, or look) line against the
 * model, knowing that lines >= partial may be missing (a failed batch;
 * partial == end: none may be), for li_find(WORD, lines, max).  Returns
 * NULL when it holds, else what is wrong. */
static const char *check_w(struct model *m, char **w, size_t n, uint32_t partial,
                           uint32_t end, uint64_t max)
{
	static char why[300];
	struct entry *e = model_get(m, w[1], false);
	uint64_t count, shown, prev = 0;
	size_t all = e ? e->n : 0, must = partial >= end ? all : count_below(e, partial);

	if (!num(w[2], &count) || !num(w[3], &shown) || shown > max || n != 4 + shown ||
	    shown != (count < max ? count : max))
		return "an observation the subject should not print";
	if (count < must || count > all || (partial >= end && count != all)) {
		snprintf(why, sizeof(why), "li_find(\"%s\") counted %" PRIu64 " lines; the judge "
		         "expects %zu%s", w[1], count, partial >= end ? all : must,
		         partial >= end ? "" : " or more (the lines before the failed batch)");
		return why;
	}
	for (uint64_t i = 0; i < shown; i++) {
		uint64_t line;
		bool listed = false;

		if (num(w[4 + i], &line) && line == UNWRITTEN) {
			snprintf(why, sizeof(why), "li_find(\"%s\", lines, %" PRIu64 ") counted %" PRIu64
			         " lines but left lines[%" PRIu64 "] unwritten (it must copy the first "
			         "%" PRIu64 ")", w[1], max, count, i, shown);
			return why;
		}
		if (!num(w[4 + i], &line) || (i && line <= prev))
			return "line numbers out of order or repeated";
		for (size_t j = 0; e && j < e->n && !listed; j++)
			listed = e->lines[j] == line;
		if (!listed) {
			snprintf(why, sizeof(why), "li_find(\"%s\") lists line %" PRIu64 ", which does "
			         "not contain that word", w[1], line);
			return why;
		}
		if (i < must && line != e->lines[i]) {
			if (partial >= end)
				snprintf(why, sizeof(why), "li_find(\"%s\", lines, %" PRIu64 ") gave line %"
				         PRIu64 " where the judge expects line %u: the first %" PRIu64
				         " of the word's lines, ascending", w[1], max, line, e->lines[i], shown);
			else
				snprintf(why, sizeof(why), "li_find(\"%s\") lost line %u of an earlier batch",
				         w[1], e->lines[i]);
			return why;
		}
		prev = line;
	}
	return NULL;
}

/* line_with - the line of text that contains key (from its start, cut at
 * the end of the line), copied to out; false if none. */
static bool line_with(const char *text, const char *key, char *out, size_t size)
{
	const char *hit = strstr(text, key), *start;

	if (!hit)
		return false;
	for (start = hit; start > text && start[-1] != '\n'; start--)
		;
	snprintf(out, size, "%.*s", (int)strcspn(start, "\n"), start);
	return true;
}

/* cut_at - end s where key begins, if it is there. */
static void cut_at(char *s, const char *key)
{
	char *p = strstr(s, key);

	if (p)
		*p = '\0';
}

/* asan_report - the gist of the first AddressSanitizer report in DIR/
 * asan.err: what it found, the access, the first frame in logindex.c and
 * the variable ("stack-buffer-overflow; READ of size 34; in post
 * (logindex.c:138); next to 'word' (line 173)"), printable; NULL when there
 * is none.  The report was written by the student's process: it is only
 * quoted, never believed. */
static const char *asan_report(const char *dir)
{
	static char gist[700];
	char *err = jg_slurp(dir, "asan.err", 1 << 20, NULL), *from, *p;
	char kind[200] = "", access[200] = "", frame[300] = "", where[200] = "", var[200] = "";
	char raw[1000];

	if (!err)
		return NULL;
	from = strstr(err, "ERROR: ");
	if (!from) {
		free(err);
		return NULL;
	}
	snprintf(kind, sizeof(kind), "%.*s", (int)strcspn(from + 7, "\n"), from + 7);
	cut_at(kind, " on address");
	cut_at(kind, " on unknown address");
	if (!line_with(from, "READ of", access, sizeof(access)) &&
	    !line_with(from, "WRITE of", access, sizeof(access)) &&
	    !line_with(from, "leak of", access, sizeof(access)))
		line_with(from, "caused by a", access, sizeof(access));
	cut_at(access, " at 0x");
	if (!strncmp(access, "==", 2) && (p = strstr(access + 2, "==")))   /* ==PID== */
		memmove(access, p + 2, strlen(p + 2) + 1);
	if (line_with(from, "logindex.c:", frame, sizeof(frame)) && (p = strstr(frame, " in "))) {
		char func[100] = "";

		sscanf(p + 4, "%99s", func);
		p = strstr(frame, "logindex.c:");
		snprintf(where, sizeof(where), "in %s (%.*s)", func, (int)strcspn(p, " \n"), p);
	}
	if (line_with(from, "<== Memory access", var, sizeof(var)) && (p = strchr(var, '\''))) {
		cut_at(p, " <==");
		memmove(var, p, strlen(p) + 1);
	} else {
		var[0] = '\0';
	}
	snprintf(raw, sizeof(raw), "%s%s%s%s%s%s%s", kind, access[0] ? "; " : "",
	         access + strspn(access, " "), where[0] ? "; " : "", where,
	         var[0] ? "; next to " : "", var);
	jg_printable(raw, gist, sizeof(gist));
	free(err);
	return gist;
}

static void judge_mc(uint64_t s, const char *dir)
{
	static const char *const ids[] = { "lifecycle", "fail-new", "fail-add" };
	struct model m, log, sw;   /* the small index, its log lines alone, the sweeps' */
	struct batch b[NBATCHES];
	struct jg_run r;
	char buf[4096], *w[80];
	size_t adds = 0, texts = 0, finds = 0, want_finds = sizeof(absent) / sizeof(absent[0]);
	size_t looks = 0, want_looks = 0, new_sweeps = 0, add_sweeps = 0;
	bool deleted = false, new_done = false, add_done = false, in_sweep = false;
	bool failed = false;   /* whether the latest sweep's batch failed */
	uint64_t k = 0, max;

	boundaries(s, b);
	mc_model(&m, &log, s, b);
	want_finds += log.words;
	while (mc_look(&m, &log, want_looks, &max))
		want_looks++;
	model_init(&sw);
	model_add(&sw, s, 0, SWEEP_BASE + SWEEP_COUNT);
	jg_run_load(&r, dir, "mc", 400000);
	for (size_t i = 0; i < r.nlines; i++) {
		size_t n = words(r.lines[i], buf, sizeof(buf), w, 80);
		uint64_t v[8];
		const char *bad;

		if (n == 0)
			continue;
		if (!strcmp(w[0], "add") && n == 11) {
			adds++;
		} else if (!strcmp(w[0], "find") && n >= 4) {
			finds++;
			if ((bad = check_w(&m, w, n, UINT32_MAX, UINT32_MAX, 64)))
				jg_fail("lifecycle", "%s", bad);
		} else if (!strcmp(w[0], "text") && n == 3 && texts < NBATCHES) {
			if (strcmp(w[1], "0") != 0)
				jg_fail("answers", "li_add of the judge's text (lines from %" PRIu32 ", %zu "
				        "bytes) returned %s (errno %s) with no allocation made to fail",
				        b[texts].first, b[texts].len, w[1], w[2]);
			texts++;
		} else if (!strcmp(w[0], "usage") && n == 6 && num(w[1], &v[0]) && num(w[2], &v[1]) &&
		           num(w[4], &v[2]) && num(w[5], &v[3])) {
			if (v[0] != v[2] || v[1] != v[3])
				jg_fail("usage", "on the small index (40 log lines and the judge's texts), "
				        "li_usage said %" PRIu64 " blocks and %" PRIu64 " bytes; malloc saw %"
				        PRIu64 " blocks and %" PRIu64 " bytes live", v[0], v[1], v[2], v[3]);
		} else if (!strcmp(w[0], "look") && n >= 4 && looks < want_looks) {
			/* the looks come in the order the judge wrote them */
			if (strcmp(w[1], mc_look(&m, &log, looks++, &max)) != 0)
				bad = "an observation the subject should not print";
			else
				bad = check_w(&m, w, n, UINT32_MAX, UINT32_MAX, max);
			if (bad)
				jg_fail("answers", "%s%s%s", bad,
				        boundary_line(b, telling_line(model_get(&m, w[1], false), w, n)),
				        jg_seed_note());
		} else if (!strcmp(w[0], "delete") && n == 2) {
			deleted = true;
			if (strcmp(w[1], "null") != 0)
				jg_fail("lifecycle", "li_delete(&ix) left ix pointing at the freed index");
		} else if (!strcmp(w[0], "sweepnew") && n == 5 && num(w[1], &v[0]) &&
		           num(w[3], &v[1]) && num(w[4], &v[2])) {
			new_sweeps++;
			if (v[2] && (strcmp(w[2], "null") || v[1] != ENOMEM_))
				jg_fail("fail-new", "allocation call %" PRIu64 " of li_new failed, and li_new "
				        "returned %s with errno %" PRIu64, v[0],
				        strcmp(w[2], "null") ? "an index" : "NULL", v[1]);
			if (!v[2]) {
				new_done = true;
				if (strcmp(w[2], "ok"))
					jg_fail("fail-new", "with no failure injected, li_new returned NULL");
			}
		} else if (!strcmp(w[0], "sweep") && n == 11 && num(w[1], &k) && num(w[3], &v[1]) &&
		           num(w[4], &v[2]) && num(w[6], &v[3]) && num(w[7], &v[4]) &&
		           num(w[9], &v[5]) && num(w[10], &v[6])) {
			add_sweeps++;
			in_sweep = true;
			if (v[2] && (strcmp(w[2], "-1") || v[1] != ENOMEM_))
				jg_fail("fail-add", "allocation call %" PRIu64 " of li_add failed, and li_add "
				        "returned %s with errno %" PRIu64, k, w[2], v[1]);
			if (!v[2]) {
				add_done = true;
				if (strcmp(w[2], "0"))
					jg_fail("fail-add", "with no failure injected, li_add returned %s", w[2]);
			}
			if (v[3] != v[5] || v[4] != v[6])
				jg_fail("usage", "after allocation call %" PRIu64 " of li_add %s, li_usage "
				        "said %" PRIu64 " blocks and %" PRIu64 " bytes; malloc saw %" PRIu64
				        " blocks and %" PRIu64 " bytes live", k,
				        v[2] ? "failed" : "(none failed)", v[3], v[4], v[5], v[6]);
			/* the w lines that follow: a failed batch may be partial */
			failed = v[2] != 0;
		} else if (!strcmp(w[0], "w") && n >= 4 && in_sweep) {
			if ((bad = check_w(&sw, w, n, failed ? SWEEP_BASE : SWEEP_BASE + SWEEP_COUNT,
			                   SWEEP_BASE + SWEEP_COUNT, 64)))
				jg_fail("fail-add", "after allocation call %" PRIu64 " of li_add failed: %s",
				        k, bad);
		} else if (!strcmp(w[0], "swept") && n == 3 && num(w[2], &v[0]) && v[0] != 0) {
			jg_fail("fail-add", "after allocation call %" PRIu64 " of li_add failed and "
			        "li_delete, %" PRIu64 " blocks were still allocated (leaked)", k, v[0]);
		}
	}
	if (adds == 2 && texts < NBATCHES && finds == 0) {
		char why[1000];

		snprintf(why, sizeof(why), "not checked: li_add of the judge's text %zu (lines from %"
		         PRIu32 ", %zu bytes: %s) did not return; li_add may read text[0] to "
		         "text[len - 1] only, the byte after them is an unreadable page; %s", texts + 1,
		         b[texts].first, b[texts].len, batch_what[texts], stopped(&r));
		jg_fail("answers", "%s", why);
	} else if (finds == want_finds && looks < want_looks) {
		const char *word = mc_look(&m, &log, looks, &max);
		char why[800];

		snprintf(why, sizeof(why), "not checked: li_find(\"%s\", lines, %" PRIu64 ") did not "
		         "return (lines has room for max line numbers only: an unreadable page follows)"
		         "; %s", word, max, stopped(&r));
		jg_fail("answers", "%s", why);
	} else if (looks < want_looks) {
		char why[800];

		snprintf(why, sizeof(why), "not checked: after %zu of %d of the judge's texts and %zu "
		         "of %zu lookups of their words, %s", texts, NBATCHES, looks, want_looks,
		         stopped(&r));
		jg_fail("answers", "%s", why);
	}
	/* Step 4 is judged once step 3 holds: until then, say so first. */
	for (size_t i = 0; i < 3; i++)
		jg_wait(ids[i], "retained");
	if (finds == 0 || !deleted)
		unseen(ids, 3, stopped(&r));
	if (!new_done)
		jg_fail("fail-new", "the failures stopped after %zu tries: %s", new_sweeps, stopped(&r));
	if (!add_done)
		jg_fail("fail-add", "the failures stopped after %zu tries: %s", add_sweeps, stopped(&r));
	jg_pass("lifecycle");
	jg_pass("fail-new");
	jg_pass("fail-add");
	jg_run_free(&r);

	/* The same script, natively, under AddressSanitizer: the grader
	 * wrote the status; a report ends the run with ASan's exit code. */
	jg_wait("asan", "retained");
	jg_run_load(&r, dir, "asan", 400000);
	if (!r.present)
		jg_fail("asan", "the AddressSanitizer run did not run");
	else if (r.status != 0 && asan_report(dir))
		jg_fail("asan", "%s (the subject exited with status %d)",
		        asan_report(dir), r.status);
	else
		jg_check("asan", r.status == 0, "%s", stopped(&r));
	jg_run_free(&r);
	model_free(&m);
	model_free(&log);
	model_free(&sw);
}

void judge_verdict(uint64_t seed, const char *dir)
{
	uint64_t s = log_seed(seed);

	judge_big(s, dir);
	judge_mc(s, dir);
}
