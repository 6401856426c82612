/*
 * judge.c - lab 04's judge: chooses what the subject does with kv.c, then
 * decides, from what it and the tools reported, which properties hold.
 *
 * Never linked with the student's code (see common/judge/judge.h).  One
 * script of operations (harness/ops.h), drawn from the seed, is run three
 * times: natively (run), under AddressSanitizer and LeakSanitizer (asan),
 * and under memcheck (mc, which recovers from a crash in a scenario).  The
 * script is made of scenarios, one per property; every answer of every run
 * is checked against a small model of the store (a map from keys to values
 * that knows which bytes are owned), and every error memcheck or ASan
 * reports is charged to the scenario_* frame on its stack.  A property
 * holds when its scenario's answers match the model in all three runs and
 * both tools found nothing in it.
 *
 *   judge inputs  -> run.in, asan.in, mc.in (the same script; mc.in
 *                    starts with `recover`)
 *   judge verdict <- NAME.out/.err/.status, mc.verdict and mc.errors (the
 *                    grader's reading of memcheck's XML: grader/lib/memcheck.bash)
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "judge.h"
#include "ops.h"

const struct jg_property jg_properties[] = {
	{ "borrow", 1, "buf_init_borrowed keeps the caller's pointer and length with owned = false, "
	  "and buf_wipe never frees borrowed bytes (empty, short, long and partial strings)",
	  "buf_wipe in kv.c: free the bytes only when b->owned (TODO 1)" },
	{ "copy", 1, "buf_init_copy makes an owned, '\\0'-terminated copy of s[0..len) that buf_wipe "
	  "frees; when its malloc fails it returns -1 and leaves b as {NULL, 0, false}",
	  "buf_wipe in kv.c: an owned buf's bytes are freed once (TODO 1)" },
	{ "bufwipe", 1, "buf_wipe leaves {NULL, 0, false}, accepts NULL, and is harmless twice",
	  "buf_wipe in kv.c: reset data, len and owned after the free (TODO 1)" },
	{ "wipe", 2, "kv_init leaves the store all zero; kv_wipe frees every entry and the array "
	  "(0, 1, 4, 5 and more entries) and leaves the store all zero again",
	  "kv_wipe in kv.c: each entry, then the array, then all zero (TODO 2)" },
	{ "rewipe", 2, "kv_wipe accepts NULL, is harmless twice, and the store works again after it",
	  "kv_wipe in kv.c: leave the store exactly as kv_init does (TODO 2)" },
	{ "delete", 3, "kv_new returns an all-zero store (NULL, leaking nothing, when its malloc "
	  "fails), and kv_delete frees the store and everything in it",
	  "kv_delete in kv.c: kv_wipe, then free the store (TODO 3)" },
	{ "delete2", 3, "after kv_delete(&p), p is NULL, and a second kv_delete(&p) does nothing",
	  "kv_delete in kv.c: *kvp = NULL after the free (TODO 3)" },
	{ "deletenull", 3, "kv_delete(NULL) and kv_delete(&p) with p == NULL do nothing",
	  "kv_delete in kv.c: return at once when kvp or *kvp is NULL (TODO 3)" },
	{ "replace", 4, "replacing a value (owned by owned, owned by borrowed, borrowed by owned, "
	  "borrowed by borrowed) frees the old one if, and only if, the store owned it; kv_get "
	  "returns the latest value, and kv_owned_bytes() is exact",
	  "kv_put in kv.c: release the old value before overwriting it (TODO 4)" },
	{ "self", 4, "kv_set(kv, key, kv_get(kv, key)) keeps the value (the copy is made before the "
	  "old value is freed), and so does kv_set_static with its own borrowed value",
	  "kv_put in kv.c: build the new value first, release the old one after (TODO 4)" },
	{ "fault", 4, "when an allocation of kv_set or kv_set_static fails (each one made to fail in "
	  "turn), it returns -1, the store is unchanged (keys, values, kv_len, kv_owned_bytes) and "
	  "nothing leaks",
	  "kv_put in kv.c: on each failure path free what this call allocated, and change the "
	  "store only once nothing can fail any more (TODO 4)" },
	{ "del", 5, "kv_del frees a present key and everything it owned, never reading the entry "
	  "after freeing it, and returns 0; it returns -1 for an absent key (a prefix or an "
	  "extension of a present key, one deleted already); the other keys stay",
	  "kv_del in kv.c: update owned_bytes before freeing the entry (TODO 5)" },
	{ "model", 0, "over random sequences of kv_set, kv_set_static, kv_get, kv_del and kv_wipe "
	  "on keys that are prefixes of each other, empty keys and long keys, every answer is a "
	  "map's, with no memory error",
	  "kv.c: the operation quoted, and the step its function belongs to" },
	{ "clean", 0, "every block is freed, and neither memcheck nor AddressSanitizer finds an "
	  "error anywhere in the run (outside the scenarios too)",
	  "kv.c: the frame quoted; code that runs outside kv's functions (a constructor?)" },
};
const size_t jg_nproperties = sizeof(jg_properties) / sizeof(jg_properties[0]);

/* The scenarios, in the order the script runs them; each checks one
 * property (its index in jg_properties). */
static const char *const scenario_names[] = {
	"borrow", "copy", "bufwipe", "wipe", "rewipe", "delete", "delete2", "deletenull",
	"replace", "self", "fault", "del", "model",
};
#define NSCEN (sizeof(scenario_names) / sizeof(scenario_names[0]))

/* ---- inputs ---------------------------------------------------------- */

static char *script;
static size_t script_len;
static FILE *out;

