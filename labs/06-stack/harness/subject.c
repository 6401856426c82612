/*
 * subject.c - the stub linked with the student's walk.c (lab 06).
 *
 * It performs the operations the judge wrote on stdin, one a line, and
 * prints one line of observation for each (harness/ops.h): what the
 * student's functions returned, where a note's text lives, the worker
 * stack's size as the job measured it inside the thread.  It decides
 * nothing: harness/judge.c does, in another process.  It is built three
 * ways: natively (run under a 256 KiB RLIMIT_STACK), for memcheck, and
 * with AddressSanitizer (subject-asan), whose reports go to stderr.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fault.h"
#include "maps.h"
#include "ops.h"
#include "stackinfo.h"
#include "walk.h"

static char outbuf[1 << 16];

/* ---- trees: all nodes of one tree come from one calloc, so building and
 * freeing never recurse, whatever the shape. ---- */
struct tree {
	struct node *nodes;
	size_t used, cap;
};

static struct node *fresh(struct tree *t)
{
	return t->used < t->cap ? &t->nodes[t->used++] : NULL;
}

/* complete - a complete tree of height h (2^h - 1 nodes), level order. */
static struct node *complete(struct tree *t, size_t h)
{
	size_t count = h ? ((size_t)1 << h) - 1 : 0, base = t->used;

	if (!count || t->used + count > t->cap)
		return NULL;
	t->used += count;
	for (size_t i = 0; 2 * i + 2 < count; i++) {
		t->nodes[base + i].left = &t->nodes[base + 2 * i + 1];
		t->nodes[base + i].right = &t->nodes[base + 2 * i + 2];
	}
	return &t->nodes[base];
}

/* chain - n nodes below *at, each the child on the side side(i) says
 * (0 left, 1 right), with a leaf on the other side when leaves is set.
 * Returns the last node, or NULL (then *at is untouched if n == 0). */
static struct node *chain(struct tree *t, struct node **at, size_t n, int (*side)(size_t), bool leaves)
{
	struct node *prev = NULL;

	for (size_t i = 0; i < n; i++) {
		struct node *cur = fresh(t);

		if (!cur)
			return NULL;
		if (!prev)
			*at = cur;
		else if (side(i))
			prev->right = cur;
		else
			prev->left = cur;
		if (leaves) {
			if (side(i))
				cur->left = fresh(t);
			else
				cur->right = fresh(t);
		}
		prev = cur;
	}
	return prev;
}

static int go_left(size_t i) { (void)i; return 0; }
static int go_right(size_t i) { (void)i; return 1; }
static int go_zig(size_t i) { return i % 2 == 0; }   /* i = 1 goes left (side 0) */
static int go_zag(size_t i) { return i % 2 == 1; }   /* i = 1 goes right (side 1) */

/* build - the tree SHAPE A B of ops.h; false if the shape is unknown or
 * memory ran out. */
static bool build(struct tree *t, const char *shape, size_t a, size_t b, struct node **root)
{
	size_t cap = 2 * a + 2 * b + 16;

	if (!strcmp(shape, "broom") || !strcmp(shape, "bush")) {
		size_t h = !strcmp(shape, "bush") ? a : b;

		if (h > 22)
			return false;
		cap += ((size_t)1 << h);
	}
	t->nodes = calloc(cap, sizeof(*t->nodes));
	t->cap = cap;
	t->used = 0;
	*root = NULL;
	if (!t->nodes)
		return false;
	if (!strcmp(shape, "empty"))
		return true;
	if (!strcmp(shape, "lone"))
		return (*root = fresh(t)) != NULL;
	if (!strcmp(shape, "left"))
		return chain(t, root, a, go_left, false) != NULL;
	if (!strcmp(shape, "right"))
		return chain(t, root, a, go_right, false) != NULL;
	if (!strcmp(shape, "zigzag"))
		return chain(t, root, a, go_zig, false) != NULL;
	if (!strcmp(shape, "zagzig"))
		return chain(t, root, a, go_zag, false) != NULL;
	if (!strcmp(shape, "combl"))
		return chain(t, root, a, go_left, true) != NULL;
	if (!strcmp(shape, "combr"))
		return chain(t, root, a, go_right, true) != NULL;
	if (!strcmp(shape, "stair")) {
		struct node *last = chain(t, root, a, go_left, false);

		return last && (b == 0 || chain(t, &last->right, b, go_right, false));
	}
	if (!strcmp(shape, "broom")) {
		struct node *last = chain(t, root, a, go_right, false);

		return last && (last->left = complete(t, b)) != NULL;
	}
	if (!strcmp(shape, "bush"))
		return (*root = complete(t, a)) != NULL;
	return false;
}

