/*
 * subject.c - the stub linked with the student's kv.c (lab 04).
 *
 * It performs the operations the judge wrote on stdin, one a line, and
 * prints one line of observation for each: what the function returned,
 * kv_len and kv_owned_bytes after it, whether a struct is all zero...  It
 * decides nothing: harness/judge.c does, in another process.  The protocol
 * is in harness/ops.h.
 *
 * Each group of operations runs inside a function of its own,
 * scenario_NAME, so that memcheck and AddressSanitizer charge every error
 * (for a leak: the stack that allocated the block) to the scenario it
 * happened in.  Built with -O0 so that no scenario frame is inlined away.
 *
 * Observations go out on a descriptor of the stub's own: stdout is pointed
 * at stderr before anything runs, so a printf in kv.c (a debugging line)
 * lands among the diagnostics and never in the judge's answers.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fault.h"
#include "kv.h"
#include "ops.h"

static FILE *obs;
static char inbuf[1 << 16];

static struct kv stores[OPS_STORES / 2];
static struct kv *ptrs[OPS_STORES / 2];
static int dangling[OPS_STORES / 2];
static struct buf bufs[OPS_BUFS];

/* The strings kv_set_static and buf_init_borrowed borrow: they live as
 * long as the program, as the contract asks. */
static char arena[OPS_ARENA];
static size_t arena_used;

/* ---- strings --------------------------------------------------------- */

/* token - the string a "=..." word stands for, in a static buffer (NULL if
 * the word is not a token). */
static const char *token(const char *word)
{
	static char buf[4][OPS_MAX_TOKEN + 1];
	static int next;
	char *t = buf[next++ % 4];
	size_t n;

	if (!word || word[0] != '=')
		return NULL;
	n = strlen(word + 1);
	if (n > OPS_MAX_TOKEN)
		return NULL;
	memcpy(t, word + 1, n + 1);
	return t;
}

/* in_arena - a copy of s in the arena, alive until the end; NULL if full. */
static const char *in_arena(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p;

	if (arena_used + n > sizeof(arena))
		return NULL;
	p = arena + arena_used;
	memcpy(p, s, n);
	arena_used += n;
	return p;
}

/* temp - a heap copy of s that the stub scribbles over and frees after the
 * call: a store that kept the pointer instead of copying reads freed bytes. */
static char *temp(const char *s)
{
	char *p = malloc(strlen(s) + 1);

	if (!p) {
		fprintf(stderr, "subject: out of memory\n");
		abort();
	}
	return strcpy(p, s);
}

static void temp_free(char *p)
{
	memset(p, 'X', strlen(p));
	free(p);
}

/* arena_off - where p lies in the arena, or -1. */
static long arena_off(const char *p)
{
	if (p >= arena && p < arena + arena_used)
		return (long)(p - arena);
	return -1;
}

/* print_value - p as a token (bytes outside the judge's alphabet as '?'),
 * at most OPS_MAX_TOKEN characters. */
static void print_value(const char *p)
{
	fputc('=', obs);
	for (size_t i = 0; p[i] && i < OPS_MAX_TOKEN; i++) {
		unsigned char c = (unsigned char)p[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || c == '_';

		fputc(ok ? c : '?', obs);
	}
}

static bool all_zero(const void *p, size_t n)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < n; i++)
		if (c[i])
			return false;
	return true;
}

/* store - store S, or NULL when it does not exist. */
static struct kv *store(long s)
{
	if (s < 0 || s >= OPS_STORES)
		return NULL;
	if (s < OPS_STORES / 2)
		return &stores[s];
	return dangling[s - OPS_STORES / 2] ? NULL : ptrs[s - OPS_STORES / 2];
}

/* ---- the operations -------------------------------------------------- */

static void arm(long f)
{
	if (f > 0)
		ml_fault_arm(ML_F_MALLOC, f);
}

static int disarm(long f)
{
	int fired = f > 0 && ml_fault_fired(ML_F_MALLOC);

	if (f > 0)
		ml_fault_disarm(ML_F_MALLOC);
	return fired;
}

static void state(const struct kv *kv)
{
	fprintf(obs, " %zu %zu", kv_len(kv), kv_owned_bytes(kv));
}

