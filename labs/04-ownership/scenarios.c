/*
 * scenarios.c - the grader's harness for lab 04: one scenario per property.
 *
 * usage: scenarios         run every scenario, in order, and exit 0
 *        scenarios NAME    run scenario_NAME alone; exit 0 when it holds, or
 *                          the code of the first broken property (below)
 *
 * The grader runs the first form once under memcheck: each memcheck error
 * is charged to the scenario_* function on its stack (for a leak: on the
 * stack that allocated the block), so one run answers every test.  Memory
 * errors are memcheck's to judge there: the exit status stays 0 and a
 * crash in one scenario is caught, so that the others still run.
 * The grader runs the second form natively, without valgrind, for the
 * properties memcheck cannot see (a pointer left NULL, a struct left zero)
 * and to see how a bug ends without valgrind's safety net.
 *
 * Every scenario cleans up after itself even when it finds a property
 * broken, so that a leak is only ever the code under test's.
 */
#include "kv.h"

#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Exit statuses of `scenarios NAME`.  The grader shows the comment of the
 * code it sees as "expected:" (grader/04-ownership.bats reads this enum),
 * so each comment says what should have happened.
 */
enum broken {
	BROKEN_NOMEM = 9,        /* expected: enough memory for a few small mallocs */
	BROKEN_BORROW = 10,      /* expected: buf_init_borrowed keeps the caller's pointer and length, with owned = false */
	BROKEN_COPY = 11,        /* expected: buf_init_copy makes its own '\0'-terminated copy, with owned = true */
	BROKEN_BUF_WIPED = 12,   /* expected: buf_wipe leaves the buf as {NULL, 0, false} */
	BROKEN_INIT = 19,        /* expected: kv_init leaves the store all zero */
	BROKEN_KV_WIPED = 20,    /* expected: kv_wipe leaves the store all zero, like kv_init */
	BROKEN_REUSE = 21,       /* expected: a wiped store works again (kv_set, then kv_get finds the value) */
	BROKEN_NEW = 30,         /* expected: kv_new returns an empty store, all zero */
	BROKEN_DELETE_NULL = 31, /* expected: kv_delete sets the caller's pointer to NULL */
	BROKEN_SET_COPY = 40,    /* expected: kv_set keeps its own copy of the value: changing the caller's array later changes nothing */
	BROKEN_REPLACE = 41,     /* expected: kv_get returns the latest value set for a key */
	BROKEN_BORROWED_VAL = 42,/* expected: kv_get returns the very pointer kv_set_static was given (borrowed, not copied) */
	BROKEN_OWNED_BYTES = 43, /* expected: kv_owned_bytes counts exactly the key and value bytes the store copied */
	BROKEN_DEL_STATUS = 50,  /* expected: kv_del returns 0 for a key it removed, -1 for a key that is not there */
	BROKEN_DEL_GONE = 51,    /* expected: after kv_del, kv_get finds nothing for that key */
	BROKEN_DEL_OTHERS = 52,  /* expected: kv_del leaves the other keys and their values in place */
	BROKEN_DEL_BYTES = 53,   /* expected: kv_owned_bytes is 0 once every key is deleted */
};

/* broken - report which property failed and how (quoted by the grader as
 * "seen:", never used for the verdict); returns code. */
static int broken(int code, const char *scenario, const char *detail)
{
	fprintf(stderr, "%s: %s\n", scenario, detail);
	return code;
}

/* all_zero - true when the n bytes at p are all zero. */
static bool all_zero(const void *p, size_t n)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < n; i++)
		if (c[i])
			return false;
	return true;
}

/* Literals the store borrows: they live as long as the program. */
static const char borrowed_key[] = "lang";
static const char borrowed_val[] = "C";

/* fill - put owned and borrowed entries, more than one allocation's worth,
 * in kv.  Returns 0, or BROKEN_NOMEM. */
static int fill(struct kv *kv)
{
	char key[16], val[16];

	for (int i = 0; i < 6; i++) {
		/* Stack buffers: the store must copy them. */
		snprintf(key, sizeof(key), "key%d", i);
		snprintf(val, sizeof(val), "value%d", i);
		if (kv_set(kv, key, val) < 0)
			return BROKEN_NOMEM;
	}
	if (kv_set_static(kv, borrowed_key, borrowed_val) < 0 ||
	    kv_set_static(kv, "planet", "Mercury") < 0)
		return BROKEN_NOMEM;
	return 0;
}

