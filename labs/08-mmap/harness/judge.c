/*
 * judge.c - lab 08's judge: chooses the files, the truncations, the
 * buffer sizes and the calls that fail, then decides, from what the
 * subject reported, which properties hold.
 *
 * Never linked with the student's code (see common/judge/judge.h).  The
 * files are named by (size, seed, kind, last byte) and their bytes come
 * from harness/content.h: the subject writes them, the judge counts them
 * itself.  Mappings and descriptors left behind are read from the lines
 * of /proc/self/maps and /proc/self/fd the subject copied, and for
 * descriptors once more from strace, run by the grader outside.
 *
 *   run     what
 *   files   open, count, close, close twice: sizes 0, 1, page - 1, page,
 *           page + 1, 2 pages - 1, 2 pages, 3 pages + 1, random ones, for
 *           pages of 4, 16 and 64 KiB (and 5 MiB + 7); from the 16 KiB
 *           section's second file on, the caller's standard input is
 *           closed, so open gives descriptor 0
 *   guard   guarded_alloc, the byte past it, guarded_free, with the
 *           machine's pages, then 16 and 64 KiB pretended
 *   trunc   files cut under the mapping; SIGBUS's action after mf_count
 *   fault   open, fstat, mmap and mprotect made to fail in turn, and
 *           mf_count's sigaction; close and munmap change errno after
 *           a failure, as POSIX allows (and strace)
 *   asan    every call, error paths included, under AddressSanitizer;
 *   mc      the same script under memcheck (read by the bats file)
 */
#define _GNU_SOURCE   /* memmem */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "judge.h"
#include "ops.h"

#define EIO_ 5
#define ENOENT_ 2
#define ENOMEM_ 12
#define EINVAL_ 22
#define EMFILE_ 24
#define ENOTTY_ 25
#define EOVERFLOW_ 75
#define SIGSEGV_ 11
#define SIGUSR1_BIT 0x200u   /* bit 9: signal 10 */
#define SIGUSR2_BIT 0x800u   /* bit 11: signal 12 */
#define BIG (5u * 1024 * 1024 + 7)
#define TRUNC_PAGE 65536u    /* truncations cut below 2 pages of 64 KiB */

const struct jg_property jg_properties[] = {
	{ "open-map", 1, "mf_open returns 0 with m->size the file's size and m->data the first byte of a "
	  "read-only (r--) mapping of that file at offset 0, for files of 1 byte to 5 MiB "
	  "(page - 1, page, page + 1... with 4, 16 and 64 KiB pages)",
	  "mf_open in mapfile.c: open, fstat, mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0) (TODO 1)" },
	{ "open-empty", 1, "mf_open of a 0-byte file returns 0 with { NULL, 0 } and maps nothing "
	  "(mmap refuses a length of 0 with EINVAL)",
	  "mf_open in mapfile.c: test st.st_size == 0 before calling mmap (TODO 1)" },
	{ "open-fd", 1, "no descriptor stays open after mf_open, whether it succeeds or fails "
	  "(/proc/self/fd before and after each call; strace pairs every open with a close)",
	  "mf_open in mapfile.c: close(fd) on every way out, success included (TODO 1)" },
	{ "open-fail", 1, "when open, fstat or mmap fails (a missing file; the grader makes the 1st, 2nd, 3rd "
	  "call fail in turn), mf_open returns -1 with that call's errno (ENOENT, EMFILE, EOVERFLOW, ENOMEM), "
	  "*m zeroed, and no mapping left, though close() may change errno when it succeeds",
	  "mf_open in mapfile.c: save errno before close(), zero *m (TODO 1)" },
	{ "count", 2, "mf_count returns 0 and the lines, words and bytes the grader counted itself, for "
	  "every file: words are runs of bytes that are not one of \" \\t\\n\\v\\f\\r\"; zero bytes and "
	  "bytes above 127 are word bytes",
	  "count_bytes in mapfile.c: read exactly n bytes, compare (unsigned char)p[i], set all three "
	  "fields (TODO 2)" },
	{ "mem-files", 2, "AddressSanitizer and memcheck find no error and no leak in mf_open, mf_count and "
	  "mf_close (files of several sizes, *c uninitialised, failed opens)",
	  "mapfile.c: mf_open, count_bytes and mf_close (TODO 1 to 3)" },
	{ "close-maps", 3, "/proc/self/maps after mf_close is the same as before mf_open, for every size "
	  "and page size",
	  "mf_close in mapfile.c: munmap(m->data, m->size), the length mmap got (TODO 3)" },
	{ "close-twice", 3, "mf_close zeroes *m: a second mf_close leaves alone the page the caller mapped "
	  "at the old address in between, and mf_close of a zeroed struct changes nothing",
	  "mf_close in mapfile.c: memset(m, 0, sizeof(*m)) after munmap; skip munmap when m->data is "
	  "NULL (TODO 3)" },
	{ "trunc-eio", 4, "when the file was cut after mf_open (to 0, 1, 64 KiB or a random size), mf_count "
	  "returns -1 with errno EIO, each time, whatever the caller's SIGBUS action (a handler, SIG_IGN, "
	  "SIG_DFL), and counting an intact file still returns 0 after",
	  "mf_count in mapfile.c: a SIGBUS handler that siglongjmps back to sigsetjmp(env, 1) (TODO 4)" },
	{ "sig-after-ok", 4, "after a successful mf_count, SIGBUS's action is the caller's own (handler, flags "
	  "and sa_mask; SIG_IGN; SIG_DFL) and the blocked signals are the caller's",
	  "mf_count in mapfile.c: sigaction(SIGBUS, &sa, &old) first, sigaction(SIGBUS, &old, NULL) "
	  "before returning (TODO 4)" },
	{ "count-sigfail", 4, "when the grader makes mf_count's first sigaction call fail, mf_count returns -1 "
	  "with errno set, or the right counts with 0 (never 0 without counting), and SIGBUS's action is "
	  "still the caller's",
	  "mf_count in mapfile.c: when sigaction fails, return -1 at once: there is no old action to put "
	  "back (TODO 4)" },
	{ "sig-after-eio", 4, "after mf_count returned -1/EIO, SIGBUS's action is the caller's own and SIGBUS "
	  "is not blocked (the blocked signals are the caller's)",
	  "mf_count in mapfile.c: restore the old action on the jump's path too, and use "
	  "sigsetjmp(env, 1)/siglongjmp, not setjmp/longjmp (TODO 4)" },
	{ "mem-trunc", 4, "AddressSanitizer and memcheck find no error and no leak in mf_count of a "
	  "truncated file",
	  "mf_count in mapfile.c (TODO 4)" },
	{ "guard-end", 5, "p = guarded_alloc(n): p + n is on a page boundary, [p, p + n) is read-write, "
	  "a whole PROT_NONE page starts at p + n, and no more is mapped than n rounded up to whole pages "
	  "plus that one, for n = 1, 100, page - 1, page, page + 1, 2 pages, 3 pages - 5 and random n, "
	  "with 4, 16 and 64 KiB pages",
	  "guarded_alloc in mapfile.c: mmap(round_up(n, pg) + pg), mprotect the last pg PROT_NONE, "
	  "return base + round_up(n, pg) - n, with pg = ml_page_size() (TODO 5)" },
	{ "guard-fault", 5, "writing p[n] faults at once with SIGSEGV at address p + n",
	  "guarded_alloc in mapfile.c: the data must end where the guard page starts (TODO 5)" },
	{ "guard-free", 5, "/proc/self/maps after guarded_free(p, n) is the same as before guarded_alloc(n) "
	  "(guard page included), and guarded_free(NULL, n) does nothing",
	  "guarded_free in mapfile.c: one munmap from p + n - round_up(n, pg), of round_up(n, pg) + pg "
	  "bytes (TODO 5)" },
	{ "guard-zero", 5, "guarded_alloc(0) returns NULL with errno EINVAL and maps nothing",
	  "guarded_alloc in mapfile.c: refuse n == 0 first (TODO 5)" },
	{ "guard-fail", 5, "when mmap or mprotect fails (the grader makes the 1st, 2nd, 3rd call fail in "
	  "turn), guarded_alloc returns NULL with errno ENOMEM and leaves no mapping behind, though munmap() "
	  "may change errno when it succeeds",
	  "guarded_alloc in mapfile.c: munmap what you mapped when mprotect fails, and keep its errno "
	  "(TODO 5)" },
	{ "mem-guard", 5, "AddressSanitizer and memcheck find no error and no leak in guarded_alloc and "
	  "guarded_free",
	  "guarded_alloc and guarded_free in mapfile.c (TODO 5)" },
};
const size_t jg_nproperties = sizeof(jg_properties) / sizeof(jg_properties[0]);

/* ---- inputs ---------------------------------------------------------- */

/* put_file - one test file named name: its generator's seed drawn now. */
static void put_file(FILE *f, const char *name, uint64_t size, int kind, int last, struct jg_rng *r)
{
	fprintf(f, "file %s %" PRIu64 " %" PRIu64 " %d %d\n", name, size, jg_rng_next(r) >> 1, kind, last);
}

/* write_files - a section of the files run: sizes around multiples of
 * `page` bytes (4, 16 or 64 KiB), its files named SECTION-N.  No page size
 * is pretended here: nothing in mf_open, mf_count or mf_close may depend
 * on it (munmap rounds up by itself), and rounding up to a pretended page
 * larger than the machine's would unmap the neighbours. */