/* op_set - set, sets, self, selfs. */
static void op_set(const char *op, struct kv *kv, const char *k, const char *v, long f)
{
	int ret, fired;
	long voff = -1;

	if (!strcmp(op, "set")) {
		char *tk = temp(k), *tv = temp(v);

		arm(f);
		ret = kv_set(kv, tk, tv);
		fired = disarm(f);
		temp_free(tk);
		temp_free(tv);
	} else if (!strcmp(op, "sets")) {
		const char *ak = in_arena(k), *av = in_arena(v);

		if (!ak || !av) {
			fprintf(obs, "full\n");
			return;
		}
		voff = arena_off(av);
		arm(f);
		ret = kv_set_static(kv, ak, av);
		fired = disarm(f);
	} else {
		/* self, selfs: the value given is the store's own. */
		const char *cur = kv_get(kv, k);
		char *tk = temp(k);
		const char *ak = in_arena(k);

		if (!cur || !ak) {
			temp_free(tk);
			fprintf(obs, "nokey\n");
			return;
		}
		arm(f);
		ret = !strcmp(op, "self") ? kv_set(kv, tk, cur) : kv_set_static(kv, ak, cur);
		fired = disarm(f);
		temp_free(tk);
	}
	fprintf(obs, "%s %d %d", op, ret, fired);
	state(kv);
	if (!strcmp(op, "sets"))
		fprintf(obs, " %ld", voff);
	fputc('\n', obs);
}

static void op_get(struct kv *kv, const char *k)
{
	char *tk = temp(k);
	const char *v = kv_get(kv, tk);

	temp_free(tk);
	if (!v) {
		fprintf(obs, "get 0 -1 =\n");
		return;
	}
	fprintf(obs, "get 1 %ld ", arena_off(v));
	print_value(v);
	fputc('\n', obs);
}

static void op_del(struct kv *kv, const char *k)
{
	char *tk = temp(k);
	int ret = kv_del(kv, tk);

	temp_free(tk);
	fprintf(obs, "del %d", ret);
	state(kv);
	fputc('\n', obs);
}

static void op_bcopy(long b, const char *t, size_t n, long f)
{
	struct buf *buf = &bufs[b];
	char *src = temp(t);
	int ret, fired, sep = 0, term = 0, same = 0, wiped;

	memset(buf, 0xa5, sizeof(*buf));
	arm(f);
	ret = buf_init_copy(buf, src, n);
	fired = disarm(f);
	if (ret == 0 && buf->data && buf->data != src) {
		sep = 1;
		same = memcmp(buf->data, src, n) == 0;
		term = buf->data[n] == '\0';
	}
	wiped = !buf->data && !buf->len && !buf->owned;
	temp_free(src);
	fprintf(obs, "bcopy %d %d %d %zu %d %d %d %d\n", ret, fired, sep, buf->len,
		buf->owned, term, same, wiped);
}

