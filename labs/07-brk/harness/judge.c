/*
 * judge.c - lab 07's judge: chooses what the subject does with bump.c,
 * then decides, from what it reported, which properties hold.
 *
 * Never linked with the student's code (see common/judge/judge.h).  Each
 * run is a script of operations (harness/ops.h) written by judge_inputs
 * from the seed; judge_verdict reads the script back beside the subject's
 * answers and checks them against what a bump allocator must do: a small
 * model of the blocks, the marks and the break.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "judge.h"
#include "ops.h"

#define ALIGN 16
#define ENOMEM_ 12          /* errno's ENOMEM on Linux */
#define MARGIN_KB 1024      /* room under RLIMIT_DATA in the rlimit run */
#define COUNT_N 10000       /* blocks of the counted run */
#define COUNT_PAGE 65536    /* the page size the counted run pretends */

const struct jg_property jg_properties[] = {
	{ "align", 1, "every address bump_alloc returns is a multiple of 16, bump_alloc(0) included "
	  "(the grader first moves the break by 1 byte; 4 KiB, 16 KiB and 64 KiB pages)",
	  "bump_alloc in bump.c: align the block's start and its size (TODO 1)" },
	{ "separate", 1, "blocks never overlap, and each keeps the bytes written into it while later "
	  "blocks are handed out",
	  "bump_alloc in bump.c: a block takes align_up(n, 16) bytes, never fewer than n (TODO 1)" },
	{ "below", 2, "every block lies between the break at the start and sbrk(0) after the call, "
	  "and bump_alloc never returns NULL while no limit is set",
	  "bump_alloc in bump.c: grow the break until the block's end fits below it (TODO 2)" },
	{ "pages", 2, "10,000 blocks of 1 to 16 bytes cost at most 11 brk calls when the page is 64 KiB "
	  "(160,000 bytes: 3 pages, and a few calls more)",
	  "bump_alloc in bump.c: call sbrk only when a block does not fit, and then by whole pages of "
	  "ml_page_size() bytes, never a size you wrote yourself (TODO 2)" },
	{ "foreign", 2, "once malloc has grown the break above your area, a block that exactly fills "
	  "the room left in your area starts at the mark and needs no sbrk, the next blocks lie below "
	  "the break and outside malloc's memory, and malloc's bytes stay as they were",
	  "bump_alloc in bump.c: grow only when the block does not fit below area.end (one that ends "
	  "exactly at area.end fits); before growing, compare sbrk(0) with area.end; if they differ, "
	  "begin a new area at sbrk(0) (TODO 2)" },
	{ "enomem", 3, "under RLIMIT_DATA, once the break cannot grow, bump_alloc returns NULL with "
	  "errno ENOMEM (never (void *)-1, never a block beyond the break)",
	  "bump_alloc in bump.c: sbrk returns (void *)-1, not NULL, when it fails (TODO 3)" },
	{ "usable", 3, "a request that failed (RLIMIT_DATA, or an sbrk the grader made fail) leaves "
	  "the allocator usable: the next blocks are handed out, below the break, overlapping nothing",
	  "bump_alloc in bump.c: change area only once sbrk has succeeded (TODO 3)" },
	{ "huge", 3, "bump_alloc(SIZE_MAX), bump_alloc(SIZE_MAX - 100), bump_alloc(SIZE_MAX / 2 + 1), "
	  "bump_alloc(SIZE_MAX / 2) and other sizes no break can hold return NULL with errno ENOMEM",
	  "bump_alloc in bump.c: align_up(n, 16) wraps around to a small number for such n; refuse "
	  "n > SIZE_MAX / 2 first (TODO 3)" },
	{ "full", 4, "after bump_release(a mark taken before the first block), sbrk(0) is the break it "
	  "was before that block; releasing to a mark twice changes nothing more",
	  "bump_release in bump.c: lower the break with sbrk(-(area.end - mark)) while sbrk(0) is "
	  "still area.end (TODO 4)" },
	{ "partial", 4, "after bump_release(mark), the break lies between the mark and the next page "
	  "boundary above it",
	  "bump_release in bump.c (TODO 4)" },
	{ "reuse", 4, "after bump_release(mark), the next block starts at the mark (aligned), and "
	  "blocks handed out before the mark keep their bytes",
	  "bump_release in bump.c: set area.next to the mark (TODO 4)" },
	{ "lowered", 4, "when malloc has grown the break since your last sbrk, bump_release leaves the "
	  "break where malloc put it",
	  "bump_release in bump.c: shrink only while sbrk(0) == area.end (TODO 4)" },
	{ "oldmark", 4, "after releasing to a mark taken before malloc moved the break, new blocks "
	  "avoid malloc's memory",
	  "bump_release in bump.c: a mark below area.start releases the current area only: "
	  "area.next = area.start (TODO 4)" },
};
const size_t jg_nproperties = sizeof(jg_properties) / sizeof(jg_properties[0]);

