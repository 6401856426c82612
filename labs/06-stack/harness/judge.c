/*
 * judge.c - lab 06's judge: writes what the subject does with walk.c, then
 * decides, from what it reported, which properties hold.
 *
 * Never linked with the student's code (see common/judge/judge.h).  Each
 * run is a script of operations (harness/ops.h) written by judge_inputs
 * from the seed; judge_verdict reads each script back beside the subject's
 * answers and works out on its own what they should have been: the depth
 * of each tree from its shape, the text of each note from its depth, the
 * count of each suffix from a model of the names.
 *
 *   run       how the grader runs it                 properties
 *   depth     natively, RLIMIT_STACK 256 KiB         depth, depth-oom
 *   note      natively, 256 KiB                      note-text, note-wipe, note-oom
 *   suffix    natively, 256 KiB                      suffix, suffix-oom
 *   worker    natively, 256 KiB (16/64 KiB pages     worker-runs, worker-size,
 *             pretended for part of it)              worker-fail
 *   mcN       AddressSanitizer (asanN), and all      mem-depth, mem-note,
 *             four in one memcheck run (mc)          mem-suffix, mem-worker
 *   walloca   gcc -O0 -fstack-usage -Walloca -Wvla   noalloca, frames
 *             on walk.c alone (walk.su, copied by
 *             the grader with memlab_read_work)
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "judge.h"
#include "ops.h"

#define KIB 1024u
#define STACK_KB 256            /* the native runs' RLIMIT_STACK */
#define SLACK (64 * KIB)        /* a worker's stack may exceed 4 x its use by this */
#define FRAME_MAX 1024          /* the largest static frame step 3 allows */
#define ASAN_STATUS 23          /* the exitcode the grader gives ASan */
#define EAGAIN_ 11
#define ENOMEM_ 12
#define EINVAL_ 22

const struct jg_property jg_properties[] = {
	{ "depth", 1, "walk_depth returns the depth of every tree: empty, one node, chains to the "
	  "left, to the right and zigzag, combs, stairs, brooms, complete trees, some a million "
	  "levels deep, under a 256 KiB stack",
	  "walk_depth in walk.c: a loop over (node, level) pairs kept in memory you malloc (TODO 1)" },
	{ "depth-oom", 1, "when one of walk_depth's allocations fails (the grader makes the 1st, 2nd, "
	  "... fail in turn), it returns (size_t)-1; otherwise the right depth",
	  "walk_depth in walk.c: check what malloc and realloc return, free the old block when "
	  "realloc fails (TODO 1)" },
	{ "mem-depth", 1, "memcheck and AddressSanitizer find no error and no leak in walk_depth, "
	  "through the injected failures",
	  "walk_depth in walk.c: free the explicit stack on every return path (TODO 1)" },
	{ "note-text", 2, "each note reads \"depth N\" with its own N, in memory that is not on the "
	  "stack and not shared with another note, however many calls came in between",
	  "walk_note_init in walk.c: give the text an owner that lives as long as the note (TODO 2)" },
	{ "note-wipe", 2, "walk_note_wipe sets text to NULL; wiping twice, or a note whose text is "
	  "NULL, is safe",
	  "walk_note_wipe in walk.c (TODO 2)" },
	{ "note-oom", 2, "when walk_note_init's allocation fails, the note's text is NULL",
	  "walk_note_init in walk.c: what does strdup (or malloc) return when memory runs out? (TODO 2)" },
	{ "mem-note", 2, "memcheck and AddressSanitizer (detect_stack_use_after_return=1) find no "
	  "error and no leak in the notes",
	  "walk_note_init and walk_note_wipe in walk.c (TODO 2)" },
	{ "suffix", 3, "walk_count_suffix counts the names that end with the suffix, ignoring ASCII "
	  "case: case variants, names shorter than the suffix, prefixes of it, the empty suffix, "
	  "suffixes of 40 characters, names of 8,000 characters, 20,000 names under a 256 KiB stack",
	  "walk_count_suffix in walk.c (TODO 3)" },
	{ "suffix-oom", 3, "when one of walk_count_suffix's allocations fails, it returns (size_t)-1",
	  "walk_count_suffix in walk.c: check what malloc or realloc returns (TODO 3)" },
	{ "noalloca", 3, "walk.c compiles with gcc -Walloca -Wvla -Werror=alloca -Werror=vla",
	  "walk.c: no alloca() and no variable-length array (TODO 3)" },
	{ "frames", 3, "every function of walk.c has a static frame of at most 1 KiB (gcc -O0 "
	  "-fstack-usage)",
	  "walk.c: large or variable buffers go to the heap (TODO 3)" },
	{ "mem-suffix", 3, "memcheck and AddressSanitizer find no error and no leak in "
	  "walk_count_suffix, through the injected failures",
	  "walk_count_suffix in walk.c: free the buffer on every return path (TODO 3)" },
	{ "worker-runs", 4, "walk_in_worker returns 0, the job ran once without overflowing its "
	  "stack and its result came back, for jobs needing 0 bytes to 4 MiB (with 4, 16 and 64 KiB "
	  "pages) under a 256 KiB RLIMIT_STACK; the caller's signal handling is left as it was",
	  "walk_in_worker in walk.c: set the stack size in the attributes you pass to pthread_create "
	  "(TODO 4)" },
	{ "worker-size", 4, "the worker's stack, read inside it, is at most 4 times what the job "
	  "really used plus 64 KiB (not the RLIMIT_STACK default, not a fixed guess)",
	  "walk_in_worker in walk.c: need, a margin, and PTHREAD_STACK_MIN (TODO 4)" },
	{ "worker-fail", 4, "when pthread_attr_init, pthread_attr_setstacksize (or setstack), "
	  "pthread_create or mmap fails, walk_in_worker returns that call's error number (ENOMEM, "
	  "EINVAL, EAGAIN), the job does not run, and no mapping is left behind",
	  "walk_in_worker in walk.c: check each pthread_* call's result and undo what came before "
	  "(TODO 4)" },
	{ "mem-worker", 4, "memcheck and AddressSanitizer find no error and no leak in "
	  "walk_in_worker, through the injected failures",
	  "walk_in_worker in walk.c: destroy the attributes and free what you allocated (TODO 4)" },
};
const size_t jg_nproperties = sizeof(jg_properties) / sizeof(jg_properties[0]);