/* do_op - one operation of a scenario; false for `end`. */
static bool do_op(const char *line)
{
	char op[16], w1[OPS_MAX_TOKEN + 2], w2[OPS_MAX_TOKEN + 2];
	long s = -1, f = 0;
	size_t n = 0;
	int k;

	w1[0] = w2[0] = '\0';
	k = sscanf(line, "%15s %ld", op, &s);
	if (k < 1)
		return true;
	if (!strcmp(op, "end"))
		return false;
	if (!strcmp(op, "wipenull")) {
		kv_wipe(NULL);
		fprintf(obs, "wipenull\n");
		return true;
	}
	if (!strcmp(op, "deletenull")) {
		kv_delete(NULL);
		fprintf(obs, "deletenull\n");
		return true;
	}
	if (!strcmp(op, "bwipenull")) {
		buf_wipe(NULL);
		fprintf(obs, "bwipenull\n");
		return true;
	}
	if (!strcmp(op, "init") && k == 2 && s >= 0 && s < OPS_STORES / 2) {
		memset(&stores[s], 0xa5, sizeof(stores[s]));
		kv_init(&stores[s]);
		fprintf(obs, "init %d\n", all_zero(&stores[s], sizeof(stores[s])));
		return true;
	}
	if (!strcmp(op, "new") && k == 2 && s >= OPS_STORES / 2 && s < OPS_STORES) {
		long i = s - OPS_STORES / 2;
		int fired;

		sscanf(line, "%*s %*d %ld", &f);
		arm(f);
		ptrs[i] = kv_new();
		fired = disarm(f);
		dangling[i] = 0;
		fprintf(obs, "new %d %d %d\n", ptrs[i] != NULL,
			ptrs[i] && all_zero(ptrs[i], sizeof(*ptrs[i])), fired);
		return true;
	}
	if (!strcmp(op, "delete") && k == 2 && s >= OPS_STORES / 2 && s < OPS_STORES) {
		long i = s - OPS_STORES / 2;

		if (dangling[i]) {
			fprintf(obs, "delete skip\n");
			return true;
		}
		kv_delete(&ptrs[i]);
		/* A pointer left behind is never used again by the stub. */
		dangling[i] = ptrs[i] != NULL;
		fprintf(obs, "delete %d\n", ptrs[i] == NULL);
		return true;
	}
	if (!strcmp(op, "bborrow") || !strcmp(op, "bcopy") || !strcmp(op, "bwipe")) {
		if (k != 2 || s < 0 || s >= OPS_BUFS) {
			fprintf(obs, "unknown\n");
			return true;
		}
		if (!strcmp(op, "bwipe")) {
			buf_wipe(&bufs[s]);
			fprintf(obs, "bwipe %d\n", !bufs[s].data && !bufs[s].len && !bufs[s].owned);
			return true;
		}
		const char *t = sscanf(line, "%*s %*d %1501s %zu %ld", w1, &n, &f) >= 2 ? token(w1) : NULL;

		if (!t || n > strlen(t)) {
			fprintf(obs, "unknown\n");
		} else if (!strcmp(op, "bcopy")) {
			op_bcopy(s, t, n, f);
		} else {
			const char *p = in_arena(t);

			if (!p) {
				fprintf(obs, "full\n");
				return true;
			}
			memset(&bufs[s], 0xa5, sizeof(bufs[s]));
			buf_init_borrowed(&bufs[s], p, n);
			fprintf(obs, "bborrow %d %zu %d\n", bufs[s].data == p, bufs[s].len, bufs[s].owned);
		}
		return true;
	}

	struct kv *kv = k == 2 ? store(s) : NULL;

	if (!kv && (!strcmp(op, "wipe") || !strcmp(op, "set") || !strcmp(op, "sets") ||
		    !strcmp(op, "self") || !strcmp(op, "selfs") || !strcmp(op, "get") ||
		    !strcmp(op, "del"))) {
		fprintf(obs, "nostore\n");
		return true;
	}
	if (!strcmp(op, "wipe")) {
		kv_wipe(kv);
		fprintf(obs, "wipe %d\n", all_zero(kv, sizeof(*kv)));
	} else if (!strcmp(op, "set") || !strcmp(op, "sets")) {
		const char *key, *val;

		if (sscanf(line, "%*s %*d %1501s %1501s %ld", w1, w2, &f) < 2 ||
		    !(key = token(w1)) || !(val = token(w2)))
			fprintf(obs, "unknown\n");
		else
			op_set(op, kv, key, val, f);
	} else if (!strcmp(op, "self") || !strcmp(op, "selfs") || !strcmp(op, "get") ||
		   !strcmp(op, "del")) {
		const char *key;

		if (sscanf(line, "%*s %*d %1501s %ld", w1, &f) < 1 || !(key = token(w1)))
			fprintf(obs, "unknown\n");
		else if (!strcmp(op, "get"))
			op_get(kv, key);
		else if (!strcmp(op, "del"))
			op_del(kv, key);
		else
			op_set(op, kv, key, NULL, f);
	} else {
		fprintf(obs, "unknown\n");
	}
	return true;
}

/* ---- scenarios -------------------------------------------------------- */

static sigjmp_buf crashed;
static volatile sig_atomic_t recovering, fatal_sig;

static void on_fatal(int sig)
{
	fatal_sig = sig;
	siglongjmp(crashed, 1);
}