static void emit(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void emit(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
}

/* rand_token - n characters of [a-z0-9_A-Z] into buf. */
static const char *rand_token(struct jg_rng *r, char *buf, size_t n)
{
	static const char alpha[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";

	for (size_t i = 0; i < n; i++)
		buf[i] = alpha[jg_rng_below(r, sizeof(alpha) - 1)];
	buf[n] = '\0';
	return buf;
}

/* repeat - c n times, then tail. */
static const char *repeat(char *buf, char c, size_t n, const char *tail)
{
	memset(buf, c, n);
	strcpy(buf + n, tail);
	return buf;
}

/* The keys every kv scenario draws from: prefixes of each other, case
 * variants, the empty key, long keys that differ only at the end. */
#define NKEYS 16
static char keys[NKEYS][OPS_MAX_TOKEN + 1];

static void make_keys(struct jg_rng *r)
{
	static const char *const fixed[] = { "", "a", "ab", "abc", "abcd", "b", "B", "ba", "key", "key0" };
	size_t i;

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		strcpy(keys[i], fixed[i]);
	repeat(keys[i++], 'k', 300, "");
	repeat(keys[i++], 'k', 300, "x");
	repeat(keys[i++], 'k', 1000, "");
	repeat(keys[i++], 'k', 299, "");
	rand_token(r, keys[i++], 1 + jg_rng_below(r, 12));
	rand_token(r, keys[i++], 1 + jg_rng_below(r, 40));
}

/* rand_value - a value: mostly short, sometimes empty or long. */
static const char *rand_value(struct jg_rng *r, char *buf)
{
	switch (jg_rng_below(r, 10)) {
	case 0:
		buf[0] = '\0';
		return buf;
	case 1:
		return rand_token(r, buf, 200 + jg_rng_below(r, 800));
	default:
		return rand_token(r, buf, 1 + jg_rng_below(r, 30));
	}
}

/* A model of which keys a store holds, for the script writer: what it
 * needs to choose valid self/selfs operations. */
struct wkey {
	int key;        /* index in keys[], -1 for a free slot */
	bool owned_val;
};
static struct wkey wstore[64];

static struct wkey *wfind(int key)
{
	for (size_t i = 0; i < sizeof(wstore) / sizeof(wstore[0]); i++)
		if (wstore[i].key == key)
			return &wstore[i];
	return NULL;
}

static void wclear(void)
{
	for (size_t i = 0; i < sizeof(wstore) / sizeof(wstore[0]); i++)
		wstore[i].key = -1;
}

static void wset(int key, bool owned)
{
	struct wkey *w = wfind(key);

	if (!w)
		w = wfind(-1);
	if (w)
		*w = (struct wkey){ key, owned };
}

/* fill - n distinct keys in store s, owned and borrowed. */
static void fill(struct jg_rng *r, int s, size_t n)
{
	char v[OPS_MAX_TOKEN + 1];

	for (size_t i = 0; i < n && i < NKEYS; i++) {
		bool owned = jg_rng_below(r, 3) != 0;

		emit("%s %d =%s =%s\n", owned ? "set" : "sets", s, keys[i], rand_value(r, v));
		wset((int)i, owned);
	}
}

static void get_all(int s)
{
	for (int i = 0; i < NKEYS; i++)
		if (wfind(i))
			emit("get %d =%s\n", s, keys[i]);
}

static void write_bufs(struct jg_rng *r)
{
	char t[OPS_MAX_TOKEN + 1];
	const char *ts[6];
	char b0[4], b1[40], b2[1100];

	ts[0] = "";
	ts[1] = "x";
	ts[2] = rand_token(r, b0, 3);
	ts[3] = rand_token(r, b1, 5 + jg_rng_below(r, 30));
	ts[4] = rand_token(r, b2, 1000 + jg_rng_below(r, 90));
	ts[5] = "a_string_literal";

	emit("begin borrow\n");
	for (int i = 0; i < 6; i++) {
		size_t n = strlen(ts[i]);

		emit("bborrow %d =%s %zu\nbwipe %d\n", i % 4, ts[i], n, i % 4);
		if (n > 1)
			emit("bborrow %d =%s %zu\nbwipe %d\n", i % 4, ts[i], (size_t)jg_rng_below(r, n), i % 4);
	}
	emit("end\n");

	emit("begin copy\n");
	for (int i = 0; i < 6; i++) {
		size_t n = strlen(ts[i]);

		emit("bcopy %d =%s %zu\nbwipe %d\n", i % 4, ts[i], n, i % 4);
		if (n > 1)
			emit("bcopy %d =%s %zu\nbwipe %d\n", i % 4, ts[i], (size_t)jg_rng_below(r, n), i % 4);
	}
	emit("bcopy 2 =%s %zu 1\nbwipe 2\n", ts[3], strlen(ts[3]));
	emit("bcopy 3 =%s 0 1\n", ts[1]);
	emit("end\n");

	emit("begin bufwipe\n");
	emit("bcopy 0 =%s %zu\nbwipe 0\nbwipe 0\n", rand_token(r, t, 1 + jg_rng_below(r, 20)), strlen(t));
	emit("bborrow 1 =%s %zu\nbwipe 1\nbwipe 1\n", ts[2], strlen(ts[2]));
	emit("bcopy 2 = 0\nbwipe 2\nbwipe 2\nbwipenull\n");
	emit("end\n");
}

static void write_lifecycle(struct jg_rng *r)
{
	static const size_t sizes[] = { 0, 1, 4, 5, 8, 9 };
	char v[OPS_MAX_TOKEN + 1];

	emit("begin wipe\n");
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		emit("init 0\n");
		wclear();
		fill(r, 0, sizes[i]);
		get_all(0);
		emit("wipe 0\n");
	}
	emit("init 0\n");
	wclear();
	fill(r, 0, 10 + jg_rng_below(r, NKEYS - 9));
	emit("wipe 0\nend\n");

	emit("begin rewipe\ninit 1\n");
	wclear();
	fill(r, 1, 3 + jg_rng_below(r, 8));
	emit("wipe 1\nwipe 1\nwipenull\n");
	wclear();
	fill(r, 1, 1 + jg_rng_below(r, 6));
	get_all(1);
	emit("get 1 =%s\n", keys[NKEYS - 1]);
	emit("wipe 1\nwipe 1\nend\n");

	emit("begin delete\nnew 4\n");
	wclear();
	fill(r, 4, 2 + jg_rng_below(r, 12));
	emit("delete 4\nnew 5 1\nnew 5\ndelete 5\nnew 5\nset 5 =%s =%s\ndelete 5\nend\n", keys[0],
	     rand_value(r, v));

	emit("begin delete2\nnew 6\n");
	wclear();
	fill(r, 6, 1 + jg_rng_below(r, 8));
	emit("delete 6\ndelete 6\ndelete 6\nend\n");

	emit("begin deletenull\ndeletenull\ndelete 7\ndeletenull\ndelete 7\nend\n");
}

/* write_replace - one key set again and again, every ownership to every
 * other, among a few others (prefixes of it). */
static void write_replace(struct jg_rng *r)
{
	char v[OPS_MAX_TOKEN + 1];
	static const int pool[] = { 1, 2, 3, 12, 10, 11, 0 };

	emit("begin replace\ninit 2\n");
	wclear();
	for (int round = 0; round < 60; round++) {
		int k = pool[jg_rng_below(r, sizeof(pool) / sizeof(pool[0]))];
		bool owned = jg_rng_below(r, 2);

		emit("%s 2 =%s =%s\nget 2 =%s\n", owned ? "set" : "sets", keys[k], rand_value(r, v), keys[k]);
		wset(k, owned);
	}
	/* The four transitions on one key, in a row. */
	emit("set 2 =%s =first\nset 2 =%s =second\nsets 2 =%s =third\nset 2 =%s =fourth\n"
	     "sets 2 =%s =fifth\nsets 2 =%s =sixth\n", keys[8], keys[8], keys[8], keys[8], keys[8], keys[8]);
	wset(8, false);
	get_all(2);
	emit("wipe 2\nend\n");

	emit("begin self\ninit 3\n");
	wclear();
	for (int round = 0; round < 30; round++) {
		int k = (int)jg_rng_below(r, NKEYS);
		struct wkey *w = wfind(k);

		if (w && jg_rng_below(r, 3)) {
			if (!w->owned_val && jg_rng_below(r, 2)) {
				emit("selfs 3 =%s\n", keys[k]);
			} else {
				emit("self 3 =%s\n", keys[k]);
				w->owned_val = true;
			}
		} else {
			bool owned = jg_rng_below(r, 2);

			emit("%s 3 =%s =%s\n", owned ? "set" : "sets", keys[k], rand_value(r, v));
			wset(k, owned);
		}
		emit("get 3 =%s\n", keys[k]);
	}
	get_all(3);
	emit("wipe 3\nend\n");
}

/* write_fault - each allocation of a kv_set or kv_set_static made to fail
 * in turn: new keys (owned, borrowed), at the array's growth (4, 8 keys),
 * and replaced values of both kinds. */
static void write_fault(struct jg_rng *r)
{
	char v[OPS_MAX_TOKEN + 1];

	emit("begin fault\ninit 0\n");
	wclear();
	for (int k = 0; k < 10; k++) {
		bool owned = k % 3 != 2;
		int key = k < 9 ? k : (int)jg_rng_below(r, 9);     /* the last one replaces */

		rand_value(r, v);
		for (int f = 1; f <= 6; f++)
			emit("%s 0 =%s =%s %d\nget 0 =%s\n", owned ? "set" : "sets", keys[key], v, f, keys[key]);
		wset(key, owned);
		get_all(0);
	}
	/* Replacements: owned by owned, borrowed by owned, owned by borrowed. */
	for (int k = 0; k < 4; k++) {
		int key = (int)jg_rng_below(r, 9);

		rand_value(r, v);
		for (int f = 1; f <= 4; f++)
			emit("%s 0 =%s =%s %d\n", k % 2 ? "sets" : "set", keys[key], v, f);
		if (wfind(key) && wfind(key)->owned_val)
			emit("self 0 =%s 1\n", keys[key]);
		wset(key, !(k % 2));
		get_all(0);
	}
	emit("wipe 0\nend\n");
}

static void write_del(struct jg_rng *r)
{
	emit("begin del\ninit 1\n");
	wclear();
	fill(r, 1, NKEYS);
	/* Absent keys: extensions and prefixes of present ones. */
	emit("del 1 =abcde\ndel 1 =%s\n", repeat((char[1100]){ 0 }, 'k', 1001, ""));
	for (int round = 0; round < 2 * NKEYS; round++) {
		int k = (int)jg_rng_below(r, NKEYS);

		emit("del 1 =%s\nget 1 =%s\n", keys[k], keys[k]);
		if (wfind(k))
			wfind(k)->key = -1;
		if (round % 5 == 4)
			get_all(1);
	}
	for (int k = 0; k < NKEYS; k++)
		emit("del 1 =%s\n", keys[k]);
	emit("wipe 1\nend\n");
}

static void write_model(struct jg_rng *r)
{
	char v[OPS_MAX_TOKEN + 1];

	emit("begin model\ninit 2\n");
	wclear();
	for (int i = 0; i < 500; i++) {
		int k = (int)jg_rng_below(r, NKEYS);
		struct wkey *w = wfind(k);
		uint64_t pick = jg_rng_below(r, 100);

		if (pick < 35) {
			emit("set 2 =%s =%s\n", keys[k], rand_value(r, v));
			wset(k, true);
		} else if (pick < 55) {
			emit("sets 2 =%s =%s\n", keys[k], rand_value(r, v));
			wset(k, false);
		} else if (pick < 75) {
			emit("get 2 =%s\n", keys[k]);
		} else if (pick < 92) {
			emit("del 2 =%s\n", keys[k]);
			if (w)
				w->key = -1;
		} else if (pick < 98 && w) {
			emit("self 2 =%s\n", keys[k]);
			w->owned_val = true;
		} else if (pick < 98) {
			emit("get 2 =%s\n", keys[k]);
		} else {
			emit("wipe 2\n");
			wclear();
		}
	}
	get_all(2);
	emit("wipe 2\nend\n");
}

void judge_inputs(uint64_t seed, const char *dir)
{
	struct jg_rng r;
	static const char *const names[] = { "run", "asan", "mc" };

	jg_rng_seed(&r, seed);
	out = open_memstream(&script, &script_len);
	if (!out)
		exit(3);
	make_keys(&r);
	write_bufs(&r);
	write_lifecycle(&r);
	write_replace(&r);
	write_fault(&r);
	write_del(&r);
	write_model(&r);
	if (fclose(out) != 0)
		exit(3);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		FILE *f = jg_input(dir, names[i]);

		if (!strcmp(names[i], "mc"))
			fputs("recover\n", f);
		fwrite(script, 1, script_len, f);
		if (fclose(f) != 0)
			exit(3);
	}
	free(script);
}