static void write_files(FILE *f, int section, uint64_t page, struct jg_rng *r)
{
	const uint64_t p = page;
	/* Boundaries first, each ending on a chosen byte: a blank before
	 * the zero-filled tail (a counter that reads p[n] counts one more
	 * word), or a word byte. */
	const struct { uint64_t size; int kind, last; } fixed[] = {
		{ 0, CT_MIXED, -1 }, { 1, CT_MIXED, '\n' }, { p - 1, CT_MIXED, ' ' },
		{ p, CT_VFR, '\v' }, { p + 1, CT_MIXED, ' ' }, { 2 * p - 1, CT_NUL, '\t' },
		{ 2 * p, CT_WORD, 'x' }, { 3 * p + 1, CT_BLANK, '\r' }, { 1, CT_MIXED, 'a' },
		{ 2, CT_BLANK, '\f' },
	};
	static const int lasts[] = { -1, ' ', '\n', '\f', 'z', '\r', 0 };
	char fname[16];
	int i = 0;

	for (size_t k = 0; k < sizeof(fixed) / sizeof(fixed[0]); k++, i++) {
		/* From the second file of the 16 KiB section on, the caller
		 * has no standard input: descriptor 0 is free, and open gives
		 * it, a valid descriptor like any other. */
		if (section == 1 && k == 1)
			fprintf(f, "nostdin\n");
		snprintf(fname, sizeof(fname), "%d-%d", section, i);
		put_file(f, fname, fixed[k].size, fixed[k].kind, fixed[k].last, r);
		fprintf(f, "mark\nopen 0 %s\ncount 0\nclose 0\ndiff\nclose2 0\n", fname);
	}
	for (int k = 0; k < 7; k++, i++) {
		/* The first random files: \v\f\r words, and zero bytes. */
		int kind = k == 0 ? CT_VFR : k == 1 ? CT_NUL : (int)jg_rng_below(r, CT_NKINDS);

		snprintf(fname, sizeof(fname), "%d-%d", section, i);
		put_file(f, fname, 2 + jg_rng_below(r, 4 * p), kind,
			 lasts[jg_rng_below(r, sizeof(lasts) / sizeof(lasts[0]))], r);
		fprintf(f, "mark\nopen 0 %s\ncount 0\nclose 0\ndiff\nclose2 0\n", fname);
	}
	if (section == 0) {
		put_file(f, "big", BIG, CT_MIXED, ' ', r);
		fprintf(f, "mark\nopen 0 big\ncount 0\nclose 0\ndiff\nclose2 0\n");
	}
	fprintf(f, "mark\nclose0\ndiff\n");
}

/* write_guard - a section of the guard run, pages of `page` bytes
 * pretended (ml_page_size() says so), 4 KiB taken for the machine's. */
static void write_guard(FILE *f, uint64_t page, struct jg_rng *r)
{
	const uint64_t p = page;
	const uint64_t fixed[] = { 1, 100, p - 1, p, p + 1, 2 * p, 3 * p - 5 };

	fprintf(f, "page %" PRIu64 "\n", page == 4096 ? 0 : page);
	for (size_t k = 0; k < sizeof(fixed) / sizeof(fixed[0]) + 3; k++)
		fprintf(f, "mark\nguard %" PRIu64 "\nover\ngfree\ndiff\n",
			k < sizeof(fixed) / sizeof(fixed[0]) ? fixed[k] : 1 + jg_rng_below(r, 4 * p));
	fprintf(f, "mark\nguard 0\ndiff\nmark\ngfreenull %" PRIu64 "\ndiff\n", 1 + jg_rng_below(r, p));
}

/* write_trunc - rounds of: the caller's SIGBUS action, a file, a count
 * of it intact, a cut under the mapping, two counts of it cut. */
static void write_trunc(FILE *f, struct jg_rng *r, const char *const *modes, int n, bool mem)
{
	for (int k = 0; k < n; k++) {
		uint64_t size = 4 * TRUNC_PAGE + 10 + jg_rng_below(r, TRUNC_PAGE), cut;
		char fname[16];

		switch (jg_rng_below(r, 4)) {
		case 0: cut = 0; break;
		case 1: cut = 1; break;
		case 2: cut = TRUNC_PAGE; break;
		default: cut = jg_rng_below(r, 2 * TRUNC_PAGE); break;
		}
		snprintf(fname, sizeof(fname), "t%d", k);
		fprintf(f, "sig %s\n", modes[k]);
		put_file(f, fname, size, CT_MIXED, -1, r);
		fprintf(f, "open 0 %s\ntcount 0%s\ntrunc %s %" PRIu64 "\ntcount 0%s\n", fname,
			mem ? " u" : "", fname, cut, mem ? " u" : "");
		if (!mem)
			fprintf(f, "tcount 0\n");
		fprintf(f, "close 0\n");
	}
	put_file(f, "z", 5000 + jg_rng_below(r, 5000), CT_MIXED, -1, r);
	fprintf(f, "open 0 z\ntcount 0%s\nclose 0\n", mem ? " u" : "");
}

/* write_mem_* - what AddressSanitizer and memcheck watch: every call,
 * error paths included, with *c uninitialised. */
static void write_mem_files(FILE *f, struct jg_rng *r)
{
	const uint64_t sizes[] = { 0, 1, 4097, 3 * 4096, 2 + jg_rng_below(r, 20000) };

	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		fprintf(f, "file m%zu ", k);
		fprintf(f, "%" PRIu64 " %" PRIu64 " %d -1\n", sizes[k], jg_rng_next(r) >> 1, CT_MIXED);
		fprintf(f, "open 0 m%zu\ncount 0 u\nclose 0\nclose2 0\n", k);
	}
	fprintf(f, "open 0 m2 mmap 1\nclose 0\nopen 0 m2 open 1\nclose 0\nopen 0 missing\nclose 0\nclose0\n");
	/* fstat failing: memcheck sees a struct stat read though fstat
	 * never filled it; sigaction failing: an old action put back though
	 * sigaction never filled it. */
	fprintf(f, "open 0 m2 fstat 1\nclose 0\nopen 0 m3\nfcount 0 sigaction 1\nclose 0\n");
}

static void write_mem_guard(FILE *f, struct jg_rng *r)
{
	const uint64_t sizes[] = { 1, 100, 4096, 4097, 3 * 4096 - 5, 1 + jg_rng_below(r, 20000) };

	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++)
		fprintf(f, "guard %" PRIu64 "\ngfree\n", sizes[k]);
	fprintf(f, "guard 0\ngfreenull 100\nguard 100 mprotect 1\ngfree\nguard 100 mmap 1\ngfree\n");
}

void judge_inputs(uint64_t seed, const char *dir)
{
	static const char *const modes[] = { "handler", "handler", "handler", "ign", "ign", "dfl", "dfl" };
	static const char *const mem_modes[] = { "handler", "handler" };
	static const uint64_t pages[] = { 4096, 16384, 65536 };
	struct jg_rng r;
	FILE *f, *g;

	jg_rng_seed(&r, seed);
	/* One run for the files and one for the guards, each in three
	 * sections: the machine's pages, then 16 KiB and 64 KiB pretended. */
	f = jg_input(dir, "files");
	g = jg_input(dir, "guard");
	for (int k = 0; k < 3; k++) {
		write_files(f, k, pages[k], &r);
		write_guard(g, pages[k], &r);
	}
	fclose(f);
	fclose(g);

	f = jg_input(dir, "trunc");
	write_trunc(f, &r, modes, 7, false);
	fclose(f);

	/* fault: each open, fstat, mmap and mprotect call of mf_open and of
	 * guarded_alloc made to fail in turn (the 1st, the 2nd, the 3rd:
	 * a later one that does not happen leaves the call a success); after
	 * the failure, close and munmap change errno (the stub says how). */
	static const char *const open_fns[] = { "open", "fstat", "mmap", "mprotect" };

	f = jg_input(dir, "fault");
	put_file(f, "a", 3 * 4096 + 5 + jg_rng_below(&r, 4096), CT_MIXED, -1, &r);
	put_file(f, "e", 0, CT_MIXED, -1, &r);
	for (size_t fn = 0; fn < sizeof(open_fns) / sizeof(open_fns[0]); fn++)
		for (int k = 1; k <= 3; k++)
			fprintf(f, "mark\nopen 0 a %s %d\nclose 0\ndiff\n", open_fns[fn], k);
	fprintf(f, "mark\nopen 0 e mmap 1\nclose 0\ndiff\n");
	fprintf(f, "mark\nopen 0 e fstat 1\nclose 0\ndiff\n");
	fprintf(f, "mark\nopen 0 missing\nclose 0\ndiff\n");
	/* mf_count's sigaction failing, under a caller with a handler of
	 * its own: the count, or -1, and that handler left in place. */
	fprintf(f, "sig handler\nopen 0 a\nfcount 0 sigaction 1\nclose 0\n");
	for (int fn = 0; fn < 2; fn++)
		for (int k = 1; k <= 3; k++)
			fprintf(f, "mark\nguard %" PRIu64 " %s %d\ngfree\ndiff\n", 1 + jg_rng_below(&r, 3 * 4096),
				fn == 0 ? "mmap" : "mprotect", k);
	fclose(f);

	/* The memory runs: the same script under AddressSanitizer and under
	 * memcheck; their errors are told apart by the stub's scenario_*
	 * function on their stacks. */
	for (int pass = 0; pass < 2; pass++) {
		struct jg_rng rm;

		jg_rng_seed(&rm, seed ^ 0x6d656d);
		f = jg_input(dir, pass ? "mc" : "asan");
		write_mem_files(f, &rm);
		write_trunc(f, &rm, mem_modes, 2, true);
		write_mem_guard(f, &rm);
		fclose(f);
	}
}