/* scenario_buf_borrowed - borrow a literal and a stack array, then wipe:
 * nothing may be freed (memcheck: "Invalid free"). */
static int scenario_buf_borrowed(void)
{
	static const char *const literal = "a string literal";
	char on_stack[] = "bytes on the stack";
	struct buf b;

	memset(&b, 0xa5, sizeof(b));    /* like an uninitialised local */
	buf_init_borrowed(&b, literal, strlen(literal));
	if (b.data != literal || b.len != strlen(literal) || b.owned)
		return broken(BROKEN_BORROW, __func__, "a literal was not borrowed as is");
	buf_wipe(&b);
	buf_init_borrowed(&b, on_stack, 5);
	if (b.data != on_stack || b.len != 5 || b.owned)
		return broken(BROKEN_BORROW, __func__, "a stack array was not borrowed as is");
	buf_wipe(&b);
	return 0;
}

/* scenario_buf_owned - copy a stack array, then wipe: the copy must be
 * freed (memcheck: "definitely lost"). */
static int scenario_buf_owned(void)
{
	char src[] = "copied bytes";
	size_t n = strlen(src);
	struct buf b;
	int ret = 0;

	memset(&b, 0xa5, sizeof(b));
	if (buf_init_copy(&b, src, n) < 0)
		return broken(BROKEN_NOMEM, __func__, "buf_init_copy failed");
	if (b.data == src || b.len != n || !b.owned ||
	    memcmp(b.data, src, n) != 0 || b.data[n] != '\0')
		ret = broken(BROKEN_COPY, __func__, "the buf is not an owned, terminated copy");
	buf_wipe(&b);
	return ret;
}

/* buf_is_wiped - true when b is {NULL, 0, false}. */
static bool buf_is_wiped(const struct buf *b)
{
	return !b->data && !b->len && !b->owned;
}

/* scenario_buf_wipe - wipe owned and borrowed bufs twice, and NULL. */
static int scenario_buf_wipe(void)
{
	struct buf owned, borrowed;

	if (buf_init_copy(&owned, "owned", 5) < 0)
		return broken(BROKEN_NOMEM, __func__, "buf_init_copy failed");
	buf_wipe(&owned);
	if (!buf_is_wiped(&owned))
		return broken(BROKEN_BUF_WIPED, __func__, "an owned buf, once wiped, still has data, len or owned set");
	buf_wipe(&owned);               /* twice: must free nothing */

	buf_init_borrowed(&borrowed, "borrowed", 8);
	buf_wipe(&borrowed);
	if (!buf_is_wiped(&borrowed))
		return broken(BROKEN_BUF_WIPED, __func__, "a borrowed buf, once wiped, still has data, len or owned set");
	buf_wipe(&borrowed);

	buf_wipe(NULL);
	return 0;
}

/* scenario_kv_wipe - fill a store, wipe it: everything it copied is freed,
 * nothing it borrowed is, and the struct is all zero again. */
static int scenario_kv_wipe(void)
{
	struct kv kv;
	int ret;

	memset(&kv, 0xa5, sizeof(kv));
	kv_init(&kv);
	if (!all_zero(&kv, sizeof(kv)))
		return broken(BROKEN_INIT, __func__, "kv_init left a non-zero byte");
	ret = fill(&kv);
	kv_wipe(&kv);
	if (ret)
		return broken(ret, __func__, "kv_set failed");
	if (!all_zero(&kv, sizeof(kv)))
		return broken(BROKEN_KV_WIPED, __func__, "after kv_wipe, the struct kv still has a non-zero byte (a stale pointer or count)");
	return 0;
}

/* scenario_kv_wipe_twice - wipe twice, wipe NULL, then use the store again. */
static int scenario_kv_wipe_twice(void)
{
	struct kv kv;
	const char *got;
	int ret;

	kv_init(&kv);
	ret = fill(&kv);
	kv_wipe(&kv);
	kv_wipe(&kv);
	kv_wipe(NULL);
	if (ret)
		return broken(ret, __func__, "kv_set failed");
	if (kv_set(&kv, "again", "yes") < 0) {
		kv_wipe(&kv);
		return broken(BROKEN_NOMEM, __func__, "kv_set failed");
	}
	got = kv_get(&kv, "again");
	if (!got || strcmp(got, "yes") != 0 || kv_len(&kv) != 1)
		ret = broken(BROKEN_REUSE, __func__, "after kv_wipe, kv_set then kv_get did not find the value");
	kv_wipe(&kv);
	return ret;
}