/* ---- the model -------------------------------------------------------- */

struct ment {
	char *key, *val;
	bool kown, vown;
	long voff;      /* a borrowed value's offset in the subject's arena */
};
struct mstore {
	struct ment *e;
	size_t n;
};
static struct mstore ms[OPS_STORES];

static void mclear(struct mstore *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->e[i].key);
		free(m->e[i].val);
	}
	free(m->e);
	*m = (struct mstore){ 0 };
}

static struct ment *mfind(struct mstore *m, const char *key)
{
	for (size_t i = 0; i < m->n; i++)
		if (!strcmp(m->e[i].key, key))
			return &m->e[i];
	return NULL;
}

static uint64_t mowned(const struct mstore *m)
{
	uint64_t n = 0;

	for (size_t i = 0; i < m->n; i++)
		n += (m->e[i].kown ? strlen(m->e[i].key) : 0) + (m->e[i].vown ? strlen(m->e[i].val) : 0);
	return n;
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		exit(3);
	return p;
}

static void mset(struct mstore *m, const char *key, const char *val, bool kown, bool vown, long voff)
{
	struct ment *e = mfind(m, key);
	char *nval = xstrdup(val);

	if (!e) {
		m->e = realloc(m->e, (m->n + 1) * sizeof(*m->e));
		if (!m->e)
			exit(3);
		e = &m->e[m->n++];
		*e = (struct ment){ .key = xstrdup(key), .kown = kown };
	}
	free(e->val);
	e->val = nval;
	e->vown = vown;
	e->voff = voff;
}