/* ---- what a student call may change behind our back: signals ---- */
struct sigstate {
	struct sigaction segv, bus;
	sigset_t mask;
	stack_t alt;
};

static void sig_snapshot(struct sigstate *s)
{
	memset(s, 0, sizeof(*s));
	sigaction(SIGSEGV, NULL, &s->segv);
	sigaction(SIGBUS, NULL, &s->bus);
	pthread_sigmask(SIG_SETMASK, NULL, &s->mask);
	sigaltstack(NULL, &s->alt);
}

static bool sig_same(const struct sigstate *a, const struct sigstate *b)
{
	return a->segv.sa_sigaction == b->segv.sa_sigaction && a->segv.sa_flags == b->segv.sa_flags &&
	       a->bus.sa_sigaction == b->bus.sa_sigaction && a->bus.sa_flags == b->bus.sa_flags &&
	       !memcmp(&a->mask, &b->mask, sizeof(a->mask)) && a->alt.ss_flags == b->alt.ss_flags &&
	       a->alt.ss_sp == b->alt.ss_sp;
}

/* ---- the operations (noinline: memcheck's and ASan's stacks name them,
 * which is how the grader tells which step an error belongs to) ---- */

static __attribute__((noinline)) void scenario_depth(const char *shape, size_t a, size_t b, long k)
{
	struct tree t = { 0 };
	struct node *root;
	size_t got = 0;
	bool fired = false;

	if (!build(&t, shape, a, b, &root)) {
		free(t.nodes);
		printf("unknown\n");
		return;
	}
	if (k)
		ml_fault_arm(ML_F_MALLOC, k);
	got = walk_depth(root);
	if (k) {
		fired = ml_fault_fired(ML_F_MALLOC);
		ml_fault_disarm(ML_F_MALLOC);
	}
	free(t.nodes);
	printf("depth %zu %d\n", got, fired);
}

static struct walk_note notes[OPS_MAX_NOTES];
static size_t nnotes;

/* scribble - write over the dead part of the stack below the caller, as
 * any later call would. */
static __attribute__((noinline)) void scribble(void)
{
	volatile char junk[4096];

	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = 'x';
}

static void note_init(size_t d, long k)
{
	bool fired = false;

	if (nnotes == OPS_MAX_NOTES) {
		printf("unknown\n");
		return;
	}
	if (k)
		ml_fault_arm(ML_F_MALLOC, k);
	walk_note_init(&notes[nnotes], d);
	if (k) {
		fired = ml_fault_fired(ML_F_MALLOC);
		ml_fault_disarm(ML_F_MALLOC);
	}
	printf("note %zu %d\n", nnotes++, fired);
}

static void note_read(size_t i)
{
	const char *text = notes[i].text;
	struct ml_map m;
	int onstack = text && ml_maps_find(text, &m) && !strcmp(m.path, "[stack]");

	printf("read %#" PRIxPTR " %d ", (uintptr_t)text, onstack);
	if (!text) {
		printf("-\n");
		return;
	}
	/* Bounded: a text without its '\0' must not run us off a page. */
	for (size_t k = 0; k < 64 && text[k]; k++) {
		unsigned char c = (unsigned char)text[k];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.')
			putchar(c);
		else
			printf("\\x%02x", c);
	}
	printf("\n");
}

/* scenario_note - one operation on the notes: "note", "read" or "wipe"
 * (one function, so that memcheck files every error of step 2 under it). */
static __attribute__((noinline)) void scenario_note(const char *op, size_t a, long k)
{
	if (!strcmp(op, "note")) {
		note_init(a, k);
	} else if (a >= nnotes) {
		printf("unknown\n");
	} else if (!strcmp(op, "read")) {
		note_read(a);
	} else {
		walk_note_wipe(&notes[a]);
		printf("wipe %#" PRIxPTR "\n", (uintptr_t)notes[a].text);
	}
}

static char **names;
static size_t nnames;

static bool add_name(const char *s, size_t len)
{
	char *copy;

	if (nnames == OPS_MAX_NAMES || !(copy = malloc(len + 1)))
		return false;
	memcpy(copy, s, len);
	copy[len] = '\0';
	names[nnames++] = copy;
	return true;
}

static void clear_names(void)
{
	for (size_t i = 0; i < nnames; i++)
		free(names[i]);
	nnames = 0;
}

static __attribute__((noinline)) void scenario_count(const char *suffix, long k)
{
	size_t got;
	bool fired = false;

	if (k)
		ml_fault_arm(ML_F_MALLOC, k);
	got = walk_count_suffix((const char *const *)names, nnames, suffix);
	if (k) {
		fired = ml_fault_fired(ML_F_MALLOC);
		ml_fault_disarm(ML_F_MALLOC);
	}
	printf("count %zu %d\n", got, fired);
}