/* ---- reading a run back ---------------------------------------------- */

#define MAX_WORDS 6
#define MAX_VALS 12

struct op {
	char w[MAX_WORDS][48];   /* the operation's words */
	int nw;
	bool answered, crashed;
	uint64_t v[MAX_VALS];    /* the answer's numbers (-1 as 2^64 - 1) */
	size_t det, ndet;        /* its detail lines: raw.lines[det..det+ndet) */
	uint64_t page;           /* the page size the subject reported then */
};

struct run {
	const char *name;
	struct jg_run raw;
	struct op *ops;
	size_t n, answered;
	bool started;
	uint64_t real_page;
};

static int arity(const char *op)
{
	static const struct { const char *op; int n; } a[] = {
		{ "page", 1 }, { "file", 1 }, { "trunc", 1 }, { "open", 7 }, { "count", 10 },
		{ "tcount", 10 }, { "fcount", 11 }, { "nostdin", 1 }, { "close", 2 }, { "close2", 4 },
		{ "close0", 0 }, { "mark", 1 }, { "diff", 1 }, { "sig", 0 }, { "guard", 5 }, { "over", 2 },
		{ "gfree", 0 }, { "gfreenull", 0 },
	};

	for (size_t i = 0; i < sizeof(a) / sizeof(a[0]); i++)
		if (!strcmp(a[i].op, op))
			return a[i].n;
	return -1;
}

static bool parse_num(const char *w, uint64_t *v)
{
	if (w[0] == '-') {
		if (!jg_u64(w + 1, v))
			return false;
		*v = (uint64_t)0 - *v;
		return true;
	}
	return jg_u64(w, v);
}

/* answer - parse line as the answer to o; false if it is not one. */
static bool answer(struct op *o, const char *line)
{
	char word[48];
	int k;

	if (!jg_word(line, 0, word, sizeof(word)))
		return false;
	if (!strcmp(word, "crash")) {
		o->crashed = true;
		k = 2;
	} else if (!strcmp(word, o->w[0])) {
		k = arity(word);
	} else {
		return false;
	}
	for (int j = 0; j < k; j++)
		if (!jg_word(line, (unsigned)j + 1, word, sizeof(word)) || !parse_num(word, &o->v[j]))
			return false;
	return true;
}

static void load(struct run *r, const char *dir, const char *name)
{
	char file[64], word[48];
	char *script, *line, *save = NULL;
	size_t cap = 0, li;

	memset(r, 0, sizeof(*r));
	r->name = name;
	snprintf(file, sizeof(file), "%s.in", name);
	script = jg_slurp(dir, file, 1 << 20, NULL);
	for (line = script ? strtok_r(script, "\n", &save) : NULL; line; line = strtok_r(NULL, "\n", &save)) {
		struct op o;

		memset(&o, 0, sizeof(o));
		while (o.nw < MAX_WORDS && jg_word(line, (unsigned)o.nw, o.w[o.nw], sizeof(o.w[0])))
			o.nw++;
		if (!o.nw)
			continue;
		if (r->n == cap) {
			cap = cap ? 2 * cap : 256;
			r->ops = realloc(r->ops, cap * sizeof(*r->ops));
			if (!r->ops)
				exit(3);
		}
		r->ops[r->n++] = o;
	}
	free(script);

	jg_run_load(&r->raw, dir, name, 40 * r->n + 64);
	if (r->raw.nlines > 0 && jg_word(r->raw.lines[0], 0, word, sizeof(word)) &&
	    !strcmp(word, "start") && jg_word(r->raw.lines[0], 1, word, sizeof(word)) &&
	    jg_u64(word, &r->real_page) && r->real_page >= 4096 && !(r->real_page & (r->real_page - 1)))
		r->started = true;
	/* Answers pair with operations in order, each followed by its detail
	 * lines; the first line that is neither ends the usable prefix. */
	li = 1;
	for (size_t i = 0; r->started && i < r->n && li < r->raw.nlines; i++) {
		struct op *o = &r->ops[i];

		if (!answer(o, r->raw.lines[li]))
			break;
		o->answered = true;
		r->answered = i + 1;
		o->det = ++li;
		while (li < r->raw.nlines && !strncmp(r->raw.lines[li], "  ", 2))
			li++;
		o->ndet = li - o->det;
	}
	for (size_t i = 0, page = r->real_page; i < r->answered; i++) {
		if (!strcmp(r->ops[i].w[0], "page") && !r->ops[i].crashed)
			page = r->ops[i].v[0] ? r->ops[i].v[0] : r->real_page;
		r->ops[i].page = page;
	}
}

static void unload(struct run *r)
{
	jg_run_free(&r->raw);
	free(r->ops);
}

/* op_text - "open 0 3" and the like, for messages. */
static const char *op_text(const struct op *o)
{
	static char buf[128];
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < o->nw && used < sizeof(buf); i++)
		used += (size_t)snprintf(buf + used, sizeof(buf) - used, "%s%s", i ? " " : "", o->w[i]);
	return buf;
}

/* stopped - fail id if run r stopped before operation `upto` (all of
 * them when upto is r->n): say where and how.  True when it failed. */
static bool stopped(const char *id, const struct run *r, size_t upto)
{
	const char *end = jg_run_end(&r->raw);

	if (r->started && r->answered >= upto)
		return false;
	if (!r->raw.present)
		jg_fail(id, "the run '%s' did not take place: %s", r->name, end);
	else if (!r->started)
		jg_fail(id, "the subject of the run '%s' printed nothing: it %s%s%s", r->name,
			end ? end : "ended at once", r->raw.err[0] ? "; stderr: " : "", r->raw.err);
	else
		jg_fail(id, "the run '%s' stopped at operation %zu of %zu (%s): it %s%s%s", r->name,
			r->answered + 1, r->n, op_text(&r->ops[r->answered]),
			end ? end : "printed something the grader could not read",
			r->raw.err[0] ? "; stderr: " : "", r->raw.err);
	return true;
}

/* A test file, as the `file` operation named it. */
struct tfile {
	char name[48];
	uint64_t size, seed;
	int kind, last;
};

static bool file_of(const struct run *r, size_t upto, const char *name, struct tfile *t)
{
	for (size_t i = upto; i-- > 0;) {
		const struct op *o = &r->ops[i];

		if (!strcmp(o->w[0], "file") && o->nw == 6 && !strcmp(o->w[1], name)) {
			snprintf(t->name, sizeof(t->name), "%s", name);
			t->size = strtoull(o->w[2], NULL, 10);
			t->seed = strtoull(o->w[3], NULL, 10);
			t->kind = atoi(o->w[4]);
			t->last = atoi(o->w[5]);
			return true;
		}
	}
	return false;
}

static const char *kind_name(int k)
{
	static const char *const names[] = { "mixed bytes", "words between \\v \\f \\r",
		"one long word", "blanks only", "words and zero bytes" };

	return k >= 0 && k < CT_NKINDS ? names[k] : "?";
}

/* A line of /proc/self/maps, parsed. */
struct mline {
	uint64_t start, end, offset;
	char perms[8];
	const char *path;      /* points into the line; "" when anonymous */
};

static bool parse_mline(const char *text, struct mline *m)
{
	int used = 0;

	if (sscanf(text, "%" SCNx64 "-%" SCNx64 " %7s %" SCNx64 " %*s %*s %n", &m->start, &m->end,
		   m->perms, &m->offset, &used) < 4 || m->end <= m->start)
		return false;
	m->path = used ? text + used : "";
	return true;
}

/* detail - the first detail line of o that starts with prefix ("  at "),
 * without the prefix, or NULL. */
static const char *detail(const struct run *r, const struct op *o, const char *prefix, size_t skip)
{
	size_t len = strlen(prefix);

	for (size_t i = 0; i < o->ndet; i++) {
		const char *l = r->raw.lines[o->det + i];

		if (!strncmp(l, prefix, len) && skip-- == 0)
			return l + len;
	}
	return NULL;
}

/* first_change - the first "  map+"/"  map-" detail of o, as a phrase. */
static const char *first_change(const struct run *r, const struct op *o)
{
	static char buf[400];
	const char *l = detail(r, o, "  map+ ", 0);

	if (l)
		snprintf(buf, sizeof(buf), "new in /proc/self/maps: %s", l);
	else if ((l = detail(r, o, "  map- ", 0)))
		snprintf(buf, sizeof(buf), "gone from /proc/self/maps: %s", l);
	else
		snprintf(buf, sizeof(buf), "(no line shown)");
	return buf;
}

/* ---- counting, as the grader does it ----------------------------------- */

enum { RIGHT, BLANKS3, STOPS_AT_NUL, ONE_PAST, SIGNED, NVARIANTS };
struct cnt {
	uint64_t lines, words, bytes;
};