/* ---- inputs ---------------------------------------------------------- */

/* size_from - a request size for a sampled block: mostly small, some near
 * the page boundaries, a few of several pages. */
static uint64_t size_from(struct jg_rng *r, uint64_t page)
{
	switch (jg_rng_below(r, 8)) {
	case 0:
		return page - 8 + jg_rng_below(r, 17);
	case 1:
		return 1 + jg_rng_below(r, 3 * page);
	default:
		return 1 + jg_rng_below(r, 300);
	}
}

static void write_layout(const char *dir, const char *name, uint64_t page,
			 uint64_t real_page, struct jg_rng *r)
{
	FILE *f = jg_input(dir, name);
	const uint64_t p = page ? page : real_page;
	const uint64_t fixed[] = { 0, 1, 15, 16, 17, 31, 32, 33, 48, 7, 100, 255, 256, 1000,
		p - 1, p, p + 1, 3 * p + 5, 24, 8, 1, 0 };

	if (page)
		fprintf(f, "page %" PRIu64 "\n", page);
	fprintf(f, "shift 1\n");
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		fprintf(f, "alloc %" PRIu64 "\n", fixed[i]);
	for (int i = 0; i < 700; i++)
		fprintf(f, "alloc %" PRIu64 "\n", size_from(r, p));
	fprintf(f, "verify\n");
	fclose(f);
}

