/*
 * check.c - the grader's harness for lab 06: runs walk.c's functions on
 * inputs chosen to expose stack misuse, and reports a broken property by
 * its exit status (the bats file turns each status into a message).
 *
 * usage: check [--exercise] SCENARIO...     SCENARIO: depth note suffix worker
 *
 * Natively, under `ulimit -Ss 256`, each scenario judges its property.
 * With --exercise the inputs are small and nothing is judged: that mode
 * only drives the code for memcheck and AddressSanitizer, which judge by
 * their own reports (the scenario_* functions name where an error was).
 */
#include "maps.h"
#include "stackinfo.h"
#include "walk.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Exit statuses, one per broken property (grader/06-stack.bats). */
enum {
	ST_OK = 0,
	ST_USAGE = 2,
	ST_HARNESS = 3,           /* the harness itself ran out of memory */
	ST_DEPTH_WRONG = 10,      /* walk_depth gave a wrong depth */
	ST_DEPTH_NOMEM = 11,      /* walk_depth returned (size_t)-1 */
	ST_NOTE_NULL = 20,        /* a note's text is NULL */
	ST_NOTE_ON_STACK = 21,    /* a note's text points into [stack] */
	ST_NOTE_SHARED = 22,      /* two notes share one text */
	ST_NOTE_WRONG = 23,       /* a note's text changed or is wrong */
	ST_NOTE_WIPE = 24,        /* text not NULL after walk_note_wipe */
	ST_SUFFIX_WRONG = 30,     /* walk_count_suffix gave a wrong count */
	ST_WORKER_ERROR = 40,     /* walk_in_worker returned an error */
	ST_WORKER_NORUN = 41,     /* the job did not run, or its result was lost */
	ST_WORKER_OVERFLOW = 42,  /* the job overflowed the worker's stack */
	ST_WORKER_TOO_BIG = 43,   /* the stack is more than 4x what it needs */
};

static bool exercise;         /* --exercise: run, do not judge */

/* fail - report a broken property on stderr and return status; when only
 * exercising, say nothing and return 0, so that later scenarios still run
 * (and the tool's report is about the code, not about our printing). */