/* counts_of - the counts of file t, and those wrong counters give.
 * RIGHT, ONE_PAST and STOPS_AT_NUL see the same blanks, so one pass
 * counts the words of three blank sets (a bit each: up to 5 MiB a file,
 * a few instructions a byte); ONE_PAST adds the zero after the file, and
 * STOPS_AT_NUL is RIGHT as it stood before the first zero byte. */
static void counts_of(const struct tfile *t, struct cnt c[NVARIANTS])
{
	enum { NB_RIGHT = 1, NB_THREE = 2, NB_SIGNED = 4 };   /* not a blank for that set */
	static unsigned char buf[1 << 16], nonblank[256];
	static bool ready;
	uint64_t s = t->seed, lines = 0, w[3] = { 0, 0, 0 };
	unsigned inside = 0;   /* the sets for which the last byte was in a word */
	bool nul_seen = false;

	if (!ready) {
		for (int b = 0; b < 256; b++) {
			bool blank6 = b == ' ' || (b >= '\t' && b <= '\r');

			nonblank[b] = (unsigned char)((blank6 ? 0 : NB_RIGHT) |
						      (b == ' ' || b == '\t' || b == '\n' ? 0 : NB_THREE) |
						      ((signed char)b <= ' ' ? 0 : NB_SIGNED));
		}
		ready = true;
	}
	memset(c, 0, NVARIANTS * sizeof(*c));
	for (uint64_t done = 0; done < t->size;) {
		size_t n = t->size - done < sizeof(buf) ? (size_t)(t->size - done) : sizeof(buf);

		ct_fill(buf, (size_t)done, n, (size_t)t->size, &s, t->kind, t->last);
		for (size_t i = 0; i < n; i++) {
			unsigned char b = buf[i];
			unsigned x = nonblank[b], starts = x & ~inside;

			if (b == 0 && !nul_seen) {
				nul_seen = true;
				c[STOPS_AT_NUL] = (struct cnt){ lines, w[0], done + i };
			}
			lines += b == '\n';
			w[0] += starts & 1;
			w[1] += (starts >> 1) & 1;
			w[2] += starts >> 2;
			inside = x;
		}
		done += n;
	}
	c[RIGHT] = (struct cnt){ lines, w[0], t->size };
	c[BLANKS3] = (struct cnt){ lines, w[1], t->size };
	c[SIGNED] = (struct cnt){ lines, w[2], t->size };
	/* one byte past: the zero-filled tail of the last page, not a blank */
	c[ONE_PAST] = (struct cnt){ lines, w[0] + !(inside & NB_RIGHT), t->size + 1 };
	if (!nul_seen)
		c[STOPS_AT_NUL] = c[RIGHT];
}

static const char *diagnosis(const struct cnt c[NVARIANTS], uint64_t lines, uint64_t words)
{
	static const char *const why[NVARIANTS] = {
		"",
		": that is what a counter gives that takes only ' ', '\\t' and '\\n' as blanks "
		"(\\v, \\f and \\r separate words too)",
		": that is what a counter gives that stops at the first zero byte (the file is not a "
		"C string: no str*() functions)",
		": that is what a counter gives that reads one byte past the end (p[n]: the zero "
		"after the file)",
		": that is what a counter gives that takes bytes above 127 or control bytes for blanks "
		"(compare (unsigned char)p[i] with the six blanks)",
	};

	for (int v = 1; v < NVARIANTS; v++)
		if (c[v].lines == lines && c[v].words == words &&
		    (c[v].lines != c[RIGHT].lines || c[v].words != c[RIGHT].words))
			return why[v];
	return "";
}

/* ---- step 1 and 3: the files runs ------------------------------------- */

struct failure {
	bool any;
	uint64_t size;
	char msg[700];
};

static void keep_smallest(struct failure *f, uint64_t size, const char *msg)
{
	if (f->any && f->size <= size)
		return;
	f->any = true;
	f->size = size;
	snprintf(f->msg, sizeof(f->msg), "%s", msg);
}

/* judge_open_run - open-map, open-empty and open-fd over one files run. */
static void judge_open_run(const char *dir, const char *name, struct failure *fmap,
			   struct failure *fempty, struct failure *ffd, int *checked)
{
	struct run r;
	char msg[700];
	const char *fd0 = "";

	load(&r, dir, name);
	if (stopped("open-map", &r, r.n) | stopped("open-empty", &r, r.n) |
	    stopped("open-fd", &r, r.n)) {
		unload(&r);
		return;
	}
	for (size_t i = 0; i < r.n; i++) {
		const struct op *o = &r.ops[i];
		struct tfile t;
		struct mline at;
		const char *atl, *fd;
		char want[64];

		if (!strcmp(o->w[0], "nostdin"))
			fd0 = " (the caller had closed its standard input, so open gave descriptor 0: a valid "
			      "descriptor, only -1 means failure)";
		if (strcmp(o->w[0], "open") || !file_of(&r, i, o->w[2], &t))
			continue;
		if (o->crashed) {
			snprintf(msg, sizeof(msg), "mf_open of a %" PRIu64 "-byte file crashed with signal %"
				 PRIu64 " at %#" PRIx64, t.size, o->v[0], o->v[1]);
			keep_smallest(t.size ? fmap : fempty, t.size, msg);
			continue;
		}
		uint64_t ret = o->v[0], err = o->v[1], data = o->v[2], size = o->v[3], nfd = o->v[5];

		(*checked)++;
		if (nfd && (fd = detail(&r, o, "  fd+ ", 0))) {
			snprintf(msg, sizeof(msg), "after mf_open of a %" PRIu64 "-byte file %s, descriptor %s is "
				 "still open", t.size, ret ? "failed" : "returned 0", fd);
			keep_smallest(ffd, t.size, msg);
		}
		if (t.size == 0) {
			if (ret != 0)
				snprintf(msg, sizeof(msg), "mf_open of a 0-byte file returned -1 with errno %" PRIu64
					 "%s", err, err == EINVAL_ ? " (EINVAL: mmap refuses a length of 0)" : err ? "" :
					 fd0);
			else if (data || size)
				snprintf(msg, sizeof(msg), "mf_open of a 0-byte file gave data %#" PRIx64
					 ", size %" PRIu64 "; want NULL, 0", data, size);
			else if (o->v[6])
				snprintf(msg, sizeof(msg), "mf_open of a 0-byte file changed the mappings: %s",
					 first_change(&r, o));
			else
				continue;
			keep_smallest(fempty, 0, msg);
			continue;
		}
		snprintf(want, sizeof(want), "/f-%s", t.name);
		atl = detail(&r, o, "  at ", 0);
		if (ret != 0)
			snprintf(msg, sizeof(msg), "mf_open of a %" PRIu64 "-byte file returned %" PRId64
				 " (errno %" PRIu64 ")%s%s", t.size, (int64_t)ret, err, err ? "" : fd0,
				 jg_seed_note());
		else if (size != t.size)
			snprintf(msg, sizeof(msg), "mf_open of a %" PRIu64 "-byte file gave m->size %" PRIu64,
				 t.size, size);
		else if (!data || !atl || !parse_mline(atl, &at))
			snprintf(msg, sizeof(msg), "mf_open of a %" PRIu64 "-byte file gave m->data %#" PRIx64
				 ", which lies in no mapping", t.size, data);
		else if (strlen(at.path) < strlen(want) || strcmp(at.path + strlen(at.path) - strlen(want), want))
			snprintf(msg, sizeof(msg), "m->data (%#" PRIx64 ") of a %" PRIu64 "-byte file lies in "
				 "'%s', not in a mapping of the file (read it with mmap, not read())",
				 data, t.size, atl);
		else if (at.start != data || at.offset != 0)
			snprintf(msg, sizeof(msg), "m->data (%#" PRIx64 ") is not the first byte of the file's "
				 "mapping: %s", data, atl);
		else if (at.perms[0] != 'r' || at.perms[1] != '-')
			snprintf(msg, sizeof(msg), "the file's mapping is not read-only: %s", atl);
		else if (at.end - at.start < t.size)
			snprintf(msg, sizeof(msg), "the mapping of a %" PRIu64 "-byte file is only %" PRIu64
				 " bytes: %s", t.size, at.end - at.start, atl);
		else
			continue;
		keep_smallest(fmap, t.size, msg);
	}
	unload(&r);
}

/* next_on_open - from op i on, the index of the next op named tag that
 * follows an mf_open that worked (*t: that file; *opened: whether the
 * latest open worked), or r->answered when there is none. */
static size_t next_on_open(const struct run *r, size_t i, const char *tag, bool *opened,
			   struct tfile *t)
{
	for (; i < r->answered; i++) {
		const struct op *o = &r->ops[i];

		if (!strcmp(o->w[0], "open"))
			*opened = !o->crashed && o->v[0] == 0 && file_of(r, i, o->w[2], t);
		else if (!strcmp(o->w[0], tag) && *opened)
			break;
	}
	return i;
}