void judge_inputs(uint64_t seed, const char *dir)
{
	struct jg_rng r;
	FILE *f;
	/* The real page size is the subject's to know; 4 KiB scripts are
	 * right on x86_64, and the 16 KiB and 64 KiB runs cover the rest. */
	const uint64_t page = 4096;

	jg_rng_seed(&r, seed);
	write_layout(dir, "layout", 0, page, &r);
	write_layout(dir, "layout16k", 16384, page, &r);
	write_layout(dir, "layout64k", 65536, page, &r);

	/* foreign: after malloc moved the break, a block that exactly fills
	 * the area's spare room (fill: the bytes from the mark up to the break
	 * as it was then) still fits, with every growing sbrk made to fail;
	 * then blocks that do not fit. */
	f = jg_input(dir, "foreign");
	for (int i = 0; i < 8; i++)
		fprintf(f, "alloc 64\n");
	fprintf(f, "mark\nmalloc 32768\nmalloc 32768\nfill 0 1\n");
	for (int i = 0; i < 8; i++)
		fprintf(f, "alloc %" PRIu64 "\n", 1 + jg_rng_below(&r, 100));
	fprintf(f, "alloc %" PRIu64 "\nalloc 64\nverify\n", 2 * page + 16);
	fclose(f);

	f = jg_input(dir, "foreign-release");
	fprintf(f, "mark\n");
	for (int i = 0; i < 8; i++)
		fprintf(f, "alloc 64\n");
	fprintf(f, "malloc 32768\nmalloc 32768\nrelease 0\n");
	for (int i = 0; i < 8; i++)
		fprintf(f, "alloc 64\n");
	fprintf(f, "alloc %" PRIu64 "\nrelease 0\nalloc %" PRIu64 "\nverify\n", 2 * page + 16, 3 * page);
	fclose(f);

	/* release: marks 0 (before anything), 1 (after some blocks), then
	 * the partial and full releases, a mark at the end and twice. */
	f = jg_input(dir, "release");
	fprintf(f, "page %d\nmark\n", 16384);
	for (uint64_t i = 0, n = 150 + jg_rng_below(&r, 100); i < n; i++)
		fprintf(f, "alloc %" PRIu64 "\n", 1 + jg_rng_below(&r, 200));
	fprintf(f, "mark\nalloc 40\n");
	for (uint64_t i = 0, n = 250 + jg_rng_below(&r, 100); i < n; i++)
		fprintf(f, "alloc %" PRIu64 "\n", 100 + jg_rng_below(&r, 300));
	fprintf(f, "release 1\nverify\nalloc 40\nrelease 1\nrelease 1\nverify\n");
	fprintf(f, "release 0\nalloc %d\nmark\nrelease 2\nrelease 0\nrelease 0\n", 2 * 16384);
	fclose(f);

	/* rlimit: impossible sizes, then RLIMIT_DATA with 1 MiB of room. */
	f = jg_input(dir, "rlimit");
	fprintf(f, "alloc %" PRIu64 "\nalloc %" PRIu64 "\nalloc %" PRIu64 "\n", UINT64_MAX,
		UINT64_MAX - 100, UINT64_MAX / 2 + 1);
	fprintf(f, "alloc %" PRIu64 "\nalloc %" PRIu64 "\n", UINT64_MAX - 15, UINT64_MAX / 2 + 1 + jg_rng_below(&r, 1u << 20));
	/* SIZE_MAX / 2, the largest size a guard of n > SIZE_MAX / 2 lets
	 * through (rounded up, 2^63 bytes), and one of several EiB below it:
	 * no break holds them, whether a guard or sbrk refuses them. */
	fprintf(f, "alloc %" PRIu64 "\nalloc %" PRIu64 "\n", UINT64_MAX / 2,
		UINT64_MAX / 3 + 1 + jg_rng_below(&r, UINT64_MAX / 6));
	fprintf(f, "limit %d\nalloc %d\n", MARGIN_KB, 4 * MARGIN_KB * 1024);
	for (int i = 0; i < 4 * MARGIN_KB * 1024 / (2048 + 16) + 8; i++)
		fprintf(f, "alloc %d\n", 2048 + 16);
	fprintf(f, "verify\n");
	fclose(f);

	/* fault: growing sbrk calls made to fail, one at a time. */
	f = jg_input(dir, "fault");
	for (int i = 0; i < 6; i++) {
		fprintf(f, "alloc %" PRIu64 "\n", 1 + jg_rng_below(&r, 64));
		fprintf(f, "alloc %" PRIu64 " 1\n", (2 + jg_rng_below(&r, 3)) * page + jg_rng_below(&r, 64));
		fprintf(f, "alloc %" PRIu64 "\n", (2 + jg_rng_below(&r, 3)) * page);
	}
	fprintf(f, "verify\n");
	fclose(f);

	f = jg_input(dir, "count0");
	fprintf(f, "page %d\ncount 0\n", COUNT_PAGE);
	fclose(f);
	f = jg_input(dir, "count");
	fprintf(f, "page %d\ncount %d\n", COUNT_PAGE, COUNT_N);
	fclose(f);

	/* memcheck: blocks up to the break (valgrind knows it to the byte),
	 * released and handed out again. */
	f = jg_input(dir, "mc");
	fprintf(f, "shift 1\nmark\n");
	for (uint64_t i = 0; i < 2 * page / 16 + 3; i++)
		fprintf(f, "alloc 16\n");
	fprintf(f, "release 0\n");
	for (int round = 0; round < 3; round++) {
		fprintf(f, "mark\n");
		for (uint64_t n = 1; n < page; n = n * 3 + 1)
			fprintf(f, "alloc %" PRIu64 "\n", n);
		fprintf(f, "release %d\n", round + 1);
	}
	fclose(f);
}

/* ---- reading a run back ---------------------------------------------- */

/* One operation of a script and the subject's answer to it. */
struct step {
	char op[16];
	uint64_t a, b;     /* the operation's numbers */
	int nargs;
	bool answered;     /* the subject printed a well-formed answer */
	uint64_t v[6];     /* the answer's numbers */
};

struct run {
	struct jg_run raw;
	struct step *steps;
	size_t n;
	uint64_t start;    /* the break before the first operation */
	bool started;
	size_t answered;   /* how many steps got an answer (a prefix) */
};

/* answer_arity - how many numbers the answer to op carries. */
static int answer_arity(const char *op)
{
	static const struct { const char *op; int n; } a[] = {
		{ "page", 1 }, { "shift", 2 }, { "alloc", 5 }, { "fill", 6 }, { "mark", 1 }, { "release", 1 },
		{ "malloc", 2 }, { "verify", 2 }, { "limit", 2 }, { "count", 1 },
	};

	for (size_t i = 0; i < sizeof(a) / sizeof(a[0]); i++)
		if (!strcmp(a[i].op, op))
			return a[i].n;
	return -1;
}

/* parse_signed - "-1" or a number. */
static bool parse_num(const char *w, uint64_t *v)
{
	if (!strcmp(w, "-1")) {
		*v = UINT64_MAX;
		return true;
	}
	return jg_u64(w, v);
}