/* ---- inputs ---------------------------------------------------------- */

static const char *const shapes[] = { "left", "right", "zigzag", "zagzig", "combl", "combr",
	"stair", "broom", "bush" };

/* depth_line - a tree of shape s with about n nodes on its long path. */
static void depth_line(FILE *f, struct jg_rng *r, const char *s, uint64_t n, long k)
{
	uint64_t b = 0;

	if (!strcmp(s, "bush"))
		n = 1 + n % 14;
	else if (!strcmp(s, "broom"))
		b = 1 + jg_rng_below(r, 8);
	else if (!strcmp(s, "stair"))
		b = jg_rng_below(r, n + 1);
	if (k)
		fprintf(f, "depth %s %" PRIu64 " %" PRIu64 " %ld\n", s, n, b, k);
	else
		fprintf(f, "depth %s %" PRIu64 " %" PRIu64 "\n", s, n, b);
}

static void write_depth(FILE *f, struct jg_rng *r, bool deep)
{
	static const char *const fixed[] = { "empty 0 0", "lone 0 0", "left 1 0", "right 1 0",
		"left 2 0", "right 2 0", "zigzag 3 0", "zagzig 3 0", "combl 1 0", "combr 1 0",
		"stair 1 1", "stair 5 7", "broom 3 4", "bush 1 0", "bush 2 0", "bush 12 0" };

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		fprintf(f, "depth %s\n", fixed[i]);
	for (int i = 0; i < 24; i++)
		depth_line(f, r, shapes[jg_rng_below(r, 9)], 1 + jg_rng_below(r, 3000), 0);
	if (deep) {
		for (size_t i = 0; i < 8; i++)
			depth_line(f, r, shapes[i], 200000 + jg_rng_below(r, i < 4 ? 800000 : 200000), 0);
		fprintf(f, "depth left 1000000 0\n");
	}
	/* Every allocation made to fail in turn, on trees that grow any
	 * explicit stack whichever child it pushes first. */
	for (long k = 1; k <= 7; k++) {
		depth_line(f, r, "combr", 3000 + jg_rng_below(r, 3000), k);
		depth_line(f, r, "combl", 3000 + jg_rng_below(r, 3000), k);
	}
	fprintf(f, "depth bush 11 0 1\ndepth bush 11 0 2\ndepth lone 0 0 1\n");
}

static void write_note(FILE *f, struct jg_rng *r)
{
	const uint64_t fixed[] = { 0, 1, 9, 10, 99, 100, 1000, 4294967295u, 4294967296u, UINT64_MAX,
		UINT64_MAX - 1, 12 };
	size_t n = 0, i;

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++, n++) {
		fprintf(f, "note %" PRIu64 "\n", fixed[i]);
		if (i % 3 == 2)
			fprintf(f, "scribble\n");
	}
	for (i = 0; i < 20; i++, n++)
		fprintf(f, "note %" PRIu64 "\n", jg_rng_below(r, 4) ? jg_rng_below(r, 100000) : jg_rng_next(r));
	fprintf(f, "scribble\n");
	for (i = 0; i < n; i++)
		fprintf(f, "read %zu\n", i);
	/* wipes: some once, some twice; a failed init, read and wiped twice */
	for (i = 0; i < n; i += 3)
		fprintf(f, "wipe %zu\n", i);
	for (i = 0; i < n; i += 6)
		fprintf(f, "wipe %zu\n", i);
	fprintf(f, "note 77 1\nread %zu\nwipe %zu\nwipe %zu\n", n, n, n);
	n++;
	fprintf(f, "note 5\nnote 6\nscribble\n");
	n += 2;
	for (i = 0; i < n; i++)
		fprintf(f, "read %zu\n", i);
}