/* judge_count_run - count over one files run (opens that worked only). */
static void judge_count_run(const char *dir, const char *name, struct failure *f, int *checked)
{
	struct run r;
	char msg[700];
	bool opened = false;
	struct tfile t;

	load(&r, dir, name);
	for (size_t i = 0; (i = next_on_open(&r, i, "count", &opened, &t)) < r.answered; i++) {
		const struct op *o = &r.ops[i];
		struct cnt c[NVARIANTS];

		(*checked)++;
		if (o->crashed) {
			snprintf(msg, sizeof(msg), "mf_count of a %" PRIu64 "-byte file (%s) crashed with "
				 "signal %" PRIu64 " at %#" PRIx64 ": does it read past the end?%s",
				 t.size, kind_name(t.kind), o->v[0], o->v[1], jg_seed_note());
			keep_smallest(f, t.size, msg);
			continue;
		}
		counts_of(&t, c);
		if (o->v[0] != 0) {
			snprintf(msg, sizeof(msg), "mf_count of an intact %" PRIu64 "-byte file returned %"
				 PRId64 " (errno %" PRIu64 ")", t.size, (int64_t)o->v[0], o->v[1]);
			keep_smallest(f, t.size, msg);
		} else if (o->v[2] != c[RIGHT].lines || o->v[3] != c[RIGHT].words ||
			   o->v[4] != c[RIGHT].bytes) {
			snprintf(msg, sizeof(msg), "for a %" PRIu64 "-byte file of %s (last byte %#x), "
				 "mf_count gave lines/words/bytes %" PRIu64 " %" PRIu64 " %" PRIu64
				 "; the grader counted %" PRIu64 " %" PRIu64 " %" PRIu64 "%s%s", t.size,
				 kind_name(t.kind), t.last < 0 ? 0x100 : t.last, o->v[2], o->v[3],
				 o->v[4], c[RIGHT].lines, c[RIGHT].words, c[RIGHT].bytes,
				 diagnosis(c, o->v[2], o->v[3]), jg_seed_note());
			keep_smallest(f, t.size, msg);
		}
	}
	if (r.answered < r.n) {
		snprintf(msg, sizeof(msg), "the run '%s' stopped at operation %zu (%s): it %s", r.name,
			 r.answered + 1, r.n ? op_text(&r.ops[r.answered]) : "",
			 jg_run_end(&r.raw) ? jg_run_end(&r.raw) : "printed something unreadable");
		keep_smallest(f, UINT64_MAX, msg);
	}
	unload(&r);
}

/* judge_close_run - close-maps and close-twice over one files run. */
static void judge_close_run(const char *dir, const char *name, struct failure *fmaps,
			    struct failure *ftwice, int *checked)
{
	struct run r;
	char msg[700];
	bool opened = false;
	struct tfile t = { .size = 0 };

	load(&r, dir, name);
	for (size_t i = 0; i < r.answered; i++) {
		const struct op *o = &r.ops[i];

		if (!strcmp(o->w[0], "open")) {
			opened = !o->crashed && o->v[0] == 0 && file_of(&r, i, o->w[2], &t);
			continue;
		}
		if (o->crashed && (!strcmp(o->w[0], "close") || !strcmp(o->w[0], "close2") ||
				   !strcmp(o->w[0], "close0"))) {
			snprintf(msg, sizeof(msg), "%s crashed with signal %" PRIu64 " at %#" PRIx64 " (after "
				 "mf_open of a %" PRIu64 "-byte file)", !strcmp(o->w[0], "close") ?
				 "mf_close" : "a second mf_close", o->v[0], o->v[1], t.size);
			keep_smallest(strcmp(o->w[0], "close") ? ftwice : fmaps, t.size, msg);
			continue;
		}
		if (!strcmp(o->w[0], "close") && opened && (o->v[0] || o->v[1])) {
			snprintf(msg, sizeof(msg), "after mf_close, *m is { %#" PRIx64 ", %" PRIu64 " }, "
				 "not zeroed", o->v[0], o->v[1]);
			keep_smallest(ftwice, t.size, msg);
		} else if (!strcmp(o->w[0], "diff") && i > 0 && !strcmp(r.ops[i - 1].w[0], "close0")) {
			if (o->v[0]) {
				snprintf(msg, sizeof(msg), "mf_close of a zeroed struct changed the mappings: %s",
					 first_change(&r, o));
				keep_smallest(ftwice, 0, msg);
			}
		} else if (!strcmp(o->w[0], "diff") && opened) {
			(*checked)++;
			if (o->v[0]) {
				snprintf(msg, sizeof(msg), "after mf_open and mf_close of a %" PRIu64 "-byte file, "
					 "/proc/self/maps differs from before: %s", t.size, first_change(&r, o));
				keep_smallest(fmaps, t.size, msg);
			}
		} else if (!strcmp(o->w[0], "close2") && opened && t.size > 0) {
			if (o->v[0] == UINT64_MAX) {
				snprintf(msg, sizeof(msg), "after mf_close of a %" PRIu64 "-byte file, its first "
					 "page is still mapped", t.size);
				keep_smallest(fmaps, t.size, msg);
			} else if (o->v[0] == 1 && o->v[1] == 0) {
				snprintf(msg, sizeof(msg), "the caller mapped a page at the address the file had "
					 "(m->data of a %" PRIu64 "-byte file) after mf_close; a second mf_close "
					 "unmapped it", t.size);
				keep_smallest(ftwice, t.size, msg);
			} else if (o->v[2] || o->v[3]) {
				snprintf(msg, sizeof(msg), "after a second mf_close, *m is { %#" PRIx64 ", %"
					 PRIu64 " }", o->v[2], o->v[3]);
				keep_smallest(ftwice, t.size, msg);
			}
		}
	}
	if (r.answered < r.n) {
		snprintf(msg, sizeof(msg), "the run '%s' stopped at operation %zu (%s): it %s", r.name,
			 r.answered + 1, r.n ? op_text(&r.ops[r.answered]) : "",
			 jg_run_end(&r.raw) ? jg_run_end(&r.raw) : "printed something unreadable");
		keep_smallest(fmaps, UINT64_MAX, msg);
		keep_smallest(ftwice, UINT64_MAX, msg);
	}
	unload(&r);
}

static void settle(const char *id, const struct failure *f, int checked)
{
	if (f->any)
		jg_fail(id, "%s", f->msg);
	else if (!checked)
		jg_fail(id, "not checked: no call of the runs got that far");
	jg_pass(id);
}

static void judge_files(const char *dir)
{
	struct failure fmap = { 0 }, fempty = { 0 }, ffd = { 0 }, fc = { 0 }, fcm = { 0 }, fct = { 0 };
	int nopen = 0, ncount = 0, nclose = 0;

	judge_open_run(dir, "files", &fmap, &fempty, &ffd, &nopen);
	settle("open-map", &fmap, nopen);
	settle("open-empty", &fempty, nopen);
	jg_wait("open-fd", "open-map");
	if (ffd.any)
		jg_fail("open-fd", "%s", ffd.msg);
	/* open-fd passes only with the fault run too (judge_fault). */

	jg_wait("count", "open-map");
	judge_count_run(dir, "files", &fc, &ncount);
	settle("count", &fc, ncount);

	jg_wait("close-maps", "open-map");
	jg_wait("close-twice", "open-map");
	judge_close_run(dir, "files", &fcm, &fct, &nclose);
	settle("close-maps", &fcm, nclose);
	settle("close-twice", &fct, nclose);
}

/* ---- step 1's error paths, and step 5's: the fault run ----------------- */

/* result_of - the result strace printed at the end of line (after the
 * last " = ", which it pads with spaces), or NULL. */
static const char *result_of(const char *line)
{
	const char *r = NULL, *q;

	for (q = strstr(line, " = "); q; q = strstr(q + 1, " = "))
		r = q + 3;
	return r;
}

/* strace_leaks - a test file opened by the subject (read-only) and never
 * closed, as strace saw it: "open f-a = 3" or "" for none; NULL when
 * strace logged no run of the subject. */