static int fail(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(int status, const char *fmt, ...)
{
	va_list ap;

	if (exercise)
		return ST_OK;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return status;
}

/* ---- trees: all nodes of one tree come from one calloc, so building and
 * freeing never recurse, whatever the shape. ---- */
struct tree {
	struct node *nodes;
	size_t used, cap;
	struct node *root;
	size_t depth;             /* known from the construction */
};

/* tree_new - room for cap nodes; returns false if out of memory. */
static bool tree_new(struct tree *t, size_t cap)
{
	memset(t, 0, sizeof(*t));
	t->nodes = calloc(cap ? cap : 1, sizeof(*t->nodes));
	t->cap = cap;
	return t->nodes != NULL;
}

/* tree_node - a fresh leaf (the caller reserved enough room). */
static struct node *tree_node(struct tree *t)
{
	return &t->nodes[t->used++];
}

/* tree_wipe - free every node at once. */
static void tree_wipe(struct tree *t)
{
	free(t->nodes);
	memset(t, 0, sizeof(*t));
}

/* complete - a complete subtree of the given height (2^h - 1 nodes). */
static struct node *complete(struct tree *t, size_t height)
{
	/* Level by level, children of node i are 2i+1 and 2i+2. */
	size_t count = ((size_t)1 << height) - 1, base = t->used;

	if (!height)
		return NULL;
	for (size_t i = 0; i < count; i++)
		tree_node(t);
	for (size_t i = 0; 2 * i + 2 < count; i++) {
		t->nodes[base + i].left = &t->nodes[base + 2 * i + 1];
		t->nodes[base + i].right = &t->nodes[base + 2 * i + 2];
	}
	return &t->nodes[base];
}

enum shape { EMPTY, LONE, LEFT_CHAIN, RIGHT_CHAIN, ZIGZAG, COMB, BROOM, BUSH };
static const char *const shape_name[] = {
	"an empty tree", "a lone node", "a chain of left children",
	"a chain of right children", "a zigzag chain (left, right, left...)",
	"a left chain with a right leaf on every node",
	"a right chain ending in a complete subtree of height 10",
	"a complete tree of height 16",
};

/* build - a tree of the given shape with n nodes in its chain; sets depth.
 * Returns false if out of memory. */
static bool build(struct tree *t, enum shape s, size_t n)
{
	struct node *prev = NULL, *cur;

	if (!tree_new(t, 2 * n + 70000))
		return false;
	switch (s) {
	case EMPTY:
		t->depth = 0;
		return true;
	case LONE:
		t->root = tree_node(t);
		t->depth = 1;
		return true;
	case BUSH:
		t->root = complete(t, 16);
		t->depth = 16;
		return true;
	default:
		break;
	}
	for (size_t i = 0; i < n; i++) {
		cur = tree_node(t);
		if (!prev)
			t->root = cur;
		else if (s == LEFT_CHAIN || s == COMB || (s == ZIGZAG && i % 2))
			prev->left = cur;
		else
			prev->right = cur;
		if (s == COMB)
			cur->right = tree_node(t);
		prev = cur;
	}
	t->depth = n + (s == COMB ? 1 : 0);
	if (s == BROOM) {
		prev->left = complete(t, 10);
		t->depth = n + 10;
	}
	return true;
}

/* scenario_depth - walk_depth on every shape; the chains are deep enough
 * that one frame per level cannot fit in 256 KiB. */
static __attribute__((noinline)) int scenario_depth(void)
{
	size_t n = exercise ? 2000 : 300000;

	for (enum shape s = EMPTY; s <= BUSH; s++) {
		struct tree t;
		size_t got, want;

		if (!build(&t, s, n))
			return ST_HARNESS;
		want = t.depth;
		got = walk_depth(t.root);
		tree_wipe(&t);
		if (got == (size_t)-1)
			return fail(ST_DEPTH_NOMEM, "walk_depth returned (size_t)-1 (out of memory) on %s of depth %zu",
			            shape_name[s], want);
		if (got != want)
			return fail(ST_DEPTH_WRONG, "walk_depth returned %zu on %s of depth %zu",
			            got, shape_name[s], want);
	}
	return ST_OK;
}

/* scribble - write over the dead part of the stack below the caller, as
 * any later call would. */
static __attribute__((noinline)) void scribble(void)
{
	volatile char junk[4096];

	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = 'x';
}

static volatile size_t sink;  /* results that must be computed */

/* note_on_stack - true (and a report) if the note's text lies in [stack]. */
static bool note_on_stack(const struct walk_note *note, const char *which)
{
	struct ml_map m;

	if (!note->text || !ml_maps_find(note->text, &m) || strcmp(m.path, "[stack]") != 0)
		return false;
	fail(ST_NOTE_ON_STACK, "%s note's text is at %p, in the stack: %s",
	     which, (const void *)note->text, m.line);
	return true;
}

/* note_text_is - true if the note's text reads "depth d", else a report. */
static bool note_text_is(const struct walk_note *note, const char *which, size_t d)
{
	char want[32];

	snprintf(want, sizeof(want), "depth %zu", d);
	if (strcmp(note->text, want) == 0)
		return true;
	fail(ST_NOTE_WRONG, "%s note's text reads \"%.40s\" instead of \"%s\"", which, note->text, want);
	return false;
}

/* scenario_note - two notes, then calls that reuse the stack, then both
 * texts read back; wipe twice.  The checks go from the most telling
 * (where the text lives) to the least (what it reads). */
static __attribute__((noinline)) int scenario_note(void)
{
	struct walk_note a, b;
	int st = ST_OK;

	walk_note_init(&a, 5);
	walk_note_init(&b, 16);
	scribble();
	/* Read both texts whatever comes next: under AddressSanitizer this
	 * read is what finds a text left in a popped frame. */
	sink = (a.text ? strlen(a.text) : 0) + (b.text ? strlen(b.text) : 0);
	if (!a.text || !b.text)
		st = fail(ST_NOTE_NULL, "the %s note's text is NULL after walk_note_init",
		          a.text ? "second" : "first");
	else if (note_on_stack(&a, "the first") || note_on_stack(&b, "the second"))
		st = ST_NOTE_ON_STACK;
	else if (a.text == b.text)
		st = fail(ST_NOTE_SHARED, "both notes' texts are at %p: one buffer for every note, so the second overwrote the first (it reads \"%.40s\")",
		          (const void *)a.text, a.text);
	else if (!note_text_is(&a, "the first", 5) || !note_text_is(&b, "the second", 16))
		st = ST_NOTE_WRONG;
	walk_note_wipe(&a);
	walk_note_wipe(&a);                   /* twice: must be safe */
	walk_note_wipe(&b);
	if (!st && (a.text || b.text))
		st = fail(ST_NOTE_WIPE, "a note's text is %p after walk_note_wipe, not NULL",
		          (const void *)(a.text ? a.text : b.text));
	return exercise ? ST_OK : st;
}

/* slow_count - the reference answer, without copying any name. */
static size_t slow_count(const char *const *names, size_t n, const char *suffix)
{
	size_t count = 0, slen = strlen(suffix);

	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(names[i]);

		count += len >= slen && strcasecmp(names[i] + len - slen, suffix) == 0;
	}
	return count;
}