static void mdel(struct mstore *m, const char *key)
{
	struct ment *e = mfind(m, key);

	if (!e)
		return;
	free(e->key);
	free(e->val);
	*e = m->e[--m->n];
}

/* ---- reading the runs ------------------------------------------------- */

/* A line of the script. */
struct sline {
	char *text;
	char op[16];
	int scen;       /* the scenario it belongs to, -1 outside */
};
static struct sline *lines;
static size_t nlines;

static void load_script(const char *dir)
{
	char *s = jg_slurp(dir, "run.in", 16u << 20, NULL), *line, *save = NULL;
	size_t cap = 0;
	int scen = -1;

	for (line = s ? strtok_r(s, "\n", &save) : NULL; line; line = strtok_r(NULL, "\n", &save)) {
		struct sline l = { .text = xstrdup(line), .scen = -1 };
		char name[32];

		jg_word(line, 0, l.op, sizeof(l.op));
		if (!strcmp(l.op, "begin") && jg_word(line, 1, name, sizeof(name))) {
			for (size_t i = 0; i < NSCEN; i++)
				if (!strcmp(scenario_names[i], name))
					scen = (int)i;
		} else if (!strcmp(l.op, "end")) {
			l.scen = scen;
			scen = -1;
		}
		if (strcmp(l.op, "begin"))
			l.scen = l.scen >= 0 ? l.scen : scen;
		else
			l.scen = -1;
		if (nlines == cap) {
			cap = cap ? 2 * cap : 1024;
			lines = realloc(lines, cap * sizeof(*lines));
			if (!lines)
				exit(3);
		}
		lines[nlines++] = l;
	}
	free(s);
}

/* What each run said about each scenario: the first problem seen. */
static char problem[NSCEN][900];