static void load(struct run *r, const char *dir, const char *name)
{
	char file[64], word[32];
	char *script, *line, *save = NULL;
	size_t cap = 0;

	memset(r, 0, sizeof(*r));
	snprintf(file, sizeof(file), "%s.in", name);
	script = jg_slurp(dir, file, 1 << 20, NULL);
	for (line = script ? strtok_r(script, "\n", &save) : NULL; line; line = strtok_r(NULL, "\n", &save)) {
		struct step s = { 0 };

		if (!jg_word(line, 0, s.op, sizeof(s.op)))
			continue;
		if (jg_word(line, 1, word, sizeof(word)) && jg_u64(word, &s.a))
			s.nargs = 1;
		if (jg_word(line, 2, word, sizeof(word)) && jg_u64(word, &s.b))
			s.nargs = 2;
		if (r->n == cap) {
			cap = cap ? 2 * cap : 256;
			r->steps = realloc(r->steps, cap * sizeof(*r->steps));
			if (!r->steps)
				exit(3);
		}
		r->steps[r->n++] = s;
	}
	free(script);

	jg_run_load(&r->raw, dir, name, r->n + 2);
	if (r->raw.nlines > 0 && jg_word(r->raw.lines[0], 0, word, sizeof(word)) &&
	    !strcmp(word, "start") && jg_word(r->raw.lines[0], 1, word, sizeof(word)) &&
	    jg_u64(word, &r->start))
		r->started = true;
	/* Answers pair with operations in order; the first malformed one
	 * ends the usable prefix. */
	for (size_t i = 0; r->started && i < r->n && i + 1 < r->raw.nlines; i++) {
		struct step *s = &r->steps[i];
		int k = answer_arity(s->op);
		bool ok = k > 0 && jg_word(r->raw.lines[i + 1], 0, word, sizeof(word)) &&
			  !strcmp(word, s->op);

		for (int j = 0; ok && j < k; j++)
			ok = jg_word(r->raw.lines[i + 1], (unsigned)j + 1, word, sizeof(word)) &&
			     parse_num(word, &s->v[j]);
		if (!ok)
			break;
		s->answered = true;
		r->answered = i + 1;
	}
}

/* incomplete - fail id if run r did not answer every operation; say where
 * it stopped and how it ended.  Returns true when it failed. */
static bool incomplete(const char *id, const struct run *r, const char *name)
{
	const char *end = jg_run_end(&r->raw);

	if (r->started && r->answered == r->n)
		return false;
	if (!r->raw.present)
		jg_fail(id, "the run '%s' did not take place: %s", name, end);
	else if (!r->started)
		jg_fail(id, "the subject ran by `%s` printed nothing: it %s%s%s", name,
			end ? end : "ended at once", r->raw.err[0] ? "; stderr: " : "", r->raw.err);
	else
		jg_fail(id, "the run '%s' stopped at operation %zu of %zu (%s %" PRIu64 "): it %s%s%s",
			name, r->answered + 1, r->n, r->steps[r->answered].op, r->steps[r->answered].a,
			end ? end : "printed something the grader could not read",
			r->raw.err[0] ? "; stderr: " : "", r->raw.err);
	return true;
}

static void unload(struct run *r)
{
	jg_run_free(&r->raw);
	free(r->steps);
}

/* ---- the checks ------------------------------------------------------ */

struct span {
	uint64_t p, n;
};

static bool crosses(uint64_t p, uint64_t n, uint64_t lo, uint64_t hi)
{
	return n > 0 && p < hi && p + n > lo;
}

static bool inside(uint64_t p, uint64_t n, uint64_t lo, uint64_t hi)
{
	return p >= lo && p <= hi && n <= hi - p;
}