/* suffix_word - a random name ending, mostly around ".jpg". */
static const char *suffix_word(struct jg_rng *r)
{
	static const char *const ends[] = { ".jpg", ".JPG", ".Jpg", ".jpG", ".png", "jpg", ".jpgx",
		".jpeg", "x.jpg", ".JPEG", "-" };

	return ends[jg_rng_below(r, sizeof(ends) / sizeof(ends[0]))];
}

/* The long suffix (40 characters) and a name that shares only its last
 * 15: a copy cut to 16 bytes counts it. */
#define LONG_SUFFIX "-holiday-photo-number-0042-of-2024.final"
#define LONG_DECOY  "-holiday-photo-number-0042-of-2025.final"

static void write_counts(FILE *f, long k)
{
	static const char *const suffixes[] = { ".jpg", ".JPG", ".Jpg", "jpg", "g", "-", ".jpeg",
		".jp", "x.jpg", ".JPG.png", LONG_SUFFIX, "-HOLIDAY-PHOTO-NUMBER-0042-OF-2024.FINAL",
		"2024.final", "a.jpg" };

	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++)
		if (k)
			fprintf(f, "count %s %ld\n", suffixes[i], k);
		else
			fprintf(f, "count %s\n", suffixes[i]);
}

static void write_suffix(FILE *f, struct jg_rng *r, unsigned many)
{
	static const char *const names[] = { "photo.jpg", "Photo.JPG", "PHOTO.Jpg", "x.jpg.png",
		".jpg", "jpg", "a.jpgx", "g", "G", "photo.jpeg", "b.JPEG", "x.JPG.png", "x.jpg.PNG",
		".JP", "AJPG", "a" LONG_SUFFIX, "B" LONG_SUFFIX, "c" LONG_DECOY, LONG_SUFFIX + 1,
		"-HOLIDAY-PHOTO-NUMBER-0042-OF-2024.FINAL", "2024.final" };

	fprintf(f, "clear\nnames 1 0 a -\n");
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		fprintf(f, "name %s\n", names[i]);
	write_counts(f, 0);
	/* many names, some of them very long */
	fprintf(f, "names 3 4000 a .jpg\nnames 2 8000 b .JPG\nnames 1 7000 c " LONG_SUFFIX "\n");
	for (unsigned done = 0; done < many;) {
		unsigned n = 1 + (unsigned)jg_rng_below(r, many / 10 + 1);
		char c = (char)('a' + jg_rng_below(r, 26));

		fprintf(f, "names %u %" PRIu64 " %c %s\n", n, jg_rng_below(r, 40), c, suffix_word(r));
		done += n;
	}
	write_counts(f, 0);
	/* allocations made to fail: names that grow, so a buffer is
	 * allocated and then grown */
	fprintf(f, "clear\nnames 2 10 a .jpg\nnames 2 100 b .JPG\nnames 2 1000 c .png\nnames 1 5000 d .jpg\n");
	for (long k = 1; k <= 4; k++)
		fprintf(f, "count .jpg %ld\ncount " LONG_SUFFIX " %ld\n", k, k);
	fprintf(f, "count .jpg\n");
}

static void write_worker(FILE *f, struct jg_rng *r, bool big)
{
	const uint64_t fixed[] = { 0, 1, 4096, 16384, 65535, 65536, 65537, 200000, 262144, 1u << 20,
		4u << 20 };
	static const char *const faults[] = { "pthread_create", "pthread_attr_init",
		"pthread_attr_setstacksize", "pthread_attr_setstack", "mmap", "mprotect" };

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (big || fixed[i] <= (1u << 20))
			fprintf(f, "worker %" PRIu64 "\n", fixed[i]);
	for (int i = 0; i < 6; i++)
		fprintf(f, "worker %" PRIu64 "\n", 8192 + jg_rng_below(r, big ? 3u << 20 : 1u << 19));
	for (size_t i = 0; i < sizeof(faults) / sizeof(faults[0]); i++)
		for (long k = 1; k <= 2; k++)
			fprintf(f, "worker %" PRIu64 " %s %ld\n", 16384 + jg_rng_below(r, 100000), faults[i], k);
	fprintf(f, "signals\n");
	/* Machines with bigger pages: a size rounded with a page written as
	 * 4096 must still hold. */
	for (uint64_t page = 16384; page <= 65536; page *= 4) {
		fprintf(f, "page %" PRIu64 "\nworker 0\nworker 1\nworker %" PRIu64 "\nworker %" PRIu64 "\n",
			page, page - 1, page + 1);
		fprintf(f, "worker %" PRIu64 "\nworker %" PRIu64 " pthread_create 1\n",
			8192 + jg_rng_below(r, 1u << 19), 8192 + jg_rng_below(r, 1u << 19));
	}
	fprintf(f, "page 0\nsignals\n");
}