static const char *strace_leaks(const char *dir, const char *name)
{
	static char seen[256];
	char file[64];
	char *log, *line, *save = NULL;
	long pid = -1;
	struct { int fd; char path[96]; } open_fds[64];
	int n = 0;

	snprintf(file, sizeof(file), "%s.strace", name);
	log = jg_slurp(dir, file, 8u << 20, NULL);
	if (!log)
		return NULL;
	for (line = strtok_r(log, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *end, *q;
		const char *res;
		long p = strtol(line, &end, 10);

		if (end == line)
			continue;
		if (strstr(end, "execve(") && strstr(end, "/subject\"") && strstr(end, "= 0")) {
			pid = p;
			n = 0;
		} else if (p == pid && (q = strstr(end, "open")) && strstr(q, "/f-") &&
			   !strstr(q, "O_CREAT") && (res = result_of(q)) && *res >= '0' && *res <= '9') {
			if (n < 64) {
				const char *path = strstr(end, "/f-");

				open_fds[n].fd = atoi(res);
				snprintf(open_fds[n].path, sizeof(open_fds[n].path), "%.*s", (int)strcspn(path + 1, "\""),
					 path + 1);
				n++;
			}
		} else if (p == pid && (q = strstr(end, " close(")) && (res = result_of(q)) && *res == '0') {
			int fd = atoi(q + 7);

			for (int i = 0; i < n; i++)
				if (open_fds[i].fd == fd) {
					open_fds[i] = open_fds[--n];
					break;
				}
		}
	}
	free(log);
	if (pid < 0)
		return NULL;
	if (n == 0)
		return "";
	snprintf(seen, sizeof(seen), "%s opened as descriptor %d, never closed", open_fds[0].path, open_fds[0].fd);
	return seen;
}

static void judge_fault(const char *dir)
{
	struct run r;
	const char *leak;

	load(&r, dir, "fault");
	if (!stopped("open-fail", &r, r.n) && !stopped("guard-fail", &r, r.n) &&
	    !stopped("open-fd", &r, r.n)) {
		int fails = 0, gfails = 0;

		for (size_t i = 0; i < r.n; i++) {
			const struct op *o = &r.ops[i];
			const struct op *next = i + 1 < r.n ? &r.ops[i + 1] : NULL;
			const struct op *diff = i + 2 < r.n ? &r.ops[i + 2] : NULL;
			bool fault = o->nw >= 5 || (o->nw == 4 && !strcmp(o->w[0], "guard"));
			const char *fn = !strcmp(o->w[0], "open") ? (o->nw == 5 ? o->w[3] : "") :
					 (o->nw == 4 ? o->w[2] : "");
			const char *k = !strcmp(o->w[0], "open") ? o->w[4] : o->w[3];

			if (!strcmp(o->w[0], "open")) {
				const char *fd = detail(&r, o, "  fd+ ", 0);
				bool missing = !strcmp(o->w[2], "missing");
				uint64_t want = !strcmp(fn, "open") ? EMFILE_ : !strcmp(fn, "fstat") ? EOVERFLOW_ :
						missing ? ENOENT_ : ENOMEM_;

				if (o->crashed) {
					jg_fail("open-fail", "mf_open crashed (signal %" PRIu64 " at %#" PRIx64 ") when %s",
						o->v[0], o->v[1], missing ? "the file does not exist" : "a call failed");
					continue;
				}
				if (o->v[5] && fd)
					jg_fail("open-fd", "after mf_open %s%s%s%s, descriptor %s is still open",
						fault ? "with call " : "of a missing file", fault ? k : "",
						fault ? " of " : "", fault ? fn : "", fd);
				if (!(fault && o->v[4]) && !missing) {
					/* fstat is one way to learn the size; lseek is another. */
					if (fault && !strcmp(k, "1") && !strcmp(o->w[2], "a") &&
					    (!strcmp(fn, "open") || !strcmp(fn, "mmap")))
						jg_fail("open-fail", "mf_open never called %s (the grader made its 1st call "
							"fail, and it never happened)", fn);
					else if (o->v[0] != 0 && fault)
						jg_fail("open-fail", "mf_open returned -1 (errno %" PRIu64 ") though no call "
							"failed (the grader armed call %s of %s, which never came)",
							o->v[1], k, fn);
					else if (o->v[0] != 0)
						jg_fail("open-fail", "mf_open returned -1 (errno %" PRIu64 ") though no "
							"call failed", o->v[1]);
					continue;
				}
				fails++;
				if (o->v[0] != UINT64_MAX || o->v[1] != want)
					jg_fail("open-fail", "when %s, mf_open returned %" PRId64 " with errno %" PRIu64
						"; want -1 with errno %" PRIu64 " (%s)%s",
						missing ? "the file does not exist" : !strcmp(fn, "open") ?
						"open failed (EMFILE)" : !strcmp(fn, "fstat") ? "fstat failed (EOVERFLOW)" :
						"mmap failed (ENOMEM)", (int64_t)o->v[0], o->v[1], want,
						want == EMFILE_ ? "EMFILE" : want == ENOENT_ ? "ENOENT" :
						want == EOVERFLOW_ ? "EOVERFLOW" : "ENOMEM",
						o->v[0] != UINT64_MAX ? "" : o->v[1] == ENOTTY_ ?
						": ENOTTY is what the grader's close() left in errno, succeeding after the "
						"failure as POSIX allows; save errno right after the call that failed, and "
						"put it back after close()" : want != ENOENT_ && o->v[1] != want ?
						": mf_open must stop at the call that failed and return its errno (saved "
						"before close())" : "");
				else if (o->v[2] || o->v[3])
					jg_fail("open-fail", "when %s failed, mf_open left *m = { %#" PRIx64 ", %" PRIu64
						" }, not zeroed", missing ? "open" : fn, o->v[2], o->v[3]);
				else if (o->v[6] || (diff && !strcmp(diff->w[0], "diff") && diff->v[0]))
					jg_fail("open-fail", "when %s failed, mf_open left a mapping: %s",
						missing ? "open" : fn, first_change(&r, o->v[6] ? o : diff));
			} else if (!strcmp(o->w[0], "guard")) {
				if (o->crashed) {
					jg_fail("guard-fail", "guarded_alloc(%s) crashed (signal %" PRIu64 " at %#" PRIx64
						") when call %s of %s failed", o->w[1], o->v[0], o->v[1], k, fn);
					continue;
				}
				if (!o->v[2]) {
					/* mprotect is one way to make the guard; MAP_FIXED
					 * over the last page is another. */
					if (!strcmp(k, "1") && !strcmp(fn, "mmap"))
						jg_fail("guard-fail", "guarded_alloc never called %s (the grader made its 1st "
							"call fail, and it never happened)", fn);
					else if (!o->v[0])
						jg_fail("guard-fail", "guarded_alloc(%s) returned NULL (errno %" PRIu64 ") "
							"though no call failed", o->w[1], o->v[1]);
					continue;
				}
				gfails++;
				if (o->v[0] || o->v[1] != ENOMEM_)
					jg_fail("guard-fail", "when call %s of %s failed, guarded_alloc(%s) returned %#"
						PRIx64 " with errno %" PRIu64 "; want NULL with errno ENOMEM (12)%s",
						k, fn, o->w[1], o->v[0], o->v[0] ? 0 : o->v[1],
						!o->v[0] && o->v[1] == ENOTTY_ ? ": ENOTTY is what the grader's munmap() "
						"left in errno, succeeding after the failure as POSIX allows; save errno "
						"right after the call that failed, and put it back after munmap()" : "");
				else if (diff && next && !strcmp(diff->w[0], "diff") && diff->v[0])
					jg_fail("guard-fail", "when call %s of %s failed, guarded_alloc(%s) left a "
						"mapping behind: %s", k, fn, o->w[1], first_change(&r, diff));
			}
		}
		if (!fails)
			jg_fail("open-fail", "not checked: no call of mf_open failed");
		if (!gfails)
			jg_fail("guard-fail", "not checked: no call of guarded_alloc failed");
		leak = strace_leaks(dir, "fault");
		if (!leak)
			jg_fail("open-fd", "strace logged no run of the subject (is ptrace allowed here?)");
		else if (*leak)
			jg_fail("open-fd", "strace saw %s (after the grader made open, fstat, mmap or mprotect fail)", leak);
		jg_pass("open-fail");
		jg_pass("guard-fail");
		jg_pass("open-fd");
	}
	unload(&r);
}

/* judge_count_fail - count-sigfail, from the fault run's fcount: the
 * 1st sigaction call of mf_count failed (or never came: signal() is
 * another way to set a handler). */
static void judge_count_fail(const char *dir)
{
	struct run r;
	struct tfile t = { .size = 0 };
	bool opened = false;
	int checked = 0;

	load(&r, dir, "fault");
	for (size_t i = 0; (i = next_on_open(&r, i, "fcount", &opened, &t)) < r.answered; i++) {
		const struct op *o = &r.ops[i];
		struct cnt c[NVARIANTS];

		checked++;
		if (o->crashed) {
			jg_fail("count-sigfail", "mf_count of a %" PRIu64 "-byte file crashed with signal %" PRIu64
				" at %#" PRIx64 " when its 1st sigaction call failed", t.size, o->v[0], o->v[1]);
			continue;
		}
		counts_of(&t, c);
		bool fired = o->v[10] == 1;
		const char *when = fired ? "when its 1st sigaction call failed (EINVAL)" :
				   "though no call failed (it never called sigaction)";

		if (o->v[0] == 0 && (o->v[2] != c[RIGHT].lines || o->v[3] != c[RIGHT].words ||
				     o->v[4] != c[RIGHT].bytes))
			jg_fail("count-sigfail", "%s, mf_count of a %" PRIu64 "-byte file returned 0 with lines/"
				"words/bytes %" PRIu64 " %" PRIu64 " %" PRIu64 "; the file has %" PRIu64 " %" PRIu64
				" %" PRIu64 "%s", when, t.size, o->v[2], o->v[3], o->v[4], c[RIGHT].lines,
				c[RIGHT].words, c[RIGHT].bytes, fired ? ": 0 says *c holds the counts; return -1 "
				"when the handler cannot be installed" : "");
		else if (o->v[0] != 0 && (!fired || o->v[0] != UINT64_MAX || o->v[1] == 0))
			jg_fail("count-sigfail", "%s, mf_count of an intact %" PRIu64 "-byte file returned %"
				PRId64 " with errno %" PRIu64 "; want 0 with the counts%s", when, t.size,
				(int64_t)o->v[0], o->v[1], fired ? ", or -1 with errno set" : "");
		else if (o->v[6] != 2 || o->v[7] != OPS_CALLER_FLAGS || o->v[8] != SIGUSR2_BIT)
			jg_fail("count-sigfail", "%s, mf_count left SIGBUS's action %s (flags %#" PRIx64 ", sa_mask %#"
				PRIx64 "); the caller's was its own handler (flags %#x, sa_mask %#x)%s", when,
				o->v[6] == 0 ? "SIG_DFL" : o->v[6] == 1 ? "SIG_IGN" : o->v[6] == 2 ?
				"the caller's handler" : "another handler (yours?)", o->v[7], o->v[8],
				OPS_CALLER_FLAGS, SIGUSR2_BIT, fired ? ": a sigaction that failed filled in no "
				"old action, so there is nothing to put back" : "");
		else if (o->v[9] != SIGUSR1_BIT)
			jg_fail("count-sigfail", "%s, mf_count left the blocked signals %#" PRIx64 "; the caller "
				"had %#x (SIGUSR1)", when, o->v[9], SIGUSR1_BIT);
	}
	if (!stopped("count-sigfail", &r, r.n) && !checked)
		jg_fail("count-sigfail", "not checked: mf_open failed before the count");
	jg_pass("count-sigfail");
	unload(&r);
}

/* ---- step 4: the truncation run --------------------------------------- */

static void judge_trunc(const char *dir)
{
	struct run r;
	const char *mode = "dfl";
	bool cut = false;
	uint64_t size = 0, cutto = 0;
	int ok_seen = 0, eio_seen = 0;

	load(&r, dir, "trunc");
	for (size_t i = 0; i < r.answered; i++) {
		const struct op *o = &r.ops[i];
		uint64_t act = 0, flags = 0, amask = 0;

		if (!strcmp(o->w[0], "sig")) {
			mode = !strcmp(o->w[1], "handler") ? "a handler" : !strcmp(o->w[1], "ign") ? "SIG_IGN" :
			       "SIG_DFL";
			continue;
		}
		if (!strcmp(o->w[0], "open")) {
			struct tfile t;

			cut = false;
			size = file_of(&r, i, o->w[2], &t) ? t.size : 0;
			if (o->crashed || o->v[0] != 0)
				jg_fail("trunc-eio", "mf_open of a %" PRIu64 "-byte file failed", size);
			continue;
		}
		if (!strcmp(o->w[0], "trunc")) {
			cut = true;
			cutto = strtoull(o->w[2], NULL, 10);
			continue;
		}
		if (strcmp(o->w[0], "tcount"))
			continue;
		if (o->crashed) {
			jg_fail("trunc-eio", "mf_count of a %" PRIu64 "-byte file %s crashed with signal %" PRIu64
				" at %#" PRIx64, size, cut ? "cut after mf_open" : "(intact)", o->v[0], o->v[1]);
			continue;
		}
		if (mode[0] == 'a')
			act = 2, flags = OPS_CALLER_FLAGS, amask = SIGUSR2_BIT;
		else if (mode[4] == 'I')
			act = 1;
		const char *which = cut ? "sig-after-eio" : "sig-after-ok";
		const char *when = cut ? "after mf_count returned -1/EIO" : "after a successful mf_count";

		if (o->v[5] == 1) {
			jg_fail("trunc-eio", "the SIGBUS of a file cut from %" PRIu64 " to %" PRIu64 " bytes reached "
				"the caller's own SIGBUS handler: mf_count did not catch it%s", size, cutto,
				jg_seed_note());
			continue;
		}
		if (cut && (o->v[0] != UINT64_MAX || o->v[1] != EIO_)) {
			jg_fail("trunc-eio", "for a file cut from %" PRIu64 " to %" PRIu64 " bytes after mf_open, "
				"mf_count returned %" PRId64 " with errno %" PRIu64 "; want -1 with errno EIO (5)%s",
				size, cutto, (int64_t)o->v[0], o->v[1], jg_seed_note());
			continue;
		}
		if (!cut && o->v[0] != 0) {
			jg_fail("trunc-eio", "mf_count of an intact %" PRIu64 "-byte file returned %" PRId64
				" (errno %" PRIu64 ")%s", size, (int64_t)o->v[0], o->v[1],
				eio_seen ? ", after a caught SIGBUS" : "");
			continue;
		}
		if (cut)
			eio_seen++;
		else
			ok_seen++;
		if (o->v[6] != act)
			jg_fail(which, "%s, SIGBUS's action is %s; the caller's was %s", when,
				o->v[6] == 0 ? "SIG_DFL" : o->v[6] == 1 ? "SIG_IGN" : o->v[6] == 2 ?
				"the caller's handler" : "another handler (yours?)", mode);
		else if (o->v[7] != flags || o->v[8] != amask)
			jg_fail(which, "%s, SIGBUS's action has flags %#" PRIx64 " and sa_mask %#" PRIx64
				"; the caller's had %#" PRIx64 " and %#" PRIx64 " (put back the whole struct "
				"sigaction you saved)", when, o->v[7], o->v[8], flags, amask);
		else if (o->v[9] != SIGUSR1_BIT)
			jg_fail(which, "%s, the blocked signals are %#" PRIx64 " (bit N-1 for signal N); the "
				"caller had %#x (SIGUSR1)%s", when, o->v[9], SIGUSR1_BIT,
				(o->v[9] & 0x40) ? ": SIGBUS (bit 6) stays blocked, so the next one kills" : "");
	}
	if (r.answered < r.n) {
		const struct op *o = &r.ops[r.answered];

		if (r.started && !strcmp(o->w[0], "tcount") && r.raw.status == 128 + 7)
			jg_fail("trunc-eio", "the run was killed by SIGBUS in mf_count of a file %s (operation "
				"%zu; the caller's SIGBUS action was %s): mf_count did not catch it%s",
				cut ? "cut after mf_open" : "never cut", r.answered + 1, mode, jg_seed_note());
		else
			stopped("trunc-eio", &r, r.n);
		stopped("sig-after-ok", &r, r.n);
		stopped("sig-after-eio", &r, r.n);
	}
	if (!eio_seen)
		jg_fail("sig-after-eio", "not checked: mf_count never returned -1/EIO");
	if (!ok_seen)
		jg_fail("sig-after-ok", "not checked: mf_count never returned 0");
	jg_pass("trunc-eio");
	jg_pass("sig-after-ok");
	jg_pass("sig-after-eio");
}

/* ---- step 5: the guard runs -------------------------------------------- */

/* covered - whether [lo, hi) is covered by the detail lines of o that
 * start with "  map+ " and whose permissions start with perms. */
static bool covered(const struct run *r, const struct op *o, uint64_t lo, uint64_t hi, const char *perms)
{
	while (lo < hi) {
		bool moved = false;
		const char *l;

		for (size_t k = 0; (l = detail(r, o, "  map+ ", k)); k++) {
			struct mline m;

			if (parse_mline(l, &m) && !strncmp(m.perms, perms, strlen(perms)) &&
			    m.start <= lo && lo < m.end) {
				lo = m.end;
				moved = true;
				break;
			}
		}
		if (!moved)
			return false;
	}
	return true;
}

/* anon_growth - the bytes of anonymous mappings o added, less those it
 * removed: what it mapped, whether the kernel merged the new lines with
 * their neighbours or not. */
static int64_t anon_growth(const struct run *r, const struct op *o)
{
	int64_t net = 0;
	const char *l;

	for (int sign = 1; sign >= -1; sign -= 2)
		for (size_t k = 0; (l = detail(r, o, sign > 0 ? "  map+ " : "  map- ", k)); k++) {
			struct mline m;

			if (parse_mline(l, &m) && !m.path[0])
				net += sign * (int64_t)(m.end - m.start);
		}
	return net;
}

static void judge_guard_run(const char *dir, const char *name, struct failure *fend,
			    struct failure *ffault, struct failure *ffree, struct failure *fzero, int *checked)
{
	struct run r;
	char msg[700];
	bool fits = false;
	uint64_t n = 0, p = 0;

	load(&r, dir, name);
	for (size_t i = 0; i < r.answered; i++) {
		const struct op *o = &r.ops[i];

		if (!strcmp(o->w[0], "guard")) {
			n = strtoull(o->w[1], NULL, 10);
			p = o->crashed ? 0 : o->v[0];
			fits = false;
			if (n == 0) {
				if (o->crashed || o->v[0] || o->v[1] != EINVAL_ || o->v[4]) {
					snprintf(msg, sizeof(msg), "guarded_alloc(0) returned %#" PRIx64 " with errno %"
						 PRIu64 "%s%s; want NULL with errno EINVAL (22)", p, o->v[1],
						 o->v[4] ? " and mapped: " : "", o->v[4] ? first_change(&r, o) : "");
					keep_smallest(fzero, 0, msg);
				}
				continue;
			}
			(*checked)++;
			uint64_t pg = o->page, data = (n + pg - 1) / pg * pg;

			if (o->crashed)
				snprintf(msg, sizeof(msg), "guarded_alloc(%" PRIu64 ") crashed with signal %" PRIu64
					 " at %#" PRIx64, n, o->v[0], o->v[1]);
			else if (!p)
				snprintf(msg, sizeof(msg), "guarded_alloc(%" PRIu64 ") returned NULL (errno %" PRIu64 ")",
					 n, o->v[1]);
			else if ((p + n) % r.real_page)
				snprintf(msg, sizeof(msg), "p = guarded_alloc(%" PRIu64 ") is %#" PRIx64 ": the data ends "
					 "at %#" PRIx64 ", %" PRIu64 " bytes into a page, not on a page boundary%s", n,
					 p, p + n, (p + n) % r.real_page,
					 p % r.real_page == 0 ? " (return base + round_up(n, pg) - n, not base)" : "");
			else if (!covered(&r, o, p + n, p + n + pg, "---"))
				snprintf(msg, sizeof(msg), "p = guarded_alloc(%" PRIu64 ") is %#" PRIx64 ": no new "
					 "PROT_NONE mapping covers the whole page of %" PRIu64 " bytes at p + n = %#"
					 PRIx64 "%s; new lines: %s", n, p, pg, p + n,
					 pg != r.real_page ? " (the page size is ml_page_size(), not 4096)" : "",
					 first_change(&r, o));
			else if (!covered(&r, o, p + n - data, p + n, "rw"))
				snprintf(msg, sizeof(msg), "p = guarded_alloc(%" PRIu64 ") is %#" PRIx64 ": the %" PRIu64
					 " bytes of whole pages before p + n are not all in a new read-write mapping "
					 "(page %" PRIu64 "); new lines: %s", n, p, data, pg, first_change(&r, o));
			else if (!o->v[3])
				snprintf(msg, sizeof(msg), "the %" PRIu64 " bytes at p = guarded_alloc(%" PRIu64 ") could "
					 "not all be written and read back", n, n);
			else if (anon_growth(&r, o) != (int64_t)(data + pg))
				snprintf(msg, sizeof(msg), "guarded_alloc(%" PRIu64 ") mapped %" PRId64 " bytes; with "
					 "pages of %" PRIu64 ", %" PRIu64 " bytes of data take %" PRIu64 " page(s), plus "
					 "the guard: %" PRIu64 " bytes%s", n, anon_growth(&r, o), pg, n, data / pg,
					 data + pg, n % pg == 0 ? " (n is a whole number of pages already: rounding "
					 "it up adds nothing)" : "");
			else {
				fits = true;
				continue;
			}
			keep_smallest(fend, n, msg);
		} else if (!strcmp(o->w[0], "over") && fits) {
			if (o->v[0] != SIGSEGV_ || o->v[1] != p + n) {
				if (o->v[0])
					snprintf(msg, sizeof(msg), "writing p[%" PRIu64 "] raised signal %" PRIu64 " at %#"
						 PRIx64 "; want SIGSEGV at p + n = %#" PRIx64, n, o->v[0], o->v[1], p + n);
				else
					snprintf(msg, sizeof(msg), "writing p[%" PRIu64 "] of p = guarded_alloc(%" PRIu64
						 ") did not fault", n, n);
				keep_smallest(ffault, n, msg);
			}
		} else if (!strcmp(o->w[0], "gfree") && o->crashed) {
			snprintf(msg, sizeof(msg), "guarded_free(p, %" PRIu64 ") crashed with signal %" PRIu64
				 " at %#" PRIx64, n, o->v[0], o->v[1]);
			keep_smallest(ffree, n, msg);
		} else if (!strcmp(o->w[0], "gfreenull") && o->crashed) {
			snprintf(msg, sizeof(msg), "guarded_free(NULL, %s) crashed with signal %" PRIu64, o->w[1],
				 o->v[0]);
			keep_smallest(ffree, 0, msg);
		} else if (!strcmp(o->w[0], "diff") && i > 0 && o->v[0]) {
			const char *prev = r.ops[i - 1].w[0];

			if (!strcmp(prev, "gfree") && p) {
				snprintf(msg, sizeof(msg), "after guarded_alloc(%" PRIu64 ") and guarded_free (page %"
					 PRIu64 "), /proc/self/maps differs from before: %s", n, o->page,
					 first_change(&r, o));
				keep_smallest(ffree, n, msg);
			} else if (!strcmp(prev, "gfreenull")) {
				snprintf(msg, sizeof(msg), "guarded_free(NULL, %s) changed the mappings: %s",
					 r.ops[i - 1].w[1], first_change(&r, o));
				keep_smallest(ffree, 0, msg);
			}
		}
	}
	if (r.answered < r.n) {
		snprintf(msg, sizeof(msg), "the run '%s' stopped at operation %zu (%s): it %s", r.name,
			 r.answered + 1, r.n ? op_text(&r.ops[r.answered]) : "",
			 r.raw.present ? (jg_run_end(&r.raw) ? jg_run_end(&r.raw) : "printed something unreadable") :
			 "did not run");
		keep_smallest(fend, UINT64_MAX, msg);
		keep_smallest(ffault, UINT64_MAX, msg);
		keep_smallest(ffree, UINT64_MAX, msg);
		keep_smallest(fzero, UINT64_MAX, msg);
	}
	unload(&r);
}

static void judge_guard(const char *dir)
{
	struct failure fend = { 0 }, ffault = { 0 }, ffree = { 0 }, fzero = { 0 };
	int n = 0;

	judge_guard_run(dir, "guard", &fend, &ffault, &ffree, &fzero, &n);
	settle("guard-end", &fend, n);
	settle("guard-zero", &fzero, n);
	jg_wait("guard-fault", "guard-end");
	jg_wait("guard-free", "guard-end");
	settle("guard-fault", &ffault, n);
	settle("guard-free", &ffree, n);
}

/* ---- the memory runs: AddressSanitizer here, memcheck in the bats file -- */

/* asan_owner - the property an AddressSanitizer report belongs to, from
 * the stub's scenario_* frame on its stack; NULL: every memory property. */
static const char *asan_owner(const char *block, size_t len)
{
	static const struct { const char *fn, *id; } owners[] = {
		{ " in scenario_open ", "mem-files" }, { " in scenario_count ", "mem-files" },
		{ " in scenario_close ", "mem-files" }, { " in scenario_truncate ", "mem-trunc" },
		{ " in scenario_guard ", "mem-guard" }, { " in scenario_gfree ", "mem-guard" },
	};
	const char *first = NULL, *id = NULL;

	for (size_t k = 0; k < sizeof(owners) / sizeof(owners[0]); k++) {
		const char *at = memmem(block, len, owners[k].fn, strlen(owners[k].fn));

		if (at && (!first || at < first))
			first = at, id = owners[k].id;
	}
	return id;
}

/* asan_where - " at FUNCTION (mapfile.c:LINE)" for the first frame of the
 * block in the student's file, or "". */
static void asan_where(const char *block, size_t len, char *buf, size_t size)
{
	const char *f = memmem(block, len, "mapfile.c:", 10), *b = f, *in;

	buf[0] = '\0';
	if (!f)
		return;
	while (b > block && b[-1] != '\n')
		b--;
	in = strstr(b, " in ");
	if (in && in < f)
		snprintf(buf, size, " at %.*s (%.*s)", (int)strcspn(in + 4, " "), in + 4,
			 (int)strcspn(f, "\n "), f);
}

/* judge_asan - the memory properties from the AddressSanitizer run: each
 * report (an error, or one leaked block) goes to the property of its
 * scenario; the run must also have answered every operation. */
static void judge_asan(const char *dir)
{
	static const char *const ids[] = { "mem-files", "mem-trunc", "mem-guard" };
	struct run r;
	char *err;
	size_t len = 0;

	load(&r, dir, "asan");
	err = jg_slurp(dir, "asan.err", 1u << 20, &len);
	for (char *p = err; p && *p;) {
		char *next = p + strcspn(p, "\n");
		bool error = strstr(p, "ERROR: AddressSanitizer") && strstr(p, "ERROR: AddressSanitizer") < next;
		bool leak = !strncmp(p, "Direct leak of", 14) || !strncmp(p, "Indirect leak of", 16);

		if (error || leak) {
			/* The block runs to the next report, or to a blank line. */
			char *end = strstr(next, "\n\n"), head[200], where[200];
			const char *owner;

			if (!end)
				end = err + len;
			snprintf(head, sizeof(head), "%.*s", (int)(next - p), error ? strstr(p, "ERROR: ") + 7 : p);
			asan_where(p, (size_t)(end - p), where, sizeof(where));
			owner = asan_owner(p, (size_t)(end - p));
			for (size_t k = 0; k < 3; k++)
				if (!owner || !strcmp(owner, ids[k]))
					jg_fail(ids[k], "AddressSanitizer: %s%s", head, where);
			p = end;
			continue;
		}
		p = *next ? next + 1 : next;
	}
	for (size_t k = 0; k < 3; k++) {
		if (!stopped(ids[k], &r, r.n) && r.raw.status != 0 && !jg_failed(ids[k]) &&
		    r.raw.status != 23)
			jg_fail(ids[k], "the AddressSanitizer run %s%s%s",
				jg_run_end(&r.raw) ? jg_run_end(&r.raw) : "failed", r.raw.err[0] ? "; stderr: " : "",
				r.raw.err);
		jg_pass(ids[k]);
	}
	free(err);
	unload(&r);
}

void judge_verdict(uint64_t seed, const char *dir)
{
	(void)seed;
	judge_files(dir);
	judge_guard(dir);
	static const char *const after_open[] = { "open-fail", "trunc-eio", "sig-after-ok",
		"sig-after-eio", "count-sigfail", "mem-files", "mem-trunc" };
	for (size_t i = 0; i < sizeof(after_open) / sizeof(after_open[0]); i++)
		jg_wait(after_open[i], "open-map");
	jg_wait("mem-files", "count");
	jg_wait("mem-files", "close-maps");
	jg_wait("guard-fail", "guard-end");
	jg_wait("mem-guard", "guard-end");
	judge_fault(dir);
	judge_trunc(dir);
	jg_wait("mem-trunc", "trunc-eio");
	/* A count that never installs a handler passes count-sigfail
	 * vacuously: it waits until step 4's handler works. */
	jg_wait("count-sigfail", "count");
	jg_wait("count-sigfail", "trunc-eio");
	judge_count_fail(dir);
	judge_asan(dir);
}