/* judge_layout - align, separate, below over one layout run. */
static void judge_layout(const char *dir, const char *name)
{
	struct run r;
	struct span *live;
	size_t nlive = 0, nonnull = 0;
	uint64_t lo = 0;

	load(&r, dir, name);
	if (incomplete("align", &r, name) | incomplete("separate", &r, name) |
	    incomplete("below", &r, name)) {
		unload(&r);
		return;
	}
	live = calloc(r.n, sizeof(*live));
	if (!live)
		exit(3);
	for (size_t i = 0; i < r.n; i++) {
		const struct step *s = &r.steps[i];

		if (!strcmp(s->op, "shift")) {
			lo = s->v[1];
			continue;
		}
		if (!strcmp(s->op, "verify")) {
			if (s->v[0] != UINT64_MAX)
				jg_fail("separate", "block %" PRIu64 " of the run '%s' no longer holds the "
					"bytes written into it: a later block was laid over it%s",
					s->v[0], name, jg_seed_note());
			continue;
		}
		if (strcmp(s->op, "alloc"))
			continue;
		uint64_t p = s->v[0], err = s->v[1], brk = s->v[2], n = s->a;

		if (p == 0) {
			jg_fail("below", "bump_alloc(%" PRIu64 ") returned NULL (errno %" PRIu64 ") though "
				"no limit was set%s", n, err, jg_seed_note());
			continue;
		}
		nonnull++;
		if (p % ALIGN)
			jg_fail("align", "bump_alloc(%" PRIu64 ") returned %#" PRIx64 ", %" PRIu64 " byte(s) "
				"past a multiple of 16 (the break started at %#" PRIx64 "; %s)%s", n, p,
				p % ALIGN, lo, name, jg_seed_note());
		if (!inside(p, n, lo, brk)) {
			jg_fail("below", "bump_alloc(%" PRIu64 ") returned %#" PRIx64 "%s, which does not lie "
				"between the break at the start (%#" PRIx64 ") and the break after the call "
				"(%#" PRIx64 ")%s", n, p, p == UINT64_MAX ? " ((void *)-1, sbrk's error value)" : "",
				lo, brk, jg_seed_note());
			continue;
		}
		for (size_t k = 0; k < nlive; k++)
			if (crosses(p, n, live[k].p, live[k].p + live[k].n)) {
				jg_fail("separate", "bump_alloc(%" PRIu64 ") returned %#" PRIx64 ": the block "
					"runs into the block of %" PRIu64 " bytes at %#" PRIx64 " (%s)%s", n, p,
					live[k].n, live[k].p, name, jg_seed_note());
				break;
			}
		live[nlive++] = (struct span){ p, n };
	}
	if (nonnull == 0) {
		jg_fail("align", "bump_alloc returned NULL for every request of the run '%s'", name);
		jg_fail("separate", "bump_alloc returned NULL for every request of the run '%s'", name);
	}
	jg_pass("align");
	jg_pass("separate");
	jg_pass("below");
	free(live);
	unload(&r);
}

/* brk_calls - the brk calls the subject made in a strace log (those of
 * the process that exec'd the subject, after that exec), or -1. */