void judge_inputs(uint64_t seed, const char *dir)
{
	struct jg_rng r;
	FILE *f, *mc;

	jg_rng_seed(&r, seed);
	write_depth(f = jg_input(dir, "depth"), &r, true);
	fclose(f);
	write_note(f = jg_input(dir, "note"), &r);
	fclose(f);
	write_suffix(f = jg_input(dir, "suffix"), &r, 20000);
	fclose(f);
	write_worker(f = jg_input(dir, "worker"), &r, true);
	fclose(f);

	/* Smaller runs for memcheck (all steps in one process: its start-up
	 * costs half a second) and for AddressSanitizer (one run per step: its
	 * first error ends the run). */
	mc = jg_input(dir, "mc");
	fprintf(mc, "nomaps\n");   /* memcheck's answers are not read (ops.h) */
	for (int step = 1; step <= 4; step++) {
		char name[8];

		snprintf(name, sizeof(name), "mc%d", step);
		f = jg_input(dir, name);
		for (int pass = 0; pass < 2; pass++) {
			FILE *to = pass ? mc : f;
			struct jg_rng same = r;

			if (step == 1)
				write_depth(to, &same, false);
			else if (step == 2)
				write_note(to, &same);
			else if (step == 3)
				write_suffix(to, &same, 2000);
			else
				write_worker(to, &same, false);
		}
		jg_rng_next(&r);
		fclose(f);
	}
	fprintf(mc, "clear\n");
	fclose(mc);
}

/* ---- reading a run back ---------------------------------------------- */

/* One run: its script, one operation a line, and the subject's answers. */
struct run {
	struct jg_run raw;
	char *script;
	char **ops;         /* the script's lines */
	size_t n;
	bool started;
	size_t answered;    /* answers whose first word matches their operation */
	const char *name;
};