/* episode - the operations up to `end`.  After `recover`, a fatal signal
 * skips the rest of the scenario (memcheck's run: valgrind's allocator
 * holds no lock of the program's, so the next scenario can still run). */
static void episode(void)
{
	static char line[OPS_LINE];

	if (recovering && sigsetjmp(crashed, 1)) {
		fprintf(obs, "crash %d\n", (int)fatal_sig);
		while (fgets(line, sizeof(line), stdin) && strncmp(line, "end", 3))
			;
		fprintf(obs, "end\n");
		fflush(obs);
		return;
	}
	while (fgets(line, sizeof(line), stdin)) {
		if (!do_op(line))
			break;
		fflush(obs);
	}
	fprintf(obs, "end\n");
	fflush(obs);
}

/* One function per scenario: its name is what the grader's reports show. */
#define SCENARIO(name) \
	static __attribute__((noinline)) void scenario_##name(void) { episode(); }
SCENARIO(borrow)
SCENARIO(copy)
SCENARIO(bufwipe)
SCENARIO(wipe)
SCENARIO(rewipe)
SCENARIO(delete)
SCENARIO(delete2)
SCENARIO(deletenull)
SCENARIO(replace)
SCENARIO(self)
SCENARIO(fault)
SCENARIO(del)
SCENARIO(model)

static const struct {
	const char *name;
	void (*run)(void);
} scenarios[] = {
	{ "borrow", scenario_borrow }, { "copy", scenario_copy },
	{ "bufwipe", scenario_bufwipe }, { "wipe", scenario_wipe },
	{ "rewipe", scenario_rewipe }, { "delete", scenario_delete },
	{ "delete2", scenario_delete2 }, { "deletenull", scenario_deletenull },
	{ "replace", scenario_replace }, { "self", scenario_self },
	{ "fault", scenario_fault }, { "del", scenario_del },
	{ "model", scenario_model },
};

int main(void)
{
	static char line[OPS_LINE];
	char op[16], name[32];
	int fd;

	/* The observations' own descriptor; stdout (and so any printf in
	 * kv.c) goes to stderr from here on. */
	fflush(stdout);
	fd = dup(1);
	if (fd < 0 || dup2(2, 1) < 0 || !(obs = fdopen(fd, "w"))) {
		fprintf(stderr, "subject: cannot set up its output\n");
		return 1;
	}
	setvbuf(stdin, inbuf, _IOFBF, sizeof(inbuf));
	while (fgets(line, sizeof(line), stdin)) {
		int k = sscanf(line, "%15s %31s", op, name);

		if (k < 1)
			continue;
		if (!strcmp(op, "recover")) {
			static const int fatal[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL };
			struct sigaction sa = { .sa_handler = on_fatal };

			sigemptyset(&sa.sa_mask);
			for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
				sigaction(fatal[i], &sa, NULL);
			recovering = 1;
			fprintf(obs, "recover\n");
		} else if (!strcmp(op, "begin") && k == 2) {
			size_t i;

			for (i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++)
				if (!strcmp(scenarios[i].name, name))
					break;
			if (i == sizeof(scenarios) / sizeof(scenarios[0])) {
				fprintf(obs, "unknown\n");
				continue;
			}
			fprintf(obs, "begin %s\n", name);
			fflush(obs);
			scenarios[i].run();
		} else {
			fprintf(obs, "unknown\n");
		}
		fflush(obs);
	}
	fprintf(obs, "done\n");
	return fclose(obs) == 0 ? 0 : 1;
}

#ifdef __SANITIZE_ADDRESS__
/*
 * The sanitizers' hooks, defined by the harness: a kv.c that defines one
 * too (to suppress a leak report, or send the report elsewhere) does not
 * link.  The grader passes every option it wants in ASAN_OPTIONS.
 */
const char *__asan_default_options(void);
const char *__lsan_default_options(void);
const char *__lsan_default_suppressions(void);
const char *__asan_default_suppressions(void);
const char *__asan_default_options(void) { return ""; }
const char *__lsan_default_options(void) { return ""; }
const char *__lsan_default_suppressions(void) { return ""; }
const char *__asan_default_suppressions(void) { return ""; }
#endif