static long brk_calls(const char *dir, const char *name)
{
	char file[64];
	char *log, *line, *save = NULL;
	long pid = -1, calls = 0;

	snprintf(file, sizeof(file), "%s.strace", name);
	log = jg_slurp(dir, file, 8u << 20, NULL);
	if (!log)
		return -1;
	for (line = strtok_r(log, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *end;
		long p = strtol(line, &end, 10);

		if (end == line)
			continue;
		if (strstr(end, "execve(") && strstr(end, "/subject\"") && strstr(end, "= 0"))
			pid = p, calls = 0;
		else if (p == pid && strstr(end, " brk("))
			calls++;
	}
	free(log);
	return pid < 0 ? -1 : calls;
}

static void judge_pages(const char *dir)
{
	struct run r0, r;
	long base, calls;
	const long pages = (COUNT_N * 16 + COUNT_PAGE - 1) / COUNT_PAGE, bound = pages + 8;

	load(&r0, dir, "count0");
	load(&r, dir, "count");
	if (!incomplete("pages", &r0, "count0") && !incomplete("pages", &r, "count")) {
		base = brk_calls(dir, "count0");
		calls = brk_calls(dir, "count");
		if (base < 0 || calls < 0)
			jg_fail("pages", "strace logged no run of the subject (is ptrace allowed here?)");
		else if (r.steps[1].v[0] != COUNT_N)
			jg_fail("pages", "bump_alloc failed after %" PRIu64 " of the %d blocks",
				r.steps[1].v[0], COUNT_N);
		else
			jg_check("pages", calls - base <= bound, "%ld brk calls of your own for %d blocks "
				 "with 64 KiB pages (strace counted %ld; %ld happen in any run of the "
				 "subject): with 4 KiB pages hard-coded, it would be about 40",
				 calls - base, COUNT_N, calls, base);
	}
	unload(&r0);
	unload(&r);
}

/* judge_foreign - the blocks after malloc moved the break (foreign), and
 * the releases around malloc's memory (foreign-release). */
static void judge_foreign(const char *dir)
{
	struct run r;
	uint64_t b1 = 0, b2 = 0, brk = 0, mark = 0;
	int mallocs = 0, releases = 0;

	load(&r, dir, "foreign");
	if (!incomplete("foreign", &r, "foreign")) {
		for (size_t i = 0; i < r.n; i++) {
			const struct step *s = &r.steps[i];

			if (!strcmp(s->op, "mark")) {
				mark = s->v[0];
				continue;
			}
			if (!strcmp(s->op, "fill")) {
				/* v: N P ERRNO BRK WROTE FIRED; b1 is the break at the mark */
				uint64_t at = (mark + ALIGN - 1) & ~(uint64_t)(ALIGN - 1);

				if (s->v[1] != at || s->v[3] != b2)
					jg_fail("foreign", "after malloc moved the break (from your %#" PRIx64
						" to %#" PRIx64 "), bump_alloc(%" PRIu64 "), exactly the room left "
						"between bump_mark() (%#" PRIx64 ") and your end of the area, returned "
						"%#" PRIx64 "%s and the break became %#" PRIx64 ": the block fits below "
						"your end, so it must start at the mark, rounded up to 16, without "
						"moving the break (the grader made any growing sbrk fail)%s", b1, b2,
						s->v[0], mark, s->v[1], s->v[1] ? "" : " (NULL)", s->v[3],
						s->v[5] ? "; bump_alloc called sbrk to grow the break" : "");
				continue;
			}
			if (!strcmp(s->op, "malloc")) {
				if (mallocs++ == 0)
					b2 = s->v[1];
				b2 = s->v[1];
				continue;
			}
			if (!strcmp(s->op, "verify")) {
				if (s->v[1] != UINT64_MAX)
					jg_fail("foreign", "malloc's block %" PRIu64 " was overwritten by your "
						"blocks", s->v[1]);
				continue;
			}
			if (strcmp(s->op, "alloc"))
				continue;
			brk = s->v[2];
			if (!mallocs) {
				b1 = brk;
				continue;
			}
			if (!s->v[0] || !inside(s->v[0], s->a, r.start, brk))
				jg_fail("foreign", "after malloc moved the break, bump_alloc(%" PRIu64 ") returned "
					"%#" PRIx64 ", not a block below the break (%#" PRIx64 ")", s->a, s->v[0], brk);
			else if (crosses(s->v[0], s->a, b1, b2))
				jg_fail("foreign", "after malloc moved the break, bump_alloc(%" PRIu64 ") returned "
					"%#" PRIx64 ": the block runs over malloc's memory [%#" PRIx64 ", %#" PRIx64 ")",
					s->a, s->v[0], b1, b2);
		}
		if (b2 <= b1)
			jg_fail("foreign", "the grader's malloc did not move the break (a grader problem)");
		jg_pass("foreign");
	}
	unload(&r);

	load(&r, dir, "foreign-release");
	if (!incomplete("lowered", &r, "foreign-release") && !incomplete("oldmark", &r, "foreign-release")) {
		b1 = b2 = 0;
		mallocs = 0;
		for (size_t i = 0; i < r.n; i++) {
			const struct step *s = &r.steps[i];

			if (!strcmp(s->op, "alloc") && !mallocs)
				b1 = s->v[2];
			if (!strcmp(s->op, "malloc")) {
				mallocs++;
				b2 = s->v[1];
			}
			if (!strcmp(s->op, "release")) {
				releases++;
				if (s->v[0] < b2)
					jg_fail("lowered", "the break was %#" PRIx64 " (malloc had moved it up from "
						"your %#" PRIx64 "); bump_release lowered it to %#" PRIx64 ", unmapping "
						"malloc's blocks", b2, b1, s->v[0]);
			}
			if (!strcmp(s->op, "alloc") && releases == 2 &&
			    (!s->v[0] || crosses(s->v[0], s->a, b1, b2) || !inside(s->v[0], s->a, r.start, s->v[2])))
				jg_fail("oldmark", "after releasing to a mark taken before malloc moved the break, "
					"bump_alloc(%" PRIu64 ") returned %#" PRIx64 ": %s [%#" PRIx64 ", %#" PRIx64 ")",
					s->a, s->v[0], s->v[0] ? "the block runs over malloc's memory" :
					"NULL; malloc's memory is", b1, b2);
			if (!strcmp(s->op, "verify") && s->v[1] != UINT64_MAX)
				jg_fail("lowered", "malloc's block %" PRIu64 " was overwritten", s->v[1]);
		}
		jg_pass("lowered");
		jg_pass("oldmark");
	}
	unload(&r);
}

static void judge_release(const char *dir)
{
	struct run r;
	uint64_t marks[8] = { 0 }, b0, top = 0, first = 0, brk, page = 16384;
	int nmarks = 0, releases = 0;
	bool want_first = false, after_full = false;

	load(&r, dir, "release");
	if (incomplete("full", &r, "release") | incomplete("partial", &r, "release") |
	    incomplete("reuse", &r, "release")) {
		unload(&r);
		return;
	}
	b0 = brk = r.start;
	for (size_t i = 0; i < r.n; i++) {
		const struct step *s = &r.steps[i];

		if (!strcmp(s->op, "mark") && nmarks < 8) {
			marks[nmarks++] = s->v[0];
			want_first = nmarks == 2;
		} else if (!strcmp(s->op, "alloc")) {
			brk = s->v[2];
			if (!s->v[0]) {
				jg_fail("reuse", "bump_alloc(%" PRIu64 ") returned NULL (errno %" PRIu64 ")%s",
					s->a, s->v[1], jg_seed_note());
				continue;
			}
			if (brk > top)
				top = brk;
			if (want_first) {
				if (releases == 0)
					first = s->v[0];
				else if (s->v[0] != first)
					jg_fail("reuse", "after bump_release(%#" PRIx64 "), bump_alloc(40) returned "
						"%#" PRIx64 "; the first block after that mark was %#" PRIx64,
						marks[1], s->v[0], first);
				want_first = false;
			}
			if (after_full && s->v[0] != ((marks[0] + ALIGN - 1) & ~(uint64_t)(ALIGN - 1)))
				jg_fail("reuse", "after a full release, bump_alloc returned %#" PRIx64 ", not "
					"the start of the area (%#" PRIx64 ")", s->v[0], marks[0]);
			after_full = false;
		} else if (!strcmp(s->op, "verify")) {
			if (s->v[0] != UINT64_MAX)
				jg_fail("reuse", "releasing to a mark changed block %" PRIu64 ", handed out "
					"before that mark", s->v[0]);
		} else if (!strcmp(s->op, "release")) {
			uint64_t now = s->v[0], m = marks[s->a < 8 ? s->a : 0];

			releases++;
			if (s->a == 1 || s->a == 2) {
				uint64_t up = (m + page - 1) & ~(page - 1);

				if (now < m || now > up)
					jg_fail("partial", "after bump_release(%#" PRIx64 ") the break is %#" PRIx64
						" (it was %#" PRIx64 "): expected it between the mark and the next "
						"page boundary (%#" PRIx64 ", with 16 KiB pages)%s", m, now, brk, up,
						jg_seed_note());
				want_first = releases == 1 && s->a == 1;
			} else if (now != b0) {
				jg_fail("full", "after releasing to the first mark (release number %d), the "
					"break is %#" PRIx64 "; it was %#" PRIx64 " before the first block (and %#"
					PRIx64 " at the top)", releases, now, b0, top);
			} else {
				after_full = true;
			}
			brk = now;
		}
	}
	if (top <= b0 + 250 * 100)
		jg_fail("reuse", "the break moved from %#" PRIx64 " to %#" PRIx64 " only, while bump_alloc "
			"handed out more than 25,000 bytes: the blocks do not come from the break", b0, top);
	jg_pass("full");
	jg_pass("partial");
	jg_pass("reuse");
	unload(&r);
}

static void judge_limits(const char *dir)
{
	struct run r;
	bool limited = false, big_done = false;
	uint64_t got = 0, lo;
	int nulls = 0;

	load(&r, dir, "rlimit");
	if (!(incomplete("huge", &r, "rlimit") | incomplete("enomem", &r, "rlimit") |
	      incomplete("usable", &r, "rlimit"))) {
		lo = r.start;
		for (size_t i = 0; i < r.n; i++) {
			const struct step *s = &r.steps[i];

			if (!strcmp(s->op, "limit")) {
				if (!s->v[0])
					jg_fail("enomem", "the grader could not set RLIMIT_DATA (a grader problem)");
				limited = true;
				continue;
			}
			if (strcmp(s->op, "alloc"))
				continue;
			uint64_t p = s->v[0], err = s->v[1], brk = s->v[2];

			if (!limited) {
				jg_check("huge", p == 0 && err == ENOMEM_, "bump_alloc(%#" PRIx64 ") returned %#"
					 PRIx64 "%s with errno %" PRIu64 ": expected NULL with errno ENOMEM (12)",
					 s->a, p, p == UINT64_MAX ? " ((void *)-1)" : "", p ? 0 : err);
				continue;
			}
			if (p && !inside(p, s->a, lo, brk)) {
				jg_fail("enomem", "under RLIMIT_DATA, bump_alloc(%" PRIu64 ") returned %#" PRIx64
					"%s, beyond the break (%#" PRIx64 ")", s->a, p,
					p == UINT64_MAX ? " ((void *)-1, sbrk's error value)" : "", brk);
				break;
			}
			if (!big_done) {
				big_done = true;
				if (p)
					jg_fail("enomem", "bump_alloc(%" PRIu64 ") returned a block though "
						"RLIMIT_DATA left room for %d KiB only", s->a, MARGIN_KB);
				else if (err != ENOMEM_)
					jg_fail("enomem", "bump_alloc(%" PRIu64 ") returned NULL with errno %" PRIu64
						", not ENOMEM (12)", s->a, err);
				continue;
			}
			if (p) {
				got += s->a;
			} else {
				nulls++;
				if (err != ENOMEM_)
					jg_fail("enomem", "under RLIMIT_DATA, bump_alloc(%" PRIu64 ") returned NULL "
						"with errno %" PRIu64 ", not ENOMEM (12)", s->a, err);
			}
		}
		if (!nulls)
			jg_fail("enomem", "bump_alloc handed out %" PRIu64 " bytes and never returned NULL, "
				"though RLIMIT_DATA left room for %d KiB", got, MARGIN_KB);
		if (got < MARGIN_KB * 1024 / 2)
			jg_fail("usable", "after one failed request, bump_alloc handed out only %" PRIu64
				" bytes before failing again, though RLIMIT_DATA left room for %d KiB",
				got, MARGIN_KB);
		if (r.n && r.steps[r.n - 1].v[0] != UINT64_MAX)
			jg_fail("usable", "block %" PRIu64 " changed while bump_alloc failed", r.steps[r.n - 1].v[0]);
		jg_pass("huge");
		jg_pass("enomem");
		jg_pass("usable");
	}
	unload(&r);

	load(&r, dir, "fault");
	if (!incomplete("usable", &r, "fault")) {
		struct span live[64];
		size_t nlive = 0;

		for (size_t i = 0; i < r.n; i++) {
			const struct step *s = &r.steps[i];

			if (!strcmp(s->op, "verify") && s->v[0] != UINT64_MAX)
				jg_fail("usable", "block %" PRIu64 " changed after an sbrk failed", s->v[0]);
			if (strcmp(s->op, "alloc"))
				continue;
			if (s->nargs == 2 && s->v[4]) {
				/* The grader made this call's sbrk fail. */
				jg_check("enomem", s->v[0] == 0 && s->v[1] == ENOMEM_, "when sbrk failed "
					 "(the grader made it fail), bump_alloc(%" PRIu64 ") returned %#" PRIx64
					 " with errno %" PRIu64 ": expected NULL with errno ENOMEM",
					 s->a, s->v[0], s->v[0] ? 0 : s->v[1]);
				continue;
			}
			if (!s->v[0] || !inside(s->v[0], s->a, r.start, s->v[2])) {
				jg_fail("usable", "after an sbrk failed, bump_alloc(%" PRIu64 ") returned %#"
					PRIx64 ", not a block below the break (%#" PRIx64 ")%s", s->a, s->v[0],
					s->v[2], jg_seed_note());
				continue;
			}
			for (size_t k = 0; k < nlive; k++)
				if (crosses(s->v[0], s->a, live[k].p, live[k].p + live[k].n))
					jg_fail("usable", "after an sbrk failed, bump_alloc(%" PRIu64 ") returned %#"
						PRIx64 ", over the block of %" PRIu64 " bytes at %#" PRIx64 "%s",
						s->a, s->v[0], live[k].n, live[k].p, jg_seed_note());
			if (nlive < 64)
				live[nlive++] = (struct span){ s->v[0], s->a };
		}
	}
	unload(&r);
}

void judge_verdict(uint64_t seed, const char *dir)
{
	(void)seed;
	judge_layout(dir, "layout");
	judge_layout(dir, "layout16k");
	judge_layout(dir, "layout64k");
	/* Later properties wait for alignment: a starter that hands out
	 * misaligned blocks from sbrk(n) must not pass any of them by chance
	 * (its blocks never overlap, for one).  Said first, so that the
	 * waiting is what the student reads. */
	static const char *const later[] = { "separate", "below", "pages", "foreign", "enomem",
		"usable", "huge", "full", "partial", "reuse", "lowered", "oldmark" };
	for (size_t i = 0; i < sizeof(later) / sizeof(later[0]); i++) {
		jg_wait(later[i], "align");
		if (i > 0)
			jg_wait(later[i], "separate");
	}
	judge_pages(dir);
	judge_foreign(dir);
	judge_limits(dir);
	judge_release(dir);
}