static void load(struct run *r, const char *dir, const char *name)
{
	char file[32], a[32], b[32];
	char *line, *save = NULL;
	size_t cap = 0;

	memset(r, 0, sizeof(*r));
	r->name = name;
	snprintf(file, sizeof(file), "%s.in", name);
	r->script = jg_slurp(dir, file, 4u << 20, NULL);
	for (line = r->script ? strtok_r(r->script, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (r->n == cap) {
			cap = cap ? 2 * cap : 256;
			r->ops = realloc(r->ops, cap * sizeof(*r->ops));
			if (!r->ops)
				exit(3);
		}
		r->ops[r->n++] = line;
	}
	jg_run_load(&r->raw, dir, name, r->n + 2);
	r->started = r->raw.nlines > 0 && !strcmp(r->raw.lines[0], "start");
	/* "note", "read" and "wipe" answer with their own name, the others too. */
	for (size_t i = 0; r->started && i < r->n && i + 1 < r->raw.nlines; i++) {
		if (!jg_word(r->ops[i], 0, a, sizeof(a)) || !jg_word(r->raw.lines[i + 1], 0, b, sizeof(b)) ||
		    strcmp(a, b))
			break;
		r->answered = i + 1;
	}
}

static void unload(struct run *r)
{
	jg_run_free(&r->raw);
	free(r->script);
	free(r->ops);
}

/* explain - why run r stopped before operation r->answered, for ids. */
static void explain(const struct run *r, const char *const *ids, size_t nids)
{
	const char *end = jg_run_end(&r->raw);
	char op[120];

	for (size_t i = 0; i < nids; i++) {
		if (!r->raw.present)
			jg_fail(ids[i], "the run '%s' did not take place%s%s", r->name, end ? ": " : "",
				end ? end : "");
		else if (!r->started)
			jg_fail(ids[i], "the subject of the run '%s' printed nothing: it %s%s%s", r->name,
				end ? end : "ended at once", r->raw.err[0] ? "; stderr: " : "", r->raw.err);
		else
			jg_fail(ids[i], "the run '%s' stopped at operation %zu of %zu (%s): it %s%s%s%s",
				r->name, r->answered + 1, r->n, jg_printable(r->ops[r->answered], op, sizeof(op)),
				end ? end : "printed something the grader could not read",
				end && strstr(end, "SIGSEGV") ? " (a stack overflow under the 256 KiB stack, or a bad pointer)" : "",
				r->raw.err[0] ? "; stderr: " : "", r->raw.err);
	}
}

/* complete - true if r answered every operation; else fails ids. */
static bool complete(const struct run *r, const char *const *ids, size_t nids)
{
	if (r->started && r->answered == r->n)
		return true;
	explain(r, ids, nids);
	return false;
}

/* num - word n of line as an unsigned number (also "-1"-style negatives
 * for error numbers, as their absolute value with *neg set). */
static bool num(const char *line, unsigned n, uint64_t *v)
{
	char w[48];

	return jg_word(line, n, w, sizeof(w)) && jg_u64(w, v);
}

static int64_t snum(const char *line, unsigned n, bool *ok)
{
	char w[48];
	uint64_t v;

	*ok = jg_word(line, n, w, sizeof(w));
	if (*ok && w[0] == '-') {
		*ok = jg_u64(w + 1, &v) && v < ((uint64_t)1 << 62);
		return *ok ? -(int64_t)v : 0;
	}
	*ok = *ok && jg_u64(w, &v) && v < ((uint64_t)1 << 62);
	return *ok ? (int64_t)v : 0;
}

/* ---- step 1: depth --------------------------------------------------- */

/* expected_depth - the depth of the tree "SHAPE A B" (ops.h). */
static uint64_t expected_depth(const char *shape, uint64_t a, uint64_t b)
{
	if (!strcmp(shape, "empty"))
		return 0;
	if (!strcmp(shape, "lone"))
		return 1;
	if (!strcmp(shape, "combl") || !strcmp(shape, "combr"))
		return a + 1;
	if (!strcmp(shape, "stair") || !strcmp(shape, "broom"))
		return a + b;
	return a;   /* left, right, zigzag, zagzig, bush */
}

static void judge_depth(const char *dir)
{
	static const char *const ids[] = { "depth", "depth-oom" };
	struct run r;
	unsigned fired = 0;

	load(&r, dir, "depth");
	for (size_t i = 0; i < r.answered; i++) {
		char shape[16], op[120];
		uint64_t a, b, k = 0, got, f;
		const char *ans = r.raw.lines[i + 1];

		if (!jg_word(r.ops[i], 1, shape, sizeof(shape)) || !num(r.ops[i], 2, &a) ||
		    !num(r.ops[i], 3, &b))
			continue;
		num(r.ops[i], 4, &k);
		if (!num(ans, 1, &got) || !num(ans, 2, &f)) {
			jg_fail(k ? "depth-oom" : "depth", "the answer to `%s` was not a number",
				jg_printable(r.ops[i], op, sizeof(op)));
			continue;
		}
		uint64_t want = expected_depth(shape, a, b);

		if (k && f) {
			fired++;
			jg_check("depth-oom", got == UINT64_MAX, "the grader made allocation number %" PRIu64
				 " of walk_depth fail (tree %s of %" PRIu64 " levels); it returned %" PRIu64
				 ", not (size_t)-1%s", k, shape, want, got, jg_seed_note());
		} else {
			jg_check(k ? "depth-oom" : "depth", got == want, "walk_depth returned %" PRIu64 " for "
				 "the tree `%s %" PRIu64 " %" PRIu64 "` (ops.h), whose depth is %" PRIu64 "%s",
				 got, shape, a, b, want, jg_seed_note());
		}
	}
	if (complete(&r, ids, 2)) {
		jg_pass("depth");
		if (!fired)
			jg_fail("depth-oom", "walk_depth made no allocation the grader could make fail, "
				"even on trees of thousands of levels: its own stack must come from malloc "
				"(or calloc, realloc)");
		jg_pass("depth-oom");
	}
	jg_wait("depth-oom", "depth");
	unload(&r);
}

/* ---- step 2: notes --------------------------------------------------- */

enum note_state { NOTE_LIVE, NOTE_FAILED, NOTE_WIPED };

static void judge_note(const char *dir)
{
	static const char *const ids[] = { "note-text", "note-wipe", "note-oom" };
	struct note {
		uint64_t depth, ptr;
		enum note_state state;
	} notes[OPS_MAX_NOTES];
	size_t nnotes = 0;
	struct run r;

	load(&r, dir, "note");
	for (size_t i = 0; i < r.answered; i++) {
		const char *op = r.ops[i], *ans = r.raw.lines[i + 1];
		uint64_t a, k = 0, v, onstack;
		char text[96], want[96], quoted[120];

		if (!num(op, 1, &a))
			continue;
		if (!strncmp(op, "note ", 5)) {
			num(op, 2, &k);
			uint64_t fired = 0;

			if (!num(ans, 1, &v) || v != nnotes || nnotes == OPS_MAX_NOTES || !num(ans, 2, &fired)) {
				jg_fail("note-text", "the subject's answer to `note %" PRIu64 "` makes no sense: %s",
					a, jg_printable(ans, quoted, sizeof(quoted)));
				break;
			}
			notes[nnotes++] = (struct note){ a, 0, k && fired ? NOTE_FAILED : NOTE_LIVE };
			continue;
		}
		if (a >= nnotes)
			continue;
		struct note *n = &notes[a];

		if (!strncmp(op, "wipe ", 5)) {
			jg_check("note-wipe", num(ans, 1, &v) && v == 0, "after walk_note_wipe(note %" PRIu64
				 "), its text is %s, not NULL", a, jg_printable(ans + 5, quoted, sizeof(quoted)));
			n->state = NOTE_WIPED;
			continue;
		}
		if (!num(ans, 1, &v) || !num(ans, 2, &onstack)) {
			jg_fail("note-text", "the subject's answer to `read %" PRIu64 "` makes no sense: %s",
				a, jg_printable(ans, quoted, sizeof(quoted)));
			break;
		}
		if (!jg_word(ans, 3, text, sizeof(text)))
			text[0] = '\0';   /* an empty string: its first byte was '\0' */
		if (n->state != NOTE_LIVE) {
			bool wiped = n->state == NOTE_WIPED;

			jg_check(wiped ? "note-wipe" : "note-oom", v == 0 && !strcmp(text, "-"),
				 "note %" PRIu64 " %s; its text is %#" PRIx64 " (\"%s\"), not NULL", a,
				 wiped ? "was wiped" : "was made while its allocation failed (the grader made it fail)",
				 v, jg_printable(text, quoted, sizeof(quoted)));
			continue;
		}
		snprintf(want, sizeof(want), "depth\\x20%" PRIu64, n->depth);
		if (onstack)
			jg_fail("note-text", "the text of note %" PRIu64 " is at %#" PRIx64 ", on the stack: "
				"it lies in a frame that was popped when walk_note_init returned", a, v);
		else if (strcmp(text, want))
			jg_fail("note-text", "note %" PRIu64 " (depth %" PRIu64 ") reads \"%s\" (spaces shown "
				"as \\x20), not \"%s\"%s", a, n->depth, jg_printable(text, quoted, sizeof(quoted)),
				want, !strcmp(text, "-") ? ": its text is NULL" : "");
		for (size_t j = 0; j < nnotes; j++)
			if (j != a && notes[j].state == NOTE_LIVE && notes[j].ptr == v && v)
				jg_fail("note-text", "notes %zu and %" PRIu64 " share one text at %#" PRIx64
					": each note must own its own", j, a, v);
		n->ptr = v;
	}
	if (complete(&r, ids, 3)) {
		jg_pass("note-text");
		jg_pass("note-wipe");
		jg_pass("note-oom");
	}
	jg_wait("note-wipe", "note-text");
	jg_wait("note-oom", "note-text");
	unload(&r);
}

/* ---- step 3: suffixes ------------------------------------------------ */

/* A name of the model: a literal, or len times c followed by end. */
struct name {
	const char *lit;
	uint64_t len;
	char c;
	const char *end;
};

static size_t name_len(const struct name *n)
{
	return n->lit ? strlen(n->lit) : n->len + strlen(n->end);
}

static char name_at(const struct name *n, size_t i)
{
	if (n->lit)
		return n->lit[i];
	return i < n->len ? n->c : n->end[i - n->len];
}

static bool ends_with(const struct name *n, const char *suffix)
{
	size_t len = name_len(n), slen = strlen(suffix);

	if (slen > len)
		return false;
	for (size_t i = 0; i < slen; i++)
		if (tolower((unsigned char)name_at(n, len - slen + i)) != tolower((unsigned char)suffix[i]))
			return false;
	return true;
}

static void judge_suffix(const char *dir)
{
	static const char *const ids[] = { "suffix", "suffix-oom" };
	struct name *names = calloc(OPS_MAX_NAMES, sizeof(*names));
	size_t nnames = 0;
	unsigned fired = 0;
	struct run r;
	char *end_words = NULL;

	if (!names)
		exit(3);
	load(&r, dir, "suffix");
	/* The names' endings point into a copy of the script's words. */
	end_words = calloc(r.n, 64);
	if (!end_words)
		exit(3);
	for (size_t i = 0; i < r.answered; i++) {
		const char *op = r.ops[i], *ans = r.raw.lines[i + 1];
		char suffix[80], q[120];
		uint64_t n, len, k = 0, got, f;

		if (!strcmp(op, "clear")) {
			nnames = 0;
		} else if (!strncmp(op, "name ", 5) && nnames < OPS_MAX_NAMES) {
			names[nnames++] = (struct name){ .lit = op + 5 };
		} else if (!strncmp(op, "names ", 6) && num(op, 1, &n) && num(op, 2, &len)) {
			char *w = end_words + 64 * i, c[4];

			if (!jg_word(op, 3, c, sizeof(c)) || !jg_word(op, 4, w, 64))
				continue;
			if (!strcmp(w, "-"))
				w[0] = '\0';
			for (uint64_t j = 0; j < n && nnames < OPS_MAX_NAMES; j++)
				names[nnames++] = (struct name){ .len = len, .c = c[0], .end = w };
		} else if (!strncmp(op, "count ", 6) && jg_word(op, 1, suffix, sizeof(suffix))) {
			uint64_t want = 0;

			num(op, 2, &k);
			if (!strcmp(suffix, "-"))
				suffix[0] = '\0';
			for (size_t j = 0; j < nnames; j++)
				want += ends_with(&names[j], suffix);
			if (!num(ans, 1, &got) || !num(ans, 2, &f)) {
				jg_fail("suffix", "the answer to `%s` was not a number", jg_printable(op, q, sizeof(q)));
				continue;
			}
			if (k && f) {
				fired++;
				jg_check("suffix-oom", got == UINT64_MAX, "the grader made allocation number %"
					 PRIu64 " of walk_count_suffix fail; it returned %" PRIu64 ", not (size_t)-1",
					 k, got);
				continue;
			}
			size_t longest = 0;

			for (size_t j = 0; j < nnames; j++)
				if (name_len(&names[j]) > longest)
					longest = name_len(&names[j]);
			jg_check(k ? "suffix-oom" : "suffix", got == want, "walk_count_suffix(%zu names, the "
				 "longest %zu characters, \"%s\") returned %" PRIu64 ", but %" PRIu64 " of "
				 "them end with it, ignoring case%s", nnames, longest,
				 jg_printable(suffix, q, sizeof(q)), got, want, jg_seed_note());
		}
	}
	if (complete(&r, ids, 2)) {
		jg_pass("suffix");
		jg_pass("suffix-oom");
	}
	(void)fired;   /* comparing in place allocates nothing: nothing to fail */
	jg_wait("suffix-oom", "suffix");
	unload(&r);
	free(end_words);
	free(names);
}

/* judge_compile - noalloca from gcc's run, frames from its walk.su. */
static void judge_compile(const char *dir)
{
	struct jg_run g;
	size_t len;
	char *su, *line, *save = NULL, q[200];
	unsigned functions = 0;

	jg_run_load(&g, dir, "walloca", 200);
	if (!g.present) {
		jg_fail("noalloca", "gcc did not run on walk.c");
	} else if (g.status != 0) {
		/* gcc's diagnostics are on stderr: the first error line, from
		 * "walk.c:" on (the scratch folder's path is noise). */
		char *log = jg_slurp(dir, "walloca.err", 1 << 16, NULL), *at = NULL, *line, *save = NULL;

		for (line = log ? strtok_r(log, "\n", &save) : NULL; line && !at; line = strtok_r(NULL, "\n", &save))
			if (strstr(line, "error"))
				at = strstr(line, "walk.c:") ? strstr(line, "walk.c:") : line;
		jg_fail("noalloca", "gcc -Walloca -Wvla: %s", at ? jg_printable(at, q, sizeof(q)) :
			g.err[0] ? g.err : "it failed");
		free(log);
	}
	jg_pass("noalloca");
	jg_run_free(&g);

	su = jg_slurp(dir, "walk.su", 1 << 16, &len);
	if (!su) {
		jg_fail("frames", "gcc -O0 -fstack-usage wrote no report for walk.c (did it compile?)");
		return;
	}
	/* "path/walk.c:83:8:walk_count_suffix<TAB>112<TAB>dynamic,bounded" */
	for (line = strtok_r(su, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *tab = strchr(line, '\t'), *tab2, *fn, *colon;
		unsigned long bytes;

		if (!tab || !(tab2 = strchr(tab + 1, '\t')))
			continue;
		*tab = *tab2 = '\0';
		bytes = strtoul(tab + 1, NULL, 10);
		fn = strrchr(line, ':');
		fn = fn ? fn + 1 : line;
		colon = strchr(line, ':');
		functions++;
		jg_check("frames", !strcmp(tab2 + 1, "static") && bytes <= FRAME_MAX,
			 "%s has a %s frame of %lu bytes (walk.c line %.*s)", jg_printable(fn, q, sizeof(q)),
			 tab2 + 1, bytes, colon ? (int)strcspn(colon + 1, ":") : 1, colon ? colon + 1 : "?");
	}
	if (!functions)
		jg_fail("frames", "gcc's -fstack-usage report for walk.c lists no function");
	jg_pass("frames");
	free(su);
}

/* ---- step 4: the worker ---------------------------------------------- */

static int64_t injected_error(const char *fn)
{
	if (!strcmp(fn, "pthread_create"))
		return EAGAIN_;
	if (!strncmp(fn, "pthread_attr_set", 16))
		return EINVAL_;
	return ENOMEM_;   /* pthread_attr_init, mmap, mprotect */
}

static void judge_worker(const char *dir)
{
	static const char *const ids[] = { "worker-runs", "worker-size", "worker-fail" };
	unsigned created_failed = 0;
	uint64_t page = 0;
	struct run r;

	load(&r, dir, "worker");
	for (size_t i = 0; i < r.answered; i++) {
		const char *op = r.ops[i], *ans = r.raw.lines[i + 1];
		uint64_t need, k = 0, v[6];
		char fn[40] = "";
		bool ok = true;
		int64_t err;
		char pages[48] = "";

		if (!strncmp(op, "page ", 5)) {
			num(op, 1, &page);
			continue;
		}
		if (!strcmp(op, "signals")) {
			jg_check("worker-runs", num(ans, 1, v) && v[0] == 1, "after walk_in_worker, the "
				 "SIGSEGV or SIGBUS handler, the signal mask or the alternate signal stack of "
				 "the caller changed");
			continue;
		}
		if (!num(op, 1, &need))
			continue;
		if (jg_word(op, 2, fn, sizeof(fn)))
			num(op, 3, &k);
		err = snum(ans, 1, &ok);
		for (unsigned j = 0; ok && j < 6; j++) {
			int64_t s = snum(ans, j + 2, &ok);

			v[j] = (uint64_t)s;
			ok = ok && s >= 0;
		}
		if (!ok) {
			jg_fail("worker-runs", "the answer to `worker %" PRIu64 "` was not numbers", need);
			continue;
		}
		/* v: RAN SIZE USED FAULT MAPS FIRED */
		if (page)
			snprintf(pages, sizeof(pages), ", with %" PRIu64 " KiB pages", page / KIB);
		if (fn[0] && v[5]) {
			int64_t want = injected_error(fn);

			created_failed += !strcmp(fn, "pthread_create");
			jg_check("worker-fail", err == want && !v[0] && v[4] == 0, "the grader made call "
				 "number %" PRIu64 " of %s fail (with %" PRId64 "); walk_in_worker returned %"
				 PRId64 "%s%s", k, fn, want, err, v[0] ? ", and the job ran anyway" : "",
				 v[4] ? ", and left a mapping behind (mappings before vs after)" : "");
			continue;
		}
		const char *id = fn[0] ? "worker-fail" : "worker-runs";

		if (err || !v[0] || v[3]) {
			jg_fail(id, "walk_in_worker(a job needing %" PRIu64 " bytes%s)%s%s: %s", need, pages,
				fn[0] ? " with the grader counting calls of " : "", fn[0] ? fn : "",
				v[3] ? "the job overflowed its stack (SIGSEGV in the guard page): the thread's "
				"stack is smaller than what it needs" : err ? "returned an error" :
				"the job did not run, or its result did not come back in *result");
			if (err)
				jg_fail(id, "walk_in_worker(a job needing %" PRIu64 " bytes%s) returned %" PRId64
					" instead of 0", need, pages, err);
			continue;
		}
		jg_check("worker-size", v[1] <= 4 * v[2] + SLACK, "a job that needed %" PRIu64 " bytes "
			 "(%" PRIu64 " with the thread's start-up%s) got a stack of %" PRIu64 " bytes: more "
			 "than 4 times that plus 64 KiB%s", need, v[2], pages, v[1],
			 v[1] == (uint64_t)STACK_KB * KIB ? " (this is RLIMIT_STACK's default: the size was "
			 "not set)" : "");
	}
	if (complete(&r, ids, 3)) {
		jg_pass("worker-runs");
		jg_pass("worker-size");
		if (!created_failed)
			jg_fail("worker-fail", "no pthread_create call of walk_in_worker could be made to fail");
		jg_pass("worker-fail");
	}
	jg_wait("worker-size", "worker-runs");
	jg_wait("worker-fail", "worker-runs");
	unload(&r);
}

/* ---- memory: AddressSanitizer (memcheck is read by the grader) ------- */

/* asan_report - ASan's first report in NAME.err: its kind, and the first
 * frame in walk.c ("walk.c:62 in walk_note_init"). */
static void asan_report(const char *dir, const char *name, char *out, size_t size)
{
	char file[32], kind[64] = "an error", where[160] = "", q[200];
	char *err, *at;

	snprintf(file, sizeof(file), "%s.err", name);
	err = jg_slurp(dir, file, 1 << 20, NULL);
	at = err ? strstr(err, "ERROR: AddressSanitizer: ") : NULL;
	if (at)
		snprintf(kind, sizeof(kind), "%.*s", (int)strcspn(at + 25, " \n"), at + 25);
	else if (err && (at = strstr(err, "ERROR: LeakSanitizer: ")))
		snprintf(kind, sizeof(kind), "a leak");
	if (at) {
		/* "    #1 0x55... in walk_note_init /path/labs/06-stack/walk.c:62" */
		char *w = strstr(at, "/walk.c:");
		if (w) {
			char *fn = w;

			while (fn > at && fn[-1] != '\n')
				fn--;
			fn = strstr(fn, " in ");
			snprintf(where, sizeof(where), " at walk.c:%.*s in %.*s", (int)strspn(w + 8, "0123456789"),
				 w + 8, fn ? (int)strcspn(fn + 4, " \n") : 1, fn ? fn + 4 : "?");
		}
	}
	snprintf(out, size, "AddressSanitizer: %s%s", kind, jg_printable(where, q, sizeof(q)));
	free(err);
}

static void judge_memory(const char *dir)
{
	static const struct { const char *id, *run, *after; } mem[] = {
		{ "mem-depth", "asan1", "depth" }, { "mem-note", "asan2", "note-text" },
		{ "mem-suffix", "asan3", "suffix" }, { "mem-worker", "asan4", "worker-runs" },
	};

	for (size_t i = 0; i < sizeof(mem) / sizeof(mem[0]); i++) {
		struct run r;
		char why[300];

		jg_wait(mem[i].id, mem[i].after);
		load(&r, dir, mem[i].run);
		if (r.raw.present && r.raw.status == ASAN_STATUS) {
			asan_report(dir, mem[i].run, why, sizeof(why));
			jg_fail(mem[i].id, "%s (the run '%s' under AddressSanitizer)", why, mem[i].run);
		} else if (complete(&r, &mem[i].id, 1)) {
			jg_check(mem[i].id, r.raw.status == 0, "the AddressSanitizer run '%s' %s", mem[i].run,
				 jg_run_end(&r.raw) ? jg_run_end(&r.raw) : "failed");
		}
		unload(&r);
	}
}

void judge_verdict(uint64_t seed, const char *dir)
{
	(void)seed;
	judge_depth(dir);
	judge_note(dir);
	judge_suffix(dir);
	judge_compile(dir);
	judge_worker(dir);
	judge_memory(dir);
}