/* scenario_new_delete - kv_new, fill, kv_delete: every block freed. */
static int scenario_new_delete(void)
{
	struct kv *kv = kv_new();
	int ret;

	if (!kv)
		return broken(BROKEN_NOMEM, __func__, "kv_new returned NULL");
	if (!all_zero(kv, sizeof(*kv))) {
		kv_delete(&kv);
		return broken(BROKEN_NEW, __func__, "kv_new's store has a non-zero byte");
	}
	ret = fill(kv);
	kv_delete(&kv);
	if (ret)
		return broken(ret, __func__, "kv_set failed");
	return 0;
}

/* scenario_delete_twice - kv_delete leaves NULL, so a second one is a no-op. */
static int scenario_delete_twice(void)
{
	struct kv *kv = kv_new();
	int ret;

	if (!kv)
		return broken(BROKEN_NOMEM, __func__, "kv_new returned NULL");
	ret = fill(kv);
	kv_delete(&kv);
	if (kv)
		/* Do not delete again: the store is freed and kv dangles. */
		return broken(BROKEN_DELETE_NULL, __func__, "after kv_delete(&kv), kv still holds the freed address");
	kv_delete(&kv);
	if (ret)
		return broken(ret, __func__, "kv_set failed");
	return 0;
}

/* scenario_delete_null - kv_delete(NULL) and kv_delete(&null) do nothing. */
static int scenario_delete_null(void)
{
	struct kv *none = NULL;

	kv_delete(NULL);
	kv_delete(&none);
	if (none)
		return broken(BROKEN_DELETE_NULL, __func__, "kv_delete(&p) with p == NULL left p non-NULL");
	return 0;
}

/* scenario_replace - set one key four times, switching between owned and
 * borrowed values: each owned value replaced is freed, no borrowed one is. */
static int scenario_replace(void)
{
	static const char third[] = "third";    /* borrowed */
	char val[16] = "first";
	struct kv kv;
	const char *got;
	int ret = 0;

	kv_init(&kv);
	if (kv_set(&kv, "k", val) < 0)
		goto nomem;
	strcpy(val, "XXXXX");           /* the store's copy must not change */
	got = kv_get(&kv, "k");
	if (!got || strcmp(got, "first") != 0) {
		ret = broken(BROKEN_SET_COPY, __func__, "kv_get returned the caller's array, not the store's copy");
		goto out;
	}
	if (kv_set(&kv, "k", "second") < 0)     /* owned replaces owned */
		goto nomem;
	got = kv_get(&kv, "k");
	if (!got || strcmp(got, "second") != 0) {
		ret = broken(BROKEN_REPLACE, __func__, "kv_get did not return \"second\" after kv_set(\"k\", \"second\")");
		goto out;
	}
	if (kv_set_static(&kv, "k", third) < 0) /* borrowed replaces owned */
		goto nomem;
	if (kv_get(&kv, "k") != third) {
		ret = broken(BROKEN_BORROWED_VAL, __func__, "after kv_set_static(\"k\", third), kv_get did not return third itself");
		goto out;
	}
	if (kv_set(&kv, "k", "fourth") < 0)     /* owned replaces borrowed */
		goto nomem;
	got = kv_get(&kv, "k");
	if (!got || strcmp(got, "fourth") != 0) {
		ret = broken(BROKEN_REPLACE, __func__, "kv_get did not return \"fourth\" after kv_set(\"k\", \"fourth\")");
		goto out;
	}
	if (kv_owned_bytes(&kv) != strlen("k") + strlen("fourth")) {
		char detail[96];

		snprintf(detail, sizeof(detail), "kv_owned_bytes() is %zu, not %zu (\"k\" and \"fourth\")",
		         kv_owned_bytes(&kv), strlen("k") + strlen("fourth"));
		ret = broken(BROKEN_OWNED_BYTES, __func__, detail);
	}
	goto out;
nomem:
	ret = broken(BROKEN_NOMEM, __func__, "kv_set failed");
out:
	kv_wipe(&kv);
	return ret;
}