static void blame(size_t scen, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void blame(size_t scen, const char *fmt, ...)
{
	va_list ap;

	if (scen >= NSCEN || problem[scen][0])
		return;
	va_start(ap, fmt);
	vsnprintf(problem[scen], sizeof(problem[scen]), fmt, ap);
	va_end(ap);
}

/* shown - a string for a message: quoted, cut when long. */
static const char *shown(const char *s, char *buf, size_t size)
{
	size_t n = strlen(s);

	if (n <= 24)
		snprintf(buf, size, "\"%s\"", s);
	else
		snprintf(buf, size, "\"%.12s...\" (%zu characters)", s, n);
	return buf;
}

/* call - the C call a script line stands for, for messages. */
static const char *call(const char *line)
{
	static char buf[300];
	char op[16], a[OPS_MAX_TOKEN + 2], b[OPS_MAX_TOKEN + 2], c[16], sa[64] = "", sb[64] = "";
	bool ha, hb, hc;

	jg_word(line, 0, op, sizeof(op));
	ha = jg_word(line, 2, a, sizeof(a));
	hb = jg_word(line, 3, b, sizeof(b));
	hc = jg_word(line, 4, c, sizeof(c));
	if (ha && a[0] == '=')
		shown(a + 1, sa, sizeof(sa));
	if (hb && b[0] == '=')
		shown(b + 1, sb, sizeof(sb));
	if (!strcmp(op, "set") || !strcmp(op, "sets"))
		snprintf(buf, sizeof(buf), "%s(kv, %s, %s)%s%s%s", !strcmp(op, "set") ? "kv_set" : "kv_set_static",
			 sa, sb, hc ? " with allocation call " : "", hc ? c : "", hc ? " made to fail" : "");
	else if (!strcmp(op, "self") || !strcmp(op, "selfs"))
		snprintf(buf, sizeof(buf), "%s(kv, %s, kv_get(kv, %s))%s%.20s%s",
			 !strcmp(op, "self") ? "kv_set" : "kv_set_static", sa, sa,
			 hb ? " with allocation call " : "", hb ? b : "", hb ? " made to fail" : "");
	else if (!strcmp(op, "get") || !strcmp(op, "del"))
		snprintf(buf, sizeof(buf), "kv_%s(kv, %s)", op, sa);
	else if (!strcmp(op, "bborrow"))
		snprintf(buf, sizeof(buf), "buf_init_borrowed(b, %s, %.20s)", sa, b);
	else if (!strcmp(op, "bcopy"))
		snprintf(buf, sizeof(buf), "buf_init_copy(b, %s, %.20s)%s", sa, b,
			 hc ? " with its malloc made to fail" : "");
	else if (!strcmp(op, "bwipe"))
		snprintf(buf, sizeof(buf), "buf_wipe(b)");
	else if (!strcmp(op, "bwipenull"))
		snprintf(buf, sizeof(buf), "buf_wipe(NULL)");
	else if (!strcmp(op, "init"))
		snprintf(buf, sizeof(buf), "kv_init(kv)");
	else if (!strcmp(op, "wipe"))
		snprintf(buf, sizeof(buf), "kv_wipe(kv)");
	else if (!strcmp(op, "wipenull"))
		snprintf(buf, sizeof(buf), "kv_wipe(NULL)");
	else if (!strcmp(op, "new"))
		snprintf(buf, sizeof(buf), "kv_new()%s", hb ? " with its malloc made to fail" : "");
	else if (!strcmp(op, "delete"))
		snprintf(buf, sizeof(buf), "kv_delete(&p)");
	else if (!strcmp(op, "deletenull"))
		snprintf(buf, sizeof(buf), "kv_delete(NULL)");
	else
		snprintf(buf, sizeof(buf), "%s", op);
	return buf;
}

/* num - the n-th word of an answer as a number (-1 allowed), or false. */
static bool num(const char *ans, unsigned n, int64_t *v)
{
	char w[32];
	uint64_t u;

	if (!jg_word(ans, n, w, sizeof(w)))
		return false;
	if (w[0] == '-') {
		if (!jg_u64(w + 1, &u) || u > INT64_MAX)
			return false;
		*v = -(int64_t)u;
		return true;
	}
	if (!jg_u64(w, &u) || u > INT64_MAX)
		return false;
	*v = (int64_t)u;
	return true;
}

/* nums - words 1..k of an answer as numbers. */
static bool nums(const char *ans, int k, int64_t *v)
{
	for (int i = 0; i < k; i++)
		if (!num(ans, (unsigned)i + 1, &v[i]))
			return false;
	return true;
}

/* check - the answer to one operation, against the model; on a mismatch
 * the scenario is blamed and false returned (the model has diverged). */
static bool check(const char *who, size_t scen, size_t opno, const char *line, const char *ans)
{
	char op[16], w[OPS_MAX_TOKEN + 2], w2[OPS_MAX_TOKEN + 2], ans0[16], s1[64], s2[64];
	int64_t v[9] = { 0 }, slot = -1;
	const char *what = call(line);
	struct mstore *m;

	jg_word(line, 0, op, sizeof(op));
	if (!jg_word(ans, 0, ans0, sizeof(ans0)) || strcmp(ans0, op)) {
		char q[120];

		if (!strcmp(ans0, "nostore"))
			blame(scen, "%soperation %zu, %s: the store does not exist (kv_new returned NULL, or "
			      "kv_delete left the pointer dangling)", who, opno, what);
		else
			blame(scen, "%soperation %zu, %s: the subject answered \"%s\"", who, opno, what,
			      jg_printable(ans, q, sizeof(q)));
		return false;
	}
	num(line, 1, &slot);
	m = slot >= 0 && slot < OPS_STORES ? &ms[slot] : &ms[0];

#define WANT(cond, ...) do { if (!(cond)) { blame(scen, __VA_ARGS__); return false; } } while (0)
#define BAD(k) blame(scen, "%soperation %zu, %s: the subject's answer is malformed", who, opno, what)
	if (!strcmp(op, "init")) {
		if (!nums(ans, 1, v))
			return BAD(1), false;
		mclear(m);
		WANT(v[0] == 1, "%s%s left a non-zero byte in the struct kv (it was filled with 0xa5 bytes "
		     "first, like a fresh local)", who, what);
	} else if (!strcmp(op, "wipe")) {
		if (!nums(ans, 1, v))
			return BAD(1), false;
		mclear(m);
		WANT(v[0] == 1, "%safter %s (operation %zu), the struct kv still has a non-zero byte: a "
		     "stale pointer or count", who, what, opno);
	} else if (!strcmp(op, "new")) {
		if (!nums(ans, 3, v))
			return BAD(1), false;
		mclear(m);
		WANT(v[0] == 1 || v[2] == 1, "%skv_new() returned NULL though no allocation failed", who);
		WANT(v[0] == 0 || v[1] == 1, "%skv_new() returned a store with a non-zero byte", who);
	} else if (!strcmp(op, "delete")) {
		mclear(m);
		WANT(jg_word(ans, 1, w, sizeof(w)) && !strcmp(w, "1"), "%safter kv_delete(&p), p still holds "
		     "the freed address (operation %zu): it must be NULL", who, opno);
	} else if (!strcmp(op, "set") || !strcmp(op, "sets") || !strcmp(op, "self") || !strcmp(op, "selfs")) {
		bool owned = !strcmp(op, "set") || !strcmp(op, "self");
		bool self = op[3] == 'f' || op[4] == 'f';
		uint64_t len0 = m->n, own0 = mowned(m);

		if (!nums(ans, !strcmp(op, "sets") ? 5 : 4, v) || !jg_word(line, 2, w, sizeof(w)))
			return BAD(1), false;
		WANT(v[0] == 0 || v[0] == -1, "%s%s returned %" PRId64 ", not 0 or -1", who, what, v[0]);
		WANT(v[0] == 0 || v[1] == 1, "%s%s returned -1 though no allocation failed (operation %zu)",
		     who, what, opno);
		if (v[0] == 0) {
			struct ment *e = mfind(m, w + 1);
			char *val;
			long voff = (long)v[4];

			if (self) {
				WANT(e, "%sthe grader's script is wrong (self on an absent key)", who);
				val = xstrdup(e->val);
				voff = owned ? -1 : e->voff;
			} else {
				if (!jg_word(line, 3, w2, sizeof(w2)))
					return BAD(1), false;
				val = xstrdup(w2 + 1);
			}
			mset(m, w + 1, val, owned, owned, owned ? -1 : voff);
			free(val);
		}
		WANT((uint64_t)v[2] == m->n && (uint64_t)v[3] == mowned(m),
		     "%safter %s (operation %zu%s), kv_len() is %" PRId64 " and kv_owned_bytes() %" PRId64
		     "; expected %zu and %" PRIu64 "%s", who, what, opno,
		     v[0] ? ", which returned -1" : "", v[2], v[3], m->n, mowned(m),
		     v[0] ? ": a call that fails must leave the store as it was" :
		     (m->n == len0 && (uint64_t)v[3] != mowned(m) && own0 != mowned(m) ?
		      ": the old value's bytes are still counted, or the new ones are not" : ""));
	} else if (!strcmp(op, "get")) {
		struct ment *e;

		if (!nums(ans, 2, v) || !jg_word(line, 2, w, sizeof(w)))
			return BAD(1), false;
		e = mfind(m, w + 1);
		if (!e) {
			WANT(v[0] == 0, "%s%s (operation %zu) found a value, but that key is not in the store%s",
			     who, what, opno, strlen(w + 1) ? " (keys are whole strings: a prefix of a key, or "
			     "a key it is a prefix of, is another key)" : "");
			return true;
		}
		WANT(v[0] == 1, "%s%s (operation %zu) returned NULL, but the key is in the store", who,
		     what, opno);
		if (!jg_word(ans, 3, w2, sizeof(w2)))
			w2[0] = '=', w2[1] = '\0';
		WANT(!strcmp(w2 + 1, e->val), "%s%s (operation %zu) returned %s; the value set last is %s%s",
		     who, what, opno, shown(w2 + 1, s1, sizeof(s1)), shown(e->val, s2, sizeof(s2)),
		     strspn(w2 + 1, "X") == strlen(w2 + 1) && w2[1] ?
		     " (the grader overwrote its own buffer with X after kv_set: kv_set must copy)" : "");
		if (e->vown)
			WANT(v[1] == -1, "%s%s (operation %zu) returned a pointer into a string the caller gave "
			     "kv_set_static, though the value was last set with kv_set", who, what, opno);
		else
			WANT(v[1] == e->voff, "%s%s (operation %zu) did not return the very pointer "
			     "kv_set_static was given (borrowed values are not copied)", who, what, opno);
	} else if (!strcmp(op, "del")) {
		bool present;

		if (!nums(ans, 3, v) || !jg_word(line, 2, w, sizeof(w)))
			return BAD(1), false;
		present = mfind(m, w + 1) != NULL;
		WANT(v[0] == (present ? 0 : -1), "%s%s (operation %zu) returned %" PRId64 "; the key %s "
		     "there, so expected %d", who, what, opno, v[0], present ? "was" : "was not",
		     present ? 0 : -1);
		mdel(m, w + 1);
		WANT((uint64_t)v[1] == m->n && (uint64_t)v[2] == mowned(m),
		     "%safter %s (operation %zu), kv_len() is %" PRId64 " and kv_owned_bytes() %" PRId64
		     "; expected %zu and %" PRIu64, who, what, opno, v[1], v[2], m->n, mowned(m));
	} else if (!strcmp(op, "bborrow")) {
		int64_t n = 0;

		if (!nums(ans, 3, v))
			return BAD(1), false;
		num(line, 3, &n);
		WANT(v[0] == 1 && v[1] == n && v[2] == 0, "%s%s left b as {data %s the caller's pointer, "
		     "len %" PRId64 ", owned %" PRId64 "}: expected the caller's pointer, len %" PRId64
		     ", owned false", who, what, v[0] ? "==" : "!=", v[1], v[2], n);
	} else if (!strcmp(op, "bcopy")) {
		int64_t n = 0;

		if (!nums(ans, 8, v))
			return BAD(1), false;
		num(line, 3, &n);
		WANT(v[0] == 0 || v[0] == -1, "%s%s returned %" PRId64 ", not 0 or -1", who, what, v[0]);
		if (v[0] == -1) {
			WANT(v[1] == 1, "%s%s returned -1 though malloc did not fail", who, what);
			WANT(v[7] == 1, "%s%s returned -1 but left b as {data, %" PRId64 ", %" PRId64 "}, not "
			     "{NULL, 0, false}", who, what, v[3], v[4]);
		} else {
			WANT(v[2] == 1, "%s%s left b pointing at the caller's bytes (or NULL): it must make a "
			     "copy of its own", who, what);
			WANT(v[3] == n && v[4] == 1, "%s%s left len %" PRId64 " and owned %" PRId64 ": expected "
			     "len %" PRId64 " and owned true", who, what, v[3], v[4], n);
			WANT(v[6] == 1, "%s%s: the copy's bytes differ from the caller's", who, what);
			WANT(v[5] == 1, "%s%s: the copy has no '\\0' at data[len]", who, what);
		}
	} else if (!strcmp(op, "bwipe")) {
		if (!nums(ans, 1, v))
			return BAD(1), false;
		WANT(v[0] == 1, "%safter %s (operation %zu), b is not {NULL, 0, false}", who, what, opno);
	}
	return true;
#undef WANT
#undef BAD
}

/* walk - read run NAME's answers against the script and the model.
 * Returns the scenario the run stopped in (NSCEN when it reached the end,
 * or never started: *reached says how far it got). */
static size_t walk(const char *dir, const char *name, const char *who, bool recover, size_t *reached)
{
	struct jg_run run;
	size_t o = 0, stop = NSCEN;
	const char *end;
	char w[32];

	*reached = 0;
	jg_run_load(&run, dir, name, nlines + 16);
	end = jg_run_end(&run);
	if (recover) {
		if (o < run.nlines && !strcmp(run.lines[o], "recover"))
			o++;
		else
			goto stopped_at_start;
	}
	for (size_t i = 0; i < nlines; i++) {
		const struct sline *l = &lines[i];

		if (!strcmp(l->op, "begin")) {
			char name2[40];

			if (o >= run.nlines) {
				stop = (size_t)lines[i + 1].scen;
				goto stopped;
			}
			jg_word(l->text, 1, name2, sizeof(name2));
			if (!jg_word(run.lines[o], 1, w, sizeof(w)) || strcmp(w, name2)) {
				stop = (size_t)lines[i + 1].scen;
				goto stopped;
			}
			o++;
			for (size_t k = 0; k < OPS_STORES; k++)
				mclear(&ms[k]);
			bool ok = true;
			size_t s = (size_t)lines[i + 1].scen, opno = 0;

			for (i++; i < nlines && strcmp(lines[i].op, "end"); i++) {
				opno++;
				if (o >= run.nlines) {
					stop = s;
					blame(s, "%sthe run stopped at operation %zu of scenario %s, %s: it %s%s%s", who,
					      opno, scenario_names[s], call(lines[i].text),
					      end ? end : "printed nothing more", run.err[0] ? "; stderr: " : "", run.err);
					goto out;
				}
				if (!strncmp(run.lines[o], "crash ", 6)) {
					int64_t sig = 0;

					num(run.lines[o], 1, &sig);
					blame(s, "%soperation %zu of scenario %s, %s, was killed by signal %" PRId64,
					      who, opno, scenario_names[s], call(lines[i].text), sig);
					o++;
					while (i + 1 < nlines && strcmp(lines[i + 1].op, "end"))
						i++;
					ok = false;
					break;
				}
				if (ok)
					ok = check(who, s, opno, lines[i].text, run.lines[o]);
				o++;
			}
			if (o < run.nlines && !strcmp(run.lines[o], "end"))
				o++;
			*reached = s + 1;
			continue;
		}
	}
	if (o >= run.nlines || strcmp(run.lines[o], "done"))
		blame(NSCEN - 1, "%sthe run did not end normally after the last scenario: it %s", who,
		      end ? end : "printed no final line");
	goto out;
stopped_at_start:
	stop = 0;
stopped:
	if (stop < NSCEN)
		blame(stop, "%sthe run never reached scenario %s: it %s%s%s", who, scenario_names[stop],
		      end ? end : "stopped", run.err[0] ? "; stderr: " : "", run.err);
out:
	/* What comes after the stop was not observed in this run. */
	for (size_t s = stop + 1; s < NSCEN; s++)
		blame(s, "%sthe run stopped before this scenario, in scenario %s: it %s%s%s", who,
		      scenario_names[stop], end ? end : "stopped", run.err[0] ? "; stderr: " : "", run.err);
	jg_run_free(&run);
	return stop;
}

/* ---- the tools' reports ---------------------------------------------- */

static size_t scenario_of(const char *fn)
{
	if (strncmp(fn, "scenario_", 9))
		return NSCEN;
	for (size_t i = 0; i < NSCEN; i++)
		if (!strcmp(fn + 9, scenario_names[i]))
			return i;
	return NSCEN;
}

static char outside[900];   /* an error charged to no scenario */

/* memcheck - mc.verdict (empty: the report can be trusted) and mc.errors
 * (counted, kind, scenario, where, what; see grader/lib/memcheck.bash). */
static void memcheck(const char *dir)
{
	char *verdict = jg_slurp(dir, "mc.verdict", 4096, NULL), *errors, *line, *save = NULL;
	char q[600];
	size_t count[NSCEN + 1] = { 0 };

	if (!verdict) {
		for (size_t i = 0; i < NSCEN; i++)
			blame(i, "memcheck did not run");
		snprintf(outside, sizeof(outside), "memcheck did not run");
		return;
	}
	verdict[strcspn(verdict, "\n")] = '\0';
	if (verdict[0]) {
		jg_printable(verdict, q, sizeof(q));
		for (size_t i = 0; i < NSCEN; i++)
			blame(i, "under memcheck: %s", q);
		snprintf(outside, sizeof(outside), "under memcheck: %s", q);
		free(verdict);
		return;
	}
	free(verdict);
	errors = jg_slurp(dir, "mc.errors", 4u << 20, NULL);
	for (line = errors ? strtok_r(errors, "\n", &save) : NULL; line; line = strtok_r(NULL, "\n", &save)) {
		char *f[5] = { 0 }, *p = line;
		size_t s;

		for (int k = 0; k < 5 && p; k++) {
			f[k] = p;
			p = strchr(p, '\t');
			if (p)
				*p++ = '\0';
		}
		if (!f[4] || strcmp(f[0], "1"))
			continue;
		s = scenario_of(f[2]);
		if (count[s]++ == 0) {
			char kind[64], what[300], where[200];

			jg_printable(f[1], kind, sizeof(kind));
			jg_printable(f[4], what, sizeof(what));
			jg_printable(f[3], where, sizeof(where));
			if (s < NSCEN)
				blame(s, "memcheck: %s: %s, at %s", kind, what, where);
			else
				snprintf(outside, sizeof(outside), "memcheck, outside every scenario: %s: %s, at %s",
					 kind, what, where);
		}
	}
	free(errors);
}

/* frame - from an ASan stack line "    #N 0x... in FN FILE:LINE", FN and
 * the file's last part into fn and loc; false if it is not one. */
static bool frame(const char *line, char *fn, size_t fsize, char *loc, size_t lsize)
{
	const char *in;
	char file[512];

	line += strspn(line, " ");
	if (line[0] != '#' || !(in = strstr(line, " in ")))
		return false;
	if (!jg_word(in + 4, 0, fn, fsize))
		return false;
	loc[0] = '\0';
	if (jg_word(in + 4, 1, file, sizeof(file))) {
		const char *base = strrchr(file, '/');

		snprintf(loc, lsize, "%.200s", base ? base + 1 : file);
	}
	return true;
}

/* asan - the reports in asan.err: each error and each leak is charged to
 * the first scenario_* frame of its first stack. */
static void asan(const char *dir)
{
	struct jg_run run;
	char *err = jg_slurp(dir, "asan.err", 1u << 20, NULL), *line, *save = NULL;
	char kind[200] = "", student[300] = "";
	size_t scen = NSCEN, reports = 0;
	bool in_stack = false, any = false;

	jg_run_load(&run, dir, "asan", 0);
	for (line = err ? strtok_r(err, "\n", &save) : NULL;; line = strtok_r(NULL, "\n", &save)) {
		char fn[128], loc[256], q[300];
		const char *e;

		/* A report's first stack ends at a line that is not a frame. */
		if (in_stack && (!line || !frame(line, fn, sizeof(fn), loc, sizeof(loc)))) {
			char msg[800];

			in_stack = false;
			snprintf(msg, sizeof(msg), "AddressSanitizer: %s%s%s", kind, student[0] ? ", at " : "",
				 student);
			if (scen < NSCEN)
				blame(scen, "%s", msg);
			else if (!outside[0])
				snprintf(outside, sizeof(outside), "%s (outside every scenario)", msg);
			reports++;
		}
		if (!line)
			break;
		if ((e = strstr(line, "ERROR: AddressSanitizer: "))) {
			jg_printable(e + 25, q, sizeof(q));
			/* "heap-use-after-free on address 0x... at pc ...": the words
			 * before the first address. */
			q[strcspn(q, "(")] = '\0';
			if (strstr(q, " 0x"))
				*strstr(q, " 0x") = '\0';
			if (strstr(q, " at pc"))
				*strstr(q, " at pc") = '\0';
			for (size_t n = strlen(q); n && (q[n - 1] == ':' || q[n - 1] == ' '); n--)
				q[n - 1] = '\0';
			if (strlen(q) > 3 && !strcmp(q + strlen(q) - 3, " on"))
				q[strlen(q) - 3] = '\0';
			snprintf(kind, sizeof(kind), "%s", q);
			any = true;
			in_stack = false;
			scen = NSCEN;
			student[0] = '\0';
			continue;
		}
		if (strstr(line, "ERROR: LeakSanitizer:")) {
			any = true;
			continue;
		}
		if (!strncmp(line, "Direct leak of ", 15) || !strncmp(line, "Indirect leak of ", 17)) {
			jg_printable(line, q, sizeof(q));
			snprintf(kind, sizeof(kind), "%.*s", (int)strcspn(q, ":"), q);
			in_stack = true;
			scen = NSCEN;
			student[0] = '\0';
			continue;
		}
		if (frame(line, fn, sizeof(fn), loc, sizeof(loc))) {
			if (!in_stack && kind[0] && !reports && scen == NSCEN && !student[0])
				in_stack = true;
			if (!in_stack)
				continue;
			if (scen == NSCEN && scenario_of(fn) < NSCEN)
				scen = scenario_of(fn);
			if (!student[0] && !strncmp(loc, "kv.c:", 5)) {
				jg_printable(fn, q, sizeof(q));
				snprintf(student, sizeof(student), "%.150s (%.120s)", q, loc);
			}
		}
	}
	if (run.present && (run.status != 0 || any) && !reports) {
		char msg[600];

		snprintf(msg, sizeof(msg), "the AddressSanitizer run %s%s%s", jg_run_end(&run) ?
			 jg_run_end(&run) : "reported an error", run.err[0] ? "; stderr: " : "", run.err);
		if (!outside[0])
			snprintf(outside, sizeof(outside), "%s", msg);
	}
	free(err);
	jg_run_free(&run);
}

/* ---- the verdict ------------------------------------------------------- */

void judge_verdict(uint64_t seed, const char *dir)
{
	size_t reached;
	size_t prop[NSCEN];

	(void)seed;
	for (size_t i = 0; i < NSCEN; i++)
		for (size_t p = 0; p < jg_nproperties; p++)
			if (!strcmp(jg_properties[p].id, scenario_names[i]))
				prop[i] = p;
	load_script(dir);
	if (!nlines) {
		for (size_t p = 0; p < jg_nproperties; p++)
			jg_fail(jg_properties[p].id, "the grader wrote no script (a grader problem)");
		return;
	}
	/* Memory errors first: they explain a wrong answer or a crash that
	 * follows them better than the answer does. */
	memcheck(dir);
	asan(dir);
	walk(dir, "run", "", false, &reached);
	walk(dir, "asan", "under AddressSanitizer, ", false, &reached);
	walk(dir, "mc", "under memcheck, ", true, &reached);

	/* In step order: a property waits for every property of the steps
	 * before its own, so the first failing step is the one the student
	 * reads about. */
	for (size_t i = 0; i < NSCEN; i++) {
		const struct jg_property *p = &jg_properties[prop[i]];

		for (size_t k = 0; k < NSCEN; k++) {
			const struct jg_property *b = &jg_properties[prop[k]];

			if (b->step && b->step < p->step)
				jg_wait(p->id, b->id);
			if (!p->step && b->step && jg_failed(b->id))
				jg_fail(p->id, "waiting for step %d to pass (its first failing test says what is "
					"wrong)", b->step);
		}
		if (problem[i][0])
			jg_fail(p->id, "%s%s", problem[i], jg_seed_note());
		jg_pass(p->id);
	}
	if (jg_failed("model"))
		jg_fail("clean", "waiting for the random sequences to pass (that test says what is wrong)");
	if (outside[0])
		jg_fail("clean", "%s", outside);
	jg_pass("clean");
	for (size_t k = 0; k < OPS_STORES; k++)
		mclear(&ms[k]);
	for (size_t i = 0; i < nlines; i++)
		free(lines[i].text);
	free(lines);
}