/* scenario_suffix - 20,000 names, some 4,000 characters long. */
static __attribute__((noinline)) int scenario_suffix(void)
{
	static const char *const ends[] = { ".jpg", ".JPG", ".Jpg", ".png", "jpg", "", ".jpgx" };
	size_t n = exercise ? 300 : 20000, want, got;
	char **names = calloc(n, sizeof(*names));
	int st = ST_OK;

	if (!names)
		return ST_HARNESS;
	for (size_t i = 0; i < n; i++) {
		/* every 97th name is long: a fixed-size copy would cut it */
		size_t stem = i % 97 == 0 ? 4000 : 1 + i % 23;
		const char *end = ends[i % 7];

		names[i] = malloc(stem + strlen(end) + 1);
		if (!names[i]) {
			st = ST_HARNESS;
			n = i;
			break;
		}
		memset(names[i], 'a' + (char)(i % 26), stem);
		strcpy(names[i] + stem, end);
	}
	if (!st) {
		want = slow_count((const char *const *)names, n, ".jpg");
		got = walk_count_suffix((const char *const *)names, n, ".jpg");
		if (got != want)
			st = fail(ST_SUFFIX_WRONG, "walk_count_suffix(%zu names, \".jpg\") returned %zu instead of %zu%s",
			          n, got, want, got == (size_t)-1 ? " (out of memory)" : "");
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return st;
}

/* ---- the worker's job: a recursion whose need the harness knows ---- */

#define JOB_LEVELS 384            /* about 1 KiB each: ~384 KiB in all */
#define JOB_FRAME_BOUND 1024      /* each level's frame is at most this */

struct job {
	size_t need;              /* what we told walk_in_worker */
	struct si_stack stack;    /* the worker's stack, read inside it */
	uintptr_t entry, deepest; /* a local's address at entry and deepest */
	uintptr_t fault;          /* the SIGSEGV's address if it overflowed */
	bool ran;
};

/* descend - one level of ~1 KiB; records the deepest address reached. */
static __attribute__((noinline)) void descend(struct job *job, unsigned levels)
{
	volatile char pad[960];

	pad[0] = pad[sizeof(pad) - 1] = (char)levels;
	if ((uintptr_t)pad < job->deepest)
		job->deepest = (uintptr_t)pad;
	if (levels > 1)
		descend(job, levels - 1);
	pad[1] = pad[0];                  /* keeps the frame alive: no tail call */
}

/* job_run - the worker's job: read the thread's stack, then recurse with
 * an overflow caught on an alternate stack. */
static void *job_run(void *arg)
{
	struct job *volatile job = arg;   /* volatile: lives across sigsetjmp */
	char here;

	job->ran = true;
	job->entry = job->deepest = (uintptr_t)&here;
	si_stack_of_self(&job->stack);
	if (!si_catch_begin())
		return NULL;
	if (sigsetjmp(*si_catch_env(), 1) == 0)
		descend(job, JOB_LEVELS);
	job->fault = si_catch_fault();
	si_catch_end();
	return job;
}

/* scenario_worker - walk_in_worker runs the job; inside the worker the
 * job measured what the thread really needs, from the top of its stack to
 * the deepest byte it reached. */
static __attribute__((noinline)) int scenario_worker(void)
{
	struct job job = { .need = JOB_LEVELS * JOB_FRAME_BOUND + JOB_FRAME_BOUND };
	void *result = NULL;
	char s1[32], s2[32], s3[32];
	size_t used, own;
	int err;

	err = walk_in_worker(job_run, &job, job.need, &result);
	if (err)
		return fail(ST_WORKER_ERROR, "walk_in_worker returned %d (%s)", err, strerror(err));
	if (!job.ran || result != &job)
		return fail(ST_WORKER_NORUN, "the job %s", job.ran ? "ran, but walk_in_worker lost its result" : "never ran");
	if (job.fault)
		return fail(ST_WORKER_OVERFLOW,
		            "the job overflowed the worker's %s stack: SIGSEGV at %#jx, %ju bytes below its lowest byte (guard: %s); the job alone needs %s",
		            si_fmt_size(s1, sizeof(s1), job.stack.size), (uintmax_t)job.fault,
		            (uintmax_t)(job.stack.lo - job.fault), si_fmt_size(s3, sizeof(s3), job.stack.guard),
		            si_fmt_size(s2, sizeof(s2), job.need));
	used = job.stack.hi - job.deepest;
	own = job.entry - job.deepest;
	if (own > job.need) {
		fprintf(stderr, "harness bug: the job used %zu bytes, more than the %zu it declared\n", own, job.need);
		return ST_HARNESS;
	}
	if (!exercise && job.stack.size > 4 * used)
		return fail(ST_WORKER_TOO_BIG,
		            "the worker's stack is %s, more than 4 x the %zu bytes it really used (the job's %s plus %zu bytes of the thread's own)",
		            si_fmt_size(s1, sizeof(s1), job.stack.size), used,
		            si_fmt_size(s2, sizeof(s2), job.need), used - own);
	return ST_OK;
}

static const struct {
	const char *name;
	int (*run)(void);
} scenarios[] = {
	{ "depth", scenario_depth },
	{ "note", scenario_note },
	{ "suffix", scenario_suffix },
	{ "worker", scenario_worker },
};

int main(int argc, char **argv)
{
	int i = 1;

	if (i < argc && strcmp(argv[i], "--exercise") == 0) {
		exercise = true;
		i++;
	}
	if (i == argc) {
		fprintf(stderr, "usage: check [--exercise] depth|note|suffix|worker...\n");
		return ST_USAGE;
	}
	for (; i < argc; i++) {
		size_t k;
		int st;

		for (k = 0; k < sizeof(scenarios) / sizeof(scenarios[0]); k++)
			if (strcmp(argv[i], scenarios[k].name) == 0)
				break;
		if (k == sizeof(scenarios) / sizeof(scenarios[0])) {
			fprintf(stderr, "check: unknown scenario '%s'\n", argv[i]);
			return ST_USAGE;
		}
		st = scenarios[k].run();
		if (st)
			return st;
	}
	return ST_OK;
}