/* scenario_del - delete keys one by one: kv_del frees each entry and never
 * reads it afterwards (memcheck: "Invalid read ... free'd"). */
static int scenario_del(void)
{
	static const char *const keys[] = { "alpha", "beta", "gamma", "delta" };
	struct kv kv;
	const char *got;
	int ret = 0;

	kv_init(&kv);
	if (kv_set(&kv, "alpha", "1") < 0 || kv_set_static(&kv, "beta", "2") < 0 ||
	    kv_set(&kv, "gamma", "3") < 0 || kv_set(&kv, "delta", "4") < 0) {
		ret = broken(BROKEN_NOMEM, __func__, "kv_set failed");
		goto out;
	}
	if (kv_del(&kv, "beta") != 0 || kv_del(&kv, "beta") != -1 || kv_del(&kv, "omega") != -1) {
		ret = broken(BROKEN_DEL_STATUS, __func__, "kv_del(\"beta\") twice, then kv_del(\"omega\"): not 0, -1, -1");
		goto out;
	}
	if (kv_get(&kv, "beta")) {
		ret = broken(BROKEN_DEL_GONE, __func__, "kv_get(\"beta\") found a value after kv_del(\"beta\")");
		goto out;
	}
	got = kv_get(&kv, "gamma");
	if (kv_len(&kv) != 3 || !got || strcmp(got, "3") != 0) {
		ret = broken(BROKEN_DEL_OTHERS, __func__, "after kv_del(\"beta\"), \"gamma\" or the count changed");
		goto out;
	}
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (i == 1)
			continue;       /* beta is gone already */
		if (kv_del(&kv, keys[i]) != 0) {
			ret = broken(BROKEN_DEL_STATUS, __func__, "kv_del of a present key did not return 0");
			goto out;
		}
	}
	if (kv_len(&kv) != 0 || kv_owned_bytes(&kv) != 0) {
		char detail[96];

		snprintf(detail, sizeof(detail), "after deleting every key, kv_len() is %zu and kv_owned_bytes() is %zu",
		         kv_len(&kv), kv_owned_bytes(&kv));
		ret = broken(BROKEN_DEL_BYTES, __func__, detail);
	}
out:
	kv_wipe(&kv);
	return ret;
}

static const struct scenario {
	const char *name;
	int (*run)(void);
} scenarios[] = {
	{ "buf_borrowed", scenario_buf_borrowed },
	{ "buf_owned", scenario_buf_owned },
	{ "buf_wipe", scenario_buf_wipe },
	{ "kv_wipe", scenario_kv_wipe },
	{ "kv_wipe_twice", scenario_kv_wipe_twice },
	{ "new_delete", scenario_new_delete },
	{ "delete_twice", scenario_delete_twice },
	{ "delete_null", scenario_delete_null },
	{ "replace", scenario_replace },
	{ "del", scenario_del },
};
#define NSCENARIOS (sizeof(scenarios) / sizeof(scenarios[0]))

static sigjmp_buf crashed;

/* on_crash - leave the scenario that crashed (used when running them all). */
static void on_crash(int sig)
{
	siglongjmp(crashed, sig);
}

/* run_all - every scenario in turn; a crash ends only its own scenario.
 * Under memcheck, the bad access was reported before the signal came. */
static int run_all(void)
{
	static const int fatal[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL };
	struct sigaction sa = { .sa_handler = on_crash };

	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
		sigaction(fatal[i], &sa, NULL);
	for (size_t i = 0; i < NSCENARIOS; i++) {
		/* i does not change between sigsetjmp and a siglongjmp back here,
		 * so it needs no volatile.  The mask is saved (the 1) so that the
		 * signal is unblocked again after the jump. */
		int sig = sigsetjmp(crashed, 1);

		if (sig == 0)
			scenarios[i].run();
		else
			fprintf(stderr, "scenario_%s: killed by signal %d\n", scenarios[i].name, sig);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 1)
		return run_all();
	for (size_t i = 0; i < NSCENARIOS; i++)
		if (strcmp(argv[1], scenarios[i].name) == 0)
			return scenarios[i].run();
	fprintf(stderr, "usage: %s [NAME]\nNAME is one of:", argv[0]);
	for (size_t i = 0; i < NSCENARIOS; i++)
		fprintf(stderr, " %s", scenarios[i].name);
	fprintf(stderr, "\n");
	return 2;
}