/* ---- the worker's job: a recursion whose need the harness knows ---- */
struct job {
	unsigned levels;
	struct si_stack stack;    /* the worker's stack, read inside it */
	uintptr_t deepest;        /* the lowest address a frame reached */
	uintptr_t fault;          /* the SIGSEGV's address if it overflowed */
	bool ran;
};

/* descend - one level of at most OPS_JOB_LEVEL bytes. */
static __attribute__((noinline)) void descend(struct job *job, unsigned levels)
{
	volatile char pad[OPS_JOB_LEVEL - 64];

	pad[0] = pad[sizeof(pad) - 1] = (char)levels;
	if ((uintptr_t)pad < job->deepest)
		job->deepest = (uintptr_t)pad;
	if (levels > 1)
		descend(job, levels - 1);
	pad[1] = pad[0];          /* keeps the frame alive: no tail call */
}

static void *job_run(void *arg)
{
	struct job *volatile job = arg;   /* volatile: lives across sigsetjmp */
	char here;

	job->ran = true;
	job->deepest = (uintptr_t)&here;
	si_stack_of_self(&job->stack);
	if (!si_catch_begin())
		return NULL;
	if (sigsetjmp(*si_catch_env(), 1) == 0)
		descend(job, job->levels);
	job->fault = si_catch_fault();
	si_catch_end();
	return job;
}

static bool count_map(const struct ml_map *m, void *arg)
{
	(void)m;
	++*(long *)arg;
	return true;
}

static bool count_maps = true;   /* false after "nomaps" (ops.h) */

static long mappings(void)
{
	long n = 0;

	if (!count_maps)
		return 0;
	ml_maps_each(count_map, &n);
	return n;
}

/* ---- pthread_attr_* made to fail on request.  lab.mk links the subject
 * with --wrap for these three: common/probe/fault.c does not know them, and
 * they are this lab's own error paths (ops.h: "worker NEED FN K"). ---- */
enum attr_fn { ATTR_INIT, ATTR_SETSTACKSIZE, ATTR_SETSTACK, ATTR_COUNT };

static const char *const attr_names[ATTR_COUNT] = {
	"pthread_attr_init", "pthread_attr_setstacksize", "pthread_attr_setstack"
};
static struct { long nth, calls; bool armed, fired; } attr_fault[ATTR_COUNT];

static bool attr_fails(enum attr_fn f)
{
	if (!attr_fault[f].armed || ++attr_fault[f].calls != attr_fault[f].nth)
		return false;
	attr_fault[f].fired = true;
	return true;
}

int __real_pthread_attr_init(pthread_attr_t *attr);
int __real_pthread_attr_setstacksize(pthread_attr_t *attr, size_t size);
int __real_pthread_attr_setstack(pthread_attr_t *attr, void *stack, size_t size);
int __wrap_pthread_attr_init(pthread_attr_t *attr);
int __wrap_pthread_attr_setstacksize(pthread_attr_t *attr, size_t size);
int __wrap_pthread_attr_setstack(pthread_attr_t *attr, void *stack, size_t size);

/* A failing pthread_attr_init returns ENOMEM (the only error it has); the
 * setters EINVAL, as for a size they refuse.  The attributes are left as
 * they were. */
int __wrap_pthread_attr_init(pthread_attr_t *attr)
{
	return attr_fails(ATTR_INIT) ? ENOMEM : __real_pthread_attr_init(attr);
}

int __wrap_pthread_attr_setstacksize(pthread_attr_t *attr, size_t size)
{
	return attr_fails(ATTR_SETSTACKSIZE) ? EINVAL : __real_pthread_attr_setstacksize(attr, size);
}

int __wrap_pthread_attr_setstack(pthread_attr_t *attr, void *stack, size_t size)
{
	return attr_fails(ATTR_SETSTACK) ? EINVAL : __real_pthread_attr_setstack(attr, stack, size);
}

/* fault_arm - arm the failure of the k-th call of fn (a family of
 * fault.h or one of the three above); false if fn is unknown. */
static bool fault_arm(const char *fn, long k)
{
	int family = ml_fault_fn_named(fn);

	if (family >= 0) {
		ml_fault_arm((enum ml_fault_fn)family, k);
		return true;
	}
	for (int f = 0; f < ATTR_COUNT; f++)
		if (!strcmp(fn, attr_names[f])) {
			attr_fault[f].nth = k;
			attr_fault[f].calls = 0;
			attr_fault[f].fired = false;
			attr_fault[f].armed = true;
			return true;
		}
	return false;
}

/* fault_disarm - disarm fn; returns whether its armed failure happened. */
static bool fault_disarm(const char *fn)
{
	int family = ml_fault_fn_named(fn);
	bool fired;

	if (family >= 0) {
		fired = ml_fault_fired((enum ml_fault_fn)family);
		ml_fault_disarm((enum ml_fault_fn)family);
		return fired;
	}
	for (int f = 0; f < ATTR_COUNT; f++)
		if (!strcmp(fn, attr_names[f])) {
			attr_fault[f].armed = false;
			return attr_fault[f].fired;
		}
	return false;
}

static __attribute__((noinline)) void scenario_worker(size_t need, const char *fn, long k)
{
	struct job job = { .levels = need > 2 * OPS_JOB_LEVEL ? (unsigned)(need / OPS_JOB_LEVEL - 1) : 1 };
	void *result = NULL;
	long before, after;
	bool fired = false;
	int err;

	before = mappings();
	if (fn && !fault_arm(fn, k)) {
		printf("unknown\n");
		return;
	}
	err = walk_in_worker(job_run, &job, need, &result);
	if (fn)
		fired = fault_disarm(fn);
	after = mappings();
	printf("worker %d %d %zu %zu %d %ld %d\n", err, job.ran && result == &job, job.stack.size,
	       job.ran && job.stack.hi > job.deepest ? (size_t)(job.stack.hi - job.deepest) : 0,
	       job.fault != 0, after - before, fired);
}

int main(void)
{
	static char line[OPS_LINE];
	char op[16], w1[OPS_LINE], w2[64];
	struct sigstate start, now;

	setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
	names = calloc(OPS_MAX_NAMES, sizeof(*names));
	if (!names)
		return 3;
	/* The job's SIGSEGV handler is installed once per process: install it
	 * now, so that the snapshot below already has it. */
	if (si_catch_begin())
		si_catch_end();
	sig_snapshot(&start);
	printf("start\n");
	while (fgets(line, sizeof(line), stdin)) {
		unsigned long long a = 0, b = 0;
		long k = 0;
		int n = sscanf(line, "%15s", op);

		line[strcspn(line, "\n")] = '\0';
		if (n < 1)
			continue;
		if (!strcmp(op, "depth") && sscanf(line, "%*s %63s %llu %llu %ld", w2, &a, &b, &k) >= 3) {
			scenario_depth(w2, (size_t)a, (size_t)b, k);
		} else if ((!strcmp(op, "note") || !strcmp(op, "read") || !strcmp(op, "wipe")) &&
			   sscanf(line, "%*s %llu %ld", &a, &k) >= 1) {
			scenario_note(op, (size_t)a, k);
		} else if (!strcmp(op, "scribble")) {
			scribble();
			printf("scribble\n");
		} else if (!strcmp(op, "page") && sscanf(line, "%*s %llu", &a) == 1) {
			ml_pretend((size_t)a, 0);
			printf("page %zu\n", (size_t)a);
		} else if (!strcmp(op, "name") && strlen(line) > 5) {
			printf("name %zu\n", add_name(line + 5, strlen(line + 5)) ? nnames : 0);
		} else if (!strcmp(op, "names") && sscanf(line, "%*s %llu %llu %63s %s", &a, &b, w2, w1) == 4 &&
			   b < OPS_LINE - 64) {
			size_t end = strcmp(w1, "-") ? strlen(w1) : 0;

			memset(line, w2[0], (size_t)b);
			memcpy(line + b, w1, end);
			for (unsigned long long i = 0; i < a; i++)
				if (!add_name(line, (size_t)b + end))
					break;
			printf("names %zu\n", nnames);
		} else if (!strcmp(op, "count") && sscanf(line, "%*s %s %ld", w1, &k) >= 1) {
			scenario_count(strcmp(w1, "-") ? w1 : "", k);
		} else if (!strcmp(op, "nomaps")) {
			count_maps = false;
		} else if (!strcmp(op, "clear")) {
			clear_names();
			printf("clear\n");
		} else if (!strcmp(op, "worker") && sscanf(line, "%*s %llu %63s %ld", &a, w2, &k) >= 1) {
			scenario_worker((size_t)a, k ? w2 : NULL, k);
		} else if (!strcmp(op, "signals")) {
			sig_snapshot(&now);
			printf("signals %d\n", sig_same(&start, &now));
		} else {
			printf("unknown\n");
		}
		fflush(stdout);
	}
	/* Everything the run made is given back: what memcheck and
	 * LeakSanitizer still find is the student's. */
	for (size_t i = 0; i < nnotes; i++)
		if (notes[i].text)
			walk_note_wipe(&notes[i]);
	clear_names();
	free(names);
	return 0;
}
