/*
 * judge.c - lab 03's judge: it writes the scripts the subject runs, then
 * reads what the subject printed and what cachegrind counted, and decides.
 * Never linked with, nor including, student code (proto.h and locality.h
 * are the harness's own headers).
 *
 *   judge inputs SEED DIR    DIR/cg.in (the run under cachegrind) and
 *                            DIR/asan.in (small and edge sizes, and
 *                            particles_new with each allocation failing in
 *                            turn, under ASan)
 *   judge verdict SEED DIR   one JSON record per property on stdout, from
 *                            DIR/cg.{out,status,cachegrind,log},
 *                            DIR/asan.{out,err,status}, DIR/symbols.txt
 *
 * The simulated cache (the grader passes the same numbers to cachegrind):
 *   L1d 32 KiB, 8-way, 128-byte lines; LL 256 KiB, 8-way, 128-byte lines.
 * The subject is told (common/probe/pagesim) that lines are 128 bytes.
 *
 * Who is charged for a miss: cachegrind counts per function, named by its
 * ELF symbol.  symbols.txt (nm on the student's objects, by the grader)
 * says which file defines each name: the step of that file pays for it.
 * Harness functions are named sj_* and ml_* (never defined by a student
 * file: a student symbol of that name is the student's).  Everything else
 * (libc, the loader) is "elsewhere", allowed a fixed budget: work moved
 * into libc would otherwise be free.
 *
 * The bound of a step is derived from its compulsory misses: the lines of
 * the data it must touch, each loaded once.
 *   step 1: the matrix and the sums, x1.25;
 *   step 2: src and dst, x1.25 when rows and columns are whole lines (a
 *           tile whose rows are whole lines then loads each line once),
 *           x2.5 otherwise (a tile edge inside a line loads it twice);
 *   step 3: filling the store (80 bytes a particle) x1.25, plus every pass
 *           of the hot loop over the masses (8 bytes a particle) x1.5.
 * Each bound adds 64 misses per call (the function's own bookkeeping).
 */
#define _GNU_SOURCE
#include "cgout.h"
#include "judge.h"
#include "proto.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE		128	/* the simulated line, bytes */
#define PER_LINE	(LINE / sizeof(double))
#define PASSES		8	/* hot-loop passes over the store */
#define MAX_OPS		32
#define FAULTS		12	/* particles_new runs with allocation 1, 2 ... failing */

/* The grader's cachegrind options, for messages. */
#define CACHE_DESC	"L1d 32 KiB 8-way, LL 256 KiB 8-way, 128-byte lines"

enum op_kind { OP_SUMS, OP_TRANSPOSE };

struct op {
	enum op_kind kind;
	size_t r, c;
	uint64_t seed;
	size_t probe[8][2];	/* transpose: (j, i) of dst */
	int nprobe;
};

/* One script: the matrix operations, then one particle store. */
struct script {
	struct op op[MAX_OPS];
	int nop;
	size_t np;		/* particles in the store */
	uint64_t pseed;
	size_t pget[12];	/* particles read back after the fill */
	int npget;
	bool empty_store;	/* also a store of 0 particles */
	int nfault;		/* particles_new(np) with allocation 1 .. nfault failing */
};

/* rnd - an integer in [lo, hi] from (seed, *k); *k advances. */
static size_t rnd(uint64_t seed, uint64_t *k, size_t lo, size_t hi)
{
	return lo + proto_mix(seed ^ 0x7AB1E, (*k)++) % (hi - lo + 1);
}

/* rnd_off - like rnd, but never a multiple of PER_LINE. */
static size_t rnd_off(uint64_t seed, uint64_t *k, size_t lo, size_t hi)
{
	size_t v;

	do
		v = rnd(seed, k, lo, hi);
	while (v % PER_LINE == 0);
	return v;
}

static void add_op(struct script *s, enum op_kind kind, size_t r, size_t c, uint64_t seed)
{
	struct op *o = &s->op[s->nop++];

	*o = (struct op){ .kind = kind, .r = r, .c = c, .seed = seed };
	if (kind == OP_TRANSPOSE && r && c) {
		/* The corners and the last row and column of dst, where a tile
		 * loop that stops early leaves elements unwritten. */
		size_t p[8][2] = { { 0, 0 }, { c - 1, r - 1 }, { c - 1, 0 }, { 0, r - 1 },
				   { c - 1, r / 2 }, { c / 2, r - 1 }, { c - 2 + (c < 2), r - 2 + (r < 2) },
				   { c / 2, r / 2 } };

		memcpy(o->probe, p, sizeof(p));
		o->nprobe = 8;
	}
}

/*
 * make_script - the sizes for seed.  cg: the graded run (sizes big enough
 * that the starter's loops leave the simulated caches); asan: small and
 * edge sizes only, for AddressSanitizer.  Both sample their sizes, always
 * with the same boundaries (0, 1, whole lines and not).
 */
static void make_script(struct script *s, uint64_t seed, bool cg)
{
	uint64_t k = 0;

	memset(s, 0, sizeof(*s));
	/* step 1: rows > 256 lines' worth leave the L1d between two columns,
	 * > 2048 leave the LL */
	if (cg) {
		add_op(s, OP_SUMS, rnd(seed, &k, 300, 420), rnd(seed, &k, 40, 70), seed + 1);
		add_op(s, OP_SUMS, rnd(seed, &k, 2100, 2400), rnd(seed, &k, 17, 23), seed + 2);
	} else {
		add_op(s, OP_SUMS, rnd_off(seed, &k, 20, 60), rnd_off(seed, &k, 3, 40), seed + 1);
	}
	add_op(s, OP_SUMS, 1, 1, seed + 3);
	add_op(s, OP_SUMS, 1, rnd(seed, &k, 17, 40), seed + 4);
	add_op(s, OP_SUMS, rnd(seed, &k, 17, 40), 1, seed + 5);
	add_op(s, OP_SUMS, 0, 5, seed + 6);
	add_op(s, OP_SUMS, 5, 0, seed + 7);
	/* step 2: whole-line rows with more than 256 columns (dst's lines
	 * then leave the L1d during one row of src), one wider than the LL,
	 * and sizes no tile divides */
	if (cg) {
		add_op(s, OP_TRANSPOSE, PER_LINE * (2 * rnd(seed, &k, 4, 13) + 1),
		       PER_LINE * (2 * rnd(seed, &k, 8, 20) + 1), seed + 8);
		add_op(s, OP_TRANSPOSE, PER_LINE * (2 * rnd(seed, &k, 4, 13) + 1),
		       PER_LINE * (2 * rnd(seed, &k, 8, 20) + 1), seed + 9);
		add_op(s, OP_TRANSPOSE, 3 * PER_LINE, PER_LINE * (2 * rnd(seed, &k, 81, 95) + 1),
		       seed + 10);
		add_op(s, OP_TRANSPOSE, rnd_off(seed, &k, 100, 200), rnd_off(seed, &k, 257, 400),
		       seed + 11);
	} else {
		add_op(s, OP_TRANSPOSE, rnd_off(seed, &k, 33, 70), rnd_off(seed, &k, 33, 70), seed + 11);
		add_op(s, OP_TRANSPOSE, 2 * PER_LINE, 4 * PER_LINE, seed + 12);
	}
	add_op(s, OP_TRANSPOSE, 1, 1, seed + 13);
	add_op(s, OP_TRANSPOSE, 1, rnd(seed, &k, 17, 40), seed + 14);
	add_op(s, OP_TRANSPOSE, rnd(seed, &k, 17, 40), 1, seed + 15);
	add_op(s, OP_TRANSPOSE, rnd_off(seed, &k, 17, 31), rnd_off(seed, &k, 33, 47), seed + 16);
	add_op(s, OP_TRANSPOSE, 0, 7, seed + 17);
	add_op(s, OP_TRANSPOSE, 7, 0, seed + 18);
	/* step 3: masses wider than the L1d, the structs wider than the LL */
	s->np = cg ? rnd(seed, &k, 6000, 7000) : rnd(seed, &k, 40, 90);
	s->pseed = seed + 19;
	s->pget[s->npget++] = 0;
	s->pget[s->npget++] = s->np - 1;
	while (s->npget < 8)
		s->pget[s->npget++] = rnd(seed, &k, 1, s->np - 2);
	s->empty_store = true;
	/* step 3's error path, under AddressSanitizer only (its LeakSanitizer
	 * sees what a failing particles_new loses): the first allocation
	 * fails, then the second ... up to FAULTS, more than a store with one
	 * array per field makes. */
	s->nfault = cg ? 0 : FAULTS;
}

/* write_script - s as the subject reads it (proto.h), on f. */
static void write_script(const struct script *s, FILE *f)
{
	fprintf(f, "line %d\n", LINE);
	for (int i = 0; i < s->nop; i++) {
		const struct op *o = &s->op[i];

		if (i == 0 || o->kind != s->op[i - 1].kind)
			fprintf(f, "step %d\n", o->kind == OP_SUMS ? 1 : 2);
		fprintf(f, "%s %zu %zu %" PRIu64 "\n", o->kind == OP_SUMS ? "sums" : "transpose",
			o->r, o->c, o->seed);
		for (int p = 0; p < o->nprobe; p++)
			fprintf(f, "probe %zu %zu\n", o->probe[p][0], o->probe[p][1]);
	}
	fprintf(f, "step 3\npnew %zu\npget 0\npget %zu\npfill %" PRIu64 "\n", s->np, s->np - 1, s->pseed);
	for (int p = 0; p < PASSES; p++)
		fprintf(f, "ptotal\n");
	for (int g = 0; g < s->npget; g++)
		fprintf(f, "pget %zu\n", s->pget[g]);
	fprintf(f, "pdelete\n");
	/* An empty store, where malloc(0) and calloc of 0 give NULL (as C
	 * allows, and glibc does not): that NULL is no lack of memory. */
	if (s->empty_store)
		fprintf(f, "zeronull 1\npnew 0\nptotal\npdelete\nzeronull 0\n");
	for (int k = 1; k <= s->nfault; k++)
		fprintf(f, "pfault %d %zu\n", k, s->np);
	fprintf(f, "end\n");
}

/* ---------------------------------------------------------------------
 * Reading what the subject printed (untrusted: bounded, checked).
 */

#define OUT_MAX_LINES	200000
#define OUT_LINE_MAX	256

struct lines {
	char **l;
	size_t n, at;		/* at: the next line to read */
};

/* load_lines - the lines of path (without their '\n'); a line longer than
 * OUT_LINE_MAX is cut, more than OUT_MAX_LINES are dropped.  A missing file
 * is an empty output. */
static void load_lines(struct lines *o, const char *path)
{
	FILE *f = fopen(path, "r");
	char buf[OUT_LINE_MAX + 2];
	size_t cap = 0;

	memset(o, 0, sizeof(*o));
	while (f && o->n < OUT_MAX_LINES && fgets(buf, sizeof(buf), f)) {
		size_t len = strcspn(buf, "\n");
		int ch;

		if (buf[len] != '\n')	/* too long: skip the rest of it */
			while ((ch = fgetc(f)) != EOF && ch != '\n')
				;
		buf[len] = '\0';
		if (o->n == cap) {
			char **l = realloc(o->l, (cap = cap ? 2 * cap : 1024) * sizeof(*l));

			if (!l)
				break;
			o->l = l;
		}
		if (!(o->l[o->n] = strdup(buf)))
			break;
		o->n++;
	}
	if (f)
		fclose(f);
}

static void wipe_lines(struct lines *o)
{
	for (size_t i = 0; i < o->n; i++)
		free(o->l[i]);
	free(o->l);
	memset(o, 0, sizeof(*o));
}

/* next - the next line, or NULL at the end of the output. */
static const char *next(struct lines *o)
{
	return o->at < o->n ? o->l[o->at++] : NULL;
}

/* seek - move to the next line that starts with prefix (a line printed by
 * the student's code, or the rest of an operation whose check stopped
 * early, is skipped), and stay there; false at the end of the output. */
static bool seek(struct lines *o, const char *prefix)
{
	while (o->at < o->n && strncmp(o->l[o->at], prefix, strlen(prefix)) != 0)
		o->at++;
	return o->at < o->n;
}

/* quote - s made printable and short, for a message (static buffer). */
static const char *quote(const char *s)
{
	static char q[4][72];
	static int turn;
	char *d = q[turn++ % 4];
	size_t i = 0;

	if (!s)
		return "(nothing: the output ends here)";
	d[i++] = '\'';
	for (; *s && i < 64; s++)
		d[i++] = (*s >= 0x20 && *s < 0x7f && *s != '\'') ? *s : '?';
	if (*s)
		d[i++] = '.', d[i++] = '.', d[i++] = '.';
	d[i++] = '\'';
	d[i] = '\0';
	return d;
}

/* same_bits - the double written as %a in s is exactly want (bit for bit). */
static bool same_bits(const char *s, double want)
{
	char *end;
	double got;

	errno = 0;
	got = strtod(s, &end);
	if (errno || end == s || *end)
		return false;
	return memcmp(&got, &want, sizeof(got)) == 0;
}

static const char *const step_file[4] = { "", "loop_order.c", "transpose.c", "particles.c" };

/* The first failure of each step, as a sentence; empty: none. */
struct verdicts {
	char why[4][640];	/* [1..3] */
};

static void fail(struct verdicts *v, int step, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void fail(struct verdicts *v, int step, const char *fmt, ...)
{
	va_list ap;

	if (v->why[step][0])
		return;		/* the first failure is the one to fix */
	va_start(ap, fmt);
	vsnprintf(v->why[step], sizeof(v->why[step]), fmt, ap);
	va_end(ap);
}

/* check_sums - the observation of one column_sums against the model. */
static void check_sums(struct verdicts *v, const struct op *o, struct lines *out, const char *run)
{
	char want[64];
	const char *l;
	double *sum;

	snprintf(want, sizeof(want), "sums %zu %zu", o->r, o->c);
	seek(out, "sums ");
	l = next(out);
	if (!l || strcmp(l, want) != 0) {
		fail(v, 1, "%s: expected the subject to print %s, seen %s", run, quote(want), quote(l));
		return;
	}
	sum = calloc(o->c ? o->c : 1, sizeof(*sum));
	if (!sum) {
		fail(v, 1, "the judge ran out of memory");
		return;
	}
	for (size_t i = 0; i < o->r; i++)
		for (size_t j = 0; j < o->c; j++)
			sum[j] += proto_value(o->seed, i * o->c + j);
	for (size_t j = 0; j < o->c; j++) {
		size_t jj;
		int at;

		l = next(out);
		if (!l || sscanf(l, "s %zu %n", &jj, &at) != 1 || jj != j) {
			fail(v, 1, "%s: column_sums on %zux%zu: expected sums[%zu], seen %s", run, o->r,
			     o->c, j, quote(l));
			break;
		}
		if (!same_bits(l + at, sum[j])) {
			fail(v, 1, "%s: column_sums on a %zux%zu matrix: sums[%zu] is %s, expected %a "
			     "(each sum starts at 0.0 and adds rows 0, 1, 2 ... in that order)",
			     run, o->r, o->c, j, quote(l + at), sum[j]);
			break;
		}
	}
	free(sum);
	while (out->at < out->n && strncmp(out->l[out->at], "s ", 2) == 0)
		out->at++;
}

/* check_transpose - the row digests and probes of one transpose. */
static void check_transpose(struct verdicts *v, const struct op *o, struct lines *out, const char *run)
{
	char want[64];
	const char *l;
	double *row = malloc((o->r ? o->r : 1) * sizeof(*row));
	size_t bad_first = SIZE_MAX, bad_last = 0, nbad = 0;

	snprintf(want, sizeof(want), "transpose %zu %zu", o->r, o->c);
	seek(out, "transpose ");
	l = next(out);
	if (!row || !l || strcmp(l, want) != 0) {
		fail(v, 2, "%s: expected the subject to print %s, seen %s", run, quote(want), quote(l));
		free(row);
		return;
	}
	for (size_t j = 0; j < o->c; j++) {
		uint64_t d;
		size_t jj;

		for (size_t i = 0; i < o->r; i++)
			row[i] = proto_value(o->seed, i * o->c + j);
		l = next(out);
		if (!l || sscanf(l, "r %zu %" SCNx64, &jj, &d) != 2 || jj != j) {
			fail(v, 2, "%s: transpose of %zux%zu: expected the digest of dst row %zu, seen %s",
			     run, o->r, o->c, j, quote(l));
			free(row);
			return;
		}
		if (d != proto_digest(row, o->r)) {
			if (bad_first == SIZE_MAX)
				bad_first = j;
			bad_last = j;
			nbad++;
		}
	}
	for (int p = 0; p < o->nprobe; p++) {
		size_t j = o->probe[p][0], i = o->probe[p][1], jj, ii;
		double want_v = proto_value(o->seed, i * o->c + j);
		int at;

		l = next(out);
		if (!l || sscanf(l, "p %zu %zu %n", &jj, &ii, &at) != 2 || jj != j || ii != i) {
			fail(v, 2, "%s: transpose of %zux%zu: expected probe (%zu, %zu), seen %s", run,
			     o->r, o->c, j, i, quote(l));
			break;
		}
		if (!same_bits(l + at, want_v))
			fail(v, 2, "%s: transpose of a %zux%zu src: dst(%zu, %zu) = dst[%zu] is %s, "
			     "expected src(%zu, %zu) = %a; %zu of the %zu rows of dst are wrong "
			     "(rows %zu to %zu)", run, o->r, o->c, j, i, j * o->r + i, quote(l + at),
			     i, j, want_v, nbad, o->c, bad_first, bad_last);
	}
	if (nbad)
		fail(v, 2, "%s: transpose of a %zux%zu src: %zu of the %zu rows of dst differ from "
		     "the reference (rows %zu to %zu)%s", run, o->r, o->c, nbad, o->c, bad_first,
		     bad_last, bad_first > 0 ? ": the last ones, which a tile loop that stops at "
		     "the last whole tile never writes?" : "");
	free(row);
}

/* particle_line - the observation pget prints for particle p at index i. */
static void particle_line(char *buf, size_t size, size_t i, const struct particle *p)
{
	int n = snprintf(buf, size, "pget %zu %a %a %a %a %a %a %a %" PRIu32 " ", i, p->mass,
			 p->pos[0], p->pos[1], p->pos[2], p->vel[0], p->vel[1], p->vel[2], p->id);

	for (size_t k = 0; k < sizeof(p->name) && n > 0 && (size_t)n + 3 < size; k++)
		n += snprintf(buf + n, size - n, "%02x", (unsigned char)p->name[k]);
}

/* expect - the next line is want; else step 3 fails saying what. */
static bool expect(struct verdicts *v, struct lines *out, const char *want, const char *run,
		   const char *what)
{
	const char *l = next(out);

	if (l && strcmp(l, want) == 0)
		return true;
	fail(v, 3, "%s: %s: expected %s, seen %s", run, what, quote(want), quote(l));
	return false;
}

/* check_particles - the store's life: new, zeroed, filled, summed, read, deleted. */
static void check_particles(struct verdicts *v, const struct script *s, struct lines *out,
			    const char *run)
{
	struct particle p, zero = { 0 };
	char want[OUT_LINE_MAX];
	double total = 0.0;

	seek(out, "pnew ");
	if (!expect(v, out, "pnew ok", run, "particles_new"))
		return;
	particle_line(want, sizeof(want), 0, &zero);
	if (!expect(v, out, want, run, "a new store's particle 0 (every field zero)"))
		return;
	particle_line(want, sizeof(want), s->np - 1, &zero);
	if (!expect(v, out, want, run, "a new store's last particle (every field zero)"))
		return;
	snprintf(want, sizeof(want), "pfill %zu", s->np);
	if (!expect(v, out, want, run, "particles_set on every particle"))
		return;
	for (size_t i = 0; i < s->np; i++) {
		proto_particle(s->pseed, i, &p);
		total += p.mass;
	}
	snprintf(want, sizeof(want), "ptotal %a", total);
	for (int k = 0; k < PASSES; k++)
		if (!expect(v, out, want, run, "particles_total_mass (the masses added in index order, from 0.0)"))
			return;
	for (int g = 0; g < s->npget; g++) {
		char what[64];

		proto_particle(s->pseed, s->pget[g], &p);
		particle_line(want, sizeof(want), s->pget[g], &p);
		snprintf(what, sizeof(what), "particles_get(%zu): every field as set", s->pget[g]);
		if (!expect(v, out, want, run, what))
			return;
	}
	if (!expect(v, out, "pdelete null", run, "particles_delete leaves the caller's pointer NULL"))
		return;
	if (s->empty_store && (!expect(v, out, "zeronull 1", run, "the C library told to give NULL for 0 bytes") ||
			       !expect(v, out, "pnew ok", run,
				       "particles_new(0), where malloc(0) and calloc of 0 return NULL as C allows "
				       "(that NULL does not mean memory ran out)") ||
			       !expect(v, out, "ptotal 0x0p+0", run, "particles_total_mass of an empty store") ||
			       !expect(v, out, "pdelete null", run, "particles_delete of an empty store")))
		return;
}

/* stopped_at - 0 when out ends with "end" (the subject read its whole
 * script), else the step that stopped it.  The script runs step 1's
 * operations, then step 2's, then step 3's, each group after a "step N"
 * line that the subject prints and flushes before the group's first
 * operation runs: the last one seen names the step. */
static int stopped_at(const struct lines *out)
{
	int at = 1;

	if (out->n > 0 && strcmp(out->l[out->n - 1], "end") == 0)
		return 0;
	for (size_t i = 0; i < out->n; i++)
		if (strncmp(out->l[i], "step ", 5) == 0 && out->l[i][5] >= '1' &&
		    out->l[i][5] <= '3' && out->l[i][6] == '\0')
			at = out->l[i][5] - '0';
	return at;
}

/* nth - "1st", "2nd", "3rd", "4th" ... (a static buffer). */
static const char *nth(int k)
{
	static char buf[16];
	const char *suffix = k % 100 / 10 == 1 ? "th" : k % 10 == 1 ? "st" : k % 10 == 2 ? "nd" :
			     k % 10 == 3 ? "rd" : "th";

	snprintf(buf, sizeof(buf), "%d%s", k, suffix);
	return buf;
}

/*
 * check_faults - particles_new(np) with its 1st, 2nd ... allocation failing
 * ("pfault K N", proto.h): NULL when the failure was reached, a store when
 * it made fewer allocations, and nothing lost either way (the subject asks
 * LeakSanitizer right after each call).  Judged before the AddressSanitizer
 * report, whose leak would be less precise.  When the output stops in
 * the middle of the script, ctx says which call was running (a matrix
 * operation, or one of these), for that report.  Returns the run's
 * stopped_at.
 */
static int check_faults(struct verdicts *v, const struct script *s, const char *path,
			const char *run, char *ctx, size_t ctxlen)
{
	struct lines out;
	int at;

	ctx[0] = '\0';
	load_lines(&out, path);
	at = stopped_at(&out);
	if (at == 1 || at == 2) {
		/* The subject prints an operation's first line once the
		 * student's function has returned: the first matrix whose
		 * line is missing is the one it was working on. */
		for (int i = 0; i < s->nop; i++) {
			const struct op *o = &s->op[i];
			char want[64];

			snprintf(want, sizeof(want), "%s %zu %zu", o->kind == OP_SUMS ? "sums" : "transpose",
				 o->r, o->c);
			while (out.at < out.n && strcmp(out.l[out.at], want) != 0)
				out.at++;
			if (out.at < out.n)
				continue;
			if ((o->kind == OP_SUMS ? 1 : 2) == at)
				snprintf(ctx, ctxlen, o->kind == OP_SUMS ? "column_sums of a %zux%zu matrix" :
					 "transpose of a %zux%zu src", o->r, o->c);
			break;
		}
		out.at = 0;
	}
	for (int k = 1; k <= s->nfault; k++) {
		char got[8], fired[10], leak[8] = "";
		const char *l;
		long kk;
		int nw;

		if (!seek(&out, "pfault ")) {
			/* Cut short here (right after the previous call, or after
			 * the empty store for the first): this call was running. */
			bool here = out.n > 0 && strcmp(out.l[out.n - 1], "end") != 0 &&
				    (k > 1 ? strncmp(out.l[out.n - 1], "pfault ", 7) == 0 :
				     out.n >= 4 && strcmp(out.l[out.n - 4], "pnew ok") == 0 &&
				     strcmp(out.l[out.n - 2], "pdelete null") == 0 &&
				     strcmp(out.l[out.n - 1], "zeronull 0") == 0);

			if (here)
				snprintf(ctx, ctxlen, "particles_new(%zu) with its %s allocation "
					 "(malloc, calloc or realloc) returning NULL", s->np, nth(k));
			break;
		}
		l = next(&out);
		nw = sscanf(l, "pfault %ld %7s %9s %7s", &kk, got, fired, leak);
		if (nw < 3 || kk != k || (strcmp(got, "ok") && strcmp(got, "null")) ||
		    (strcmp(fired, "fired") && strcmp(fired, "unfired")) || (nw == 4 && strcmp(leak, "leak"))) {
			fail(v, 3, "%s: particles_new(%zu) with its %s allocation failing: expected the "
			     "subject's answer 'pfault %d ...', seen %s", run, s->np, nth(k), k, quote(l));
			break;
		}
		if (!strcmp(fired, "fired") && !strcmp(got, "ok"))
			fail(v, 3, "%s: particles_new(%zu) returned a store although its %s allocation "
			     "(malloc, calloc or realloc) returned NULL; expected NULL (locality.h: NULL "
			     "when memory runs out). Is every allocation's result checked?", run, s->np,
			     nth(k));
		else if (!strcmp(fired, "unfired") && !strcmp(got, "null"))
			fail(v, 3, "%s: particles_new(%zu) returned NULL although none of its "
			     "allocations failed (the judge made the %s fail, and it made fewer)",
			     run, s->np, nth(k));
		else if (nw == 4 && !strcmp(got, "null"))
			fail(v, 3, "%s: particles_new(%zu) returned NULL when its %s allocation (malloc, "
			     "calloc or realloc) failed, but LeakSanitizer found blocks it had allocated "
			     "before and never freed (locality.h: nothing is leaked then)", run, s->np,
			     nth(k));
		else if (nw == 4)
			fail(v, 3, "%s: particles_new(%zu) then particles_delete lost blocks "
			     "(LeakSanitizer found them unreachable): delete must free everything the "
			     "store owns", run, s->np);
		if (v->why[3][0])
			break;
	}
	wipe_lines(&out);
	return at;
}

/* check_output - a whole run's output against its script; the end line
 * proves the subject read it to its end.  status: the grader's sentence
 * when the run ended abnormally (empty otherwise). */
static void check_output(struct verdicts *v, const struct script *s, const char *path,
			 const char *run, const char *status)
{
	struct lines out;
	int at;

	load_lines(&out, path);
	if ((at = stopped_at(&out))) {
		/* Cut short: the step that stopped it fails with this message
		 * first, so the one shown; the steps before it have their
		 * whole output, judged below. */
		const char *last = out.n ? out.l[out.n - 1] : NULL;

		fail(v, at, "%s: the subject stopped during step %d%s%s; its last line: %s", run, at,
		     status[0] ? ": it " : "", status, quote(last));
		for (int k = at + 1; k <= 3; k++)
			fail(v, k, "%s: not reached: the subject stopped during step %d (%s)", run, at,
			     step_file[at]);
	}
	if (out.n > 0 && strcmp(out.l[0], "line 128") == 0)
		out.at++;	/* the acknowledgement of the pretended line size */
	for (int i = 0; i < s->nop; i++) {
		if (s->op[i].kind == OP_SUMS)
			check_sums(v, &s->op[i], &out, run);
		else
			check_transpose(v, &s->op[i], &out, run);
	}
	check_particles(v, s, &out, run);
	wipe_lines(&out);
}

/* ---------------------------------------------------------------------
 * Symbols: which student file defines each function name.
 */

struct symbols {
	char **name;
	unsigned *steps;	/* bit k: defined by step k's file */
	size_t n;
};

/* load_symbols - "FILE NAME" lines (nm on the student's objects, written
 * by the grader).  Returns the number of names, or -1 without the file. */
static long load_symbols(struct symbols *sy, const char *path)
{
	struct lines in;
	FILE *f = fopen(path, "r");

	memset(sy, 0, sizeof(*sy));
	if (!f)
		return -1;
	fclose(f);
	load_lines(&in, path);
	sy->name = calloc(in.n + 1, sizeof(*sy->name));
	sy->steps = calloc(in.n + 1, sizeof(*sy->steps));
	for (size_t i = 0; sy->name && sy->steps && i < in.n; i++) {
		char file[64], name[200];

		if (sscanf(in.l[i], "%63s %199s", file, name) != 2)
			continue;
		for (int k = 1; k <= 3; k++)
			if (strcmp(file, step_file[k]) == 0) {
				size_t j;

				for (j = 0; j < sy->n && strcmp(sy->name[j], name) != 0; j++)
					;
				if (j == sy->n && (sy->name[j] = strdup(name)))
					sy->n++;
				if (j < sy->n)
					sy->steps[j] |= 1u << k;
			}
	}
	wipe_lines(&in);
	return (long)sy->n;
}

/* steps_of - the steps whose file defines fn (cachegrind may add a suffix
 * such as "@@GLIBC..." to a versioned name; student names have none). */
static unsigned steps_of(const struct symbols *sy, const char *fn)
{
	for (size_t j = 0; j < sy->n; j++)
		if (strcmp(sy->name[j], fn) == 0)
			return sy->steps[j];
	return 0;
}

static bool is_harness(const char *fn)
{
	return strncmp(fn, "sj_", 3) == 0 || strncmp(fn, "ml_", 3) == 0 ||
	       strncmp(fn, "__wrap_", 7) == 0 || strcmp(fn, "main") == 0;
}

/* ---------------------------------------------------------------------
 * AddressSanitizer's report, from the ASan run's stderr.
 */

/* check_asan - the first ASan/LSan error, charged to the step whose file
 * holds the first frame of the student's, else to the step at which the
 * run stopped (at: stopped_at), else to every step.  ctx: what the subject
 * was running, when check_faults could tell. */
static void check_asan(struct verdicts *v, const struct symbols *sy, const char *path,
		       const char *ctx, int at)
{
	struct lines err;
	char kind[160] = "";
	char where[200] = "";
	const char *lk = NULL;	/* a leak: the frames say where it was allocated */

	load_lines(&err, path);
	for (size_t i = 0; i < err.n && !kind[0]; i++) {
		const char *asan = strstr(err.l[i], "ERROR: AddressSanitizer: "), *txt;
		size_t len;

		lk = strstr(err.l[i], "ERROR: LeakSanitizer: ");
		if (!asan && !lk)
			continue;
		txt = asan ? asan + 25 : lk + 22;
		/* "heap-buffer-overflow on address 0x..." and, on the next
		 * line, "WRITE of size 8 at 0x...": the kind and the access */
		len = strstr(txt, " on ") ? (size_t)(strstr(txt, " on ") - txt) : strlen(txt);
		snprintf(kind, sizeof(kind), "%.*s", (int)(len < 80 ? len : 80), txt);
		if (i + 1 < err.n && (!strncmp(err.l[i + 1], "READ of size ", 13) ||
				      !strncmp(err.l[i + 1], "WRITE of size ", 14))) {
			const char *a = err.l[i + 1], *sp = strstr(a, " at ");

			len = strlen(kind);
			snprintf(kind + len, sizeof(kind) - len, " (%.*s)",
				 (int)(sp && sp - a < 40 ? sp - a : 20), a);
		}
		for (size_t j = i + 1; j < err.n && j < i + 40; j++) {
			char fn[200];
			unsigned st;
			const char *in = strstr(err.l[j], " in ");

			if (!in || sscanf(in + 4, "%199s", fn) != 1 || !(st = steps_of(sy, fn)))
				continue;
			/* "fn /the/scratch/path/file.c:22": the file's name and
			 * line are what the student needs */
			snprintf(where, sizeof(where), "%s", in + 4);
			if (strchr(where, ' ') && strrchr(where, '/') > strchr(where, ' '))
				memmove(strchr(where, ' ') + 1, strrchr(where, '/') + 1,
					strlen(strrchr(where, '/') + 1) + 1);
			for (int k = 1; k <= 3; k++)
				if (st & (1u << k))
					fail(v, k, "AddressSanitizer, on the small sizes%s%s: %s%s %s%s",
					     ctx[0] ? ", in " : "", ctx, quote(kind),
					     lk ? ": a block allocated in" : " in", quote(where),
					     lk ? " was never freed" : "");
			break;
		}
	}
	wipe_lines(&err);
	if (!kind[0] || where[0])
		return;
	/* No frame of the student's (a call the compiler made a jump, a
	 * report from inside the C library): the step whose operations were
	 * running when the run stopped, else every step. */
	for (int k = 1; k <= 3; k++)
		if (!at || k == at)
			fail(v, k, "AddressSanitizer, on the small sizes%s%s: %s%s%s%s", ctx[0] ? ", in " : "",
			     ctx, quote(kind), at ? ", while the subject ran the operations of " : "",
			     at ? step_file[at] : "", at ? " (no frame of yours in the report: a call "
			     "your compiler turned into a jump?)" : "");
}

/* ---------------------------------------------------------------------
 * Cachegrind: the counts, checked against valgrind's own log.
 */

/* log_totals - the D1 and LLd miss totals valgrind printed on the run's
 * stderr, after the program's end: the last ones (the program may print
 * lines that look like them, but only before valgrind's own); and no line
 * from a second process.  Returns 0, or -1 with why. */
static int log_totals(const char *path, uint64_t *d1, uint64_t *ll, char *why, size_t len)
{
	struct lines lg;
	long pid = -1;
	bool got_d1 = false, got_ll = false;

	load_lines(&lg, path);
	for (size_t i = 0; i < lg.n; i++) {
		char digits[40] = "";
		const char *l = lg.l[i], *p;
		long lp;
		size_t k = 0;
		uint64_t *to = NULL;

		if (sscanf(l, "==%ld==", &lp) != 1)
			continue;
		if (pid < 0)
			pid = lp;
		if (lp != pid) {
			snprintf(why, len, "valgrind's log shows a second process (%ld): a fork in the "
				 "student's code? Only the subject may run", lp);
			wipe_lines(&lg);
			return -1;
		}
		if ((p = strstr(l, "D1  misses:")))
			to = d1, p += 11, got_d1 = true;
		else if ((p = strstr(l, "LLd misses:")))
			to = ll, p += 11, got_ll = true;
		if (!to)
			continue;
		for (p += strspn(p, " "); (*p >= '0' && *p <= '9') || *p == ','; p++)
			if (*p != ',' && k + 1 < sizeof(digits))
				digits[k++] = *p;
		*to = strtoull(digits, NULL, 10);	/* the last one wins: valgrind's */
	}
	wipe_lines(&lg);
	if (!got_d1 || !got_ll) {
		snprintf(why, len, "valgrind's log has no cache summary: the run did not reach its end");
		return -1;
	}
	return 0;
}

/* The misses of one run, charged by step. */
struct charge {
	uint64_t d1[4], ll[4];	/* [1..3]: the steps' files */
	uint64_t other_d1, other_ll;
	char top[4][160];	/* the step's functions with the most L1d misses */
	bool ok;
	char why[256];
};

static void charge_run(struct charge *ch, const char *dir, const struct symbols *sy)
{
	char path[4096];
	struct cg_report r;
	uint64_t d1 = 0, ll = 0;
	uint64_t best[4] = { 0 };

	memset(ch, 0, sizeof(*ch));
	snprintf(path, sizeof(path), "%s/cg.cachegrind", dir);
	if (cg_load(path, &r, ch->why, sizeof(ch->why)))
		return;
	snprintf(path, sizeof(path), "%s/cg.err", dir);
	if (log_totals(path, &d1, &ll, ch->why, sizeof(ch->why))) {
		cg_wipe(&r);
		return;
	}
	if (d1 != r.summary.d1 || ll != r.summary.ll) {
		snprintf(ch->why, sizeof(ch->why), "the cachegrind report (%" PRIu64 " L1d misses) "
			 "disagrees with valgrind's summary (%" PRIu64 "): was it written by the program?",
			 r.summary.d1, d1);
		cg_wipe(&r);
		return;
	}
	for (size_t i = 0; i < r.nfn; i++) {
		const struct cg_fn *f = &r.fn[i];
		unsigned st = steps_of(sy, f->name);

		if (st) {
			for (int k = 1; k <= 3; k++)
				if (st & (1u << k)) {
					ch->d1[k] += f->d1;
					ch->ll[k] += f->ll;
					if (f->d1 >= best[k]) {
						best[k] = f->d1;
						snprintf(ch->top[k], sizeof(ch->top[k]), "%s: %" PRIu64
							 " L1d and %" PRIu64 " LL misses", f->name, f->d1, f->ll);
					}
				}
		} else if (!is_harness(f->name)) {
			ch->other_d1 += f->d1;
			ch->other_ll += f->ll;
		}
	}
	cg_wipe(&r);
	ch->ok = true;
}

/* lines_of - cache lines that bytes starting on a line boundary take. */
static uint64_t lines_of(uint64_t bytes)
{
	return (bytes + LINE - 1) / LINE;
}

/* The bounds of one script, per step, and what they are made of. */
struct bounds {
	uint64_t comp[4];	/* compulsory misses: lines of the data touched */
	uint64_t max[4];	/* allowed */
	uint64_t other;		/* allowed outside the student's files */
	char how[4][240];
};

static void make_bounds(struct bounds *b, const struct script *s)
{
	uint64_t calls[4] = { 0 }, tight = 0, loose = 0;
	double allow[4] = { 0 };

	memset(b, 0, sizeof(*b));
	for (int i = 0; i < s->nop; i++) {
		const struct op *o = &s->op[i];
		uint64_t m = lines_of((uint64_t)o->r * o->c * sizeof(double));

		if (o->kind == OP_SUMS) {
			b->comp[1] += m + lines_of(o->c * sizeof(double));
			allow[1] += 1.25 * (m + lines_of(o->c * sizeof(double)));
			calls[1]++;
		} else {
			bool whole = o->r % PER_LINE == 0 && o->c % PER_LINE == 0;

			b->comp[2] += 2 * m;
			allow[2] += (whole ? 1.25 : 2.5) * 2 * m;
			*(whole ? &tight : &loose) += 2 * m;
			calls[2]++;
		}
	}
	uint64_t fill = lines_of((uint64_t)s->np * sizeof(struct particle));
	uint64_t hot = PASSES * lines_of((uint64_t)s->np * sizeof(double));

	b->comp[3] = fill + hot;
	allow[3] = 1.25 * fill + 1.5 * hot + 2.0 * s->npget * lines_of(sizeof(struct particle));
	calls[3] = s->np + PASSES + s->npget + 8;
	for (int k = 1; k <= 3; k++)
		b->max[k] = (uint64_t)allow[k] + 64 * (k == 3 ? 16 : calls[k]);
	snprintf(b->how[1], sizeof(b->how[1]), "1.25 x the %" PRIu64 " lines of the matrices and "
		 "sums, + 64 a call", b->comp[1]);
	snprintf(b->how[2], sizeof(b->how[2]), "1.25 x the %" PRIu64 " lines of src and dst whose "
		 "rows are whole lines, 2.5 x the %" PRIu64 " others, + 64 a call", tight, loose);
	snprintf(b->how[3], sizeof(b->how[3]), "1.25 x the %" PRIu64 " lines the particles fill, "
		 "1.5 x the %" PRIu64 " lines of masses %d passes read, + the reads back", fill, hot,
		 PASSES);
	/* Outside the student's files: the loader, stdio, and calloc zeroing
	 * the store (once, at most every field's bytes, x1.5). */
	b->other = 8192 + (uint64_t)(1.5 * lines_of((uint64_t)s->np * (sizeof(struct particle) + 8)));
}

/* ---------------------------------------------------------------------
 * The properties, and the verdict.
 */

const struct jg_property jg_properties[] = {
	{ "column_sums-d1", 1, "column_sums gives the reference's sums, bit for bit, on every sampled "
	  "size, and loop_order.c's functions miss the simulated L1d (32 KiB, 8-way, 128-byte lines) "
	  "at most 1.25 times per line of the matrices and sums (+64 a call)",
	  "column_sums in loop_order.c: rows outside, columns inside (TODO 1)" },
	{ "column_sums-ll", 1, "column_sums gives the reference's sums, bit for bit, and "
	  "loop_order.c's functions miss the simulated LL (256 KiB, 8-way, 128-byte lines) at most "
	  "1.25 times per line of the matrices and sums (+64 a call)",
	  "column_sums in loop_order.c: rows outside, columns inside (TODO 1)" },
	{ "transpose-d1", 2, "transpose gives the reference's dst, bit for bit, on every sampled size "
	  "(sizes no tile divides among them), and transpose.c's functions miss the simulated L1d "
	  "(32 KiB, 8-way, 128-byte lines) at most 1.25 times per line of src and dst when their rows "
	  "are whole lines, 2.5 times otherwise (+64 a call)",
	  "transpose in transpose.c: tiles as wide as a line read with ml_cache_line_size(), the "
	  "last ones cut short (TODO 2)" },
	{ "transpose-ll", 2, "transpose gives the reference's dst, bit for bit, and transpose.c's "
	  "functions miss the simulated LL (256 KiB, 8-way, 128-byte lines) at most 1.25 times per "
	  "line of src and dst when their rows are whole lines, 2.5 times otherwise (+64 a call)",
	  "transpose in transpose.c: tiles as wide as a line (TODO 2)" },
	{ "particles-d1", 3, "the store keeps every particle as set (new ones zero), "
	  "particles_total_mass gives the reference's sum, particles_new returns NULL and leaks "
	  "nothing when any of its allocations fails, and particles.c's functions miss the "
	  "simulated L1d (32 KiB, 8-way, 128-byte lines) at most 1.25 times per line of particle data "
	  "stored, plus 1.5 times per line of masses on each of the 8 passes of the hot loop",
	  "struct particles in particles.c: the masses in an array of their own (TODO 3)" },
	{ "particles-ll", 3, "the store keeps every particle as set, particles_total_mass gives the "
	  "reference's sum, particles_new fails cleanly, and particles.c's functions miss the "
	  "simulated LL (256 KiB, 8-way, 128-byte lines) at most 1.25 times per line of particle "
	  "data stored, plus 1.5 times per line of masses on each of the 8 passes",
	  "struct particles in particles.c: the masses in an array of their own (TODO 3)" },
};
const size_t jg_nproperties = sizeof(jg_properties) / sizeof(jg_properties[0]);

static const char *const prop_of[4][2] = {
	{ NULL, NULL },
	{ "column_sums-d1", "column_sums-ll" },
	{ "transpose-d1", "transpose-ll" },
	{ "particles-d1", "particles-ll" },
};

void judge_inputs(uint64_t seed, const char *dir)
{
	struct script s;
	FILE *f;

	make_script(&s, seed, true);
	f = jg_input(dir, "cg");
	write_script(&s, f);
	fclose(f);
	make_script(&s, seed, false);
	f = jg_input(dir, "asan");
	write_script(&s, f);
	fclose(f);
}

/* check_valgrind_err - valgrind's own complaints on the cachegrind run's
 * stderr: an output file it could not write is a failure whatever the
 * report says (the file could then hold what the program wrote into it). */
static void check_valgrind_err(struct charge *ch, const char *dir)
{
	char path[4096];
	struct lines err;

	snprintf(path, sizeof(path), "%s/cg.err", dir);
	load_lines(&err, path);
	for (size_t i = 0; ch->ok && i < err.n; i++) {
		long pid;
		int at = 0;

		if (sscanf(err.l[i], "==%ld== %n", &pid, &at) == 1 && at &&
		    (strstr(err.l[i], "can't") || strstr(err.l[i], "cannot") ||
		     strstr(err.l[i], "rror:"))) {
			ch->ok = false;
			snprintf(ch->why, sizeof(ch->why), "valgrind said %s", quote(err.l[i] + at));
		}
	}
	wipe_lines(&err);
}

void judge_verdict(uint64_t seed, const char *dir)
{
	struct script cg, asan;
	struct verdicts v = { 0 };
	struct symbols sy;
	struct charge ch;
	struct bounds b;
	struct jg_run run;
	char path[4096], ctx[200];
	int at;

	make_script(&cg, seed, true);
	make_script(&asan, seed, false);
	snprintf(path, sizeof(path), "%s/symbols.txt", dir);
	if (load_symbols(&sy, path) <= 0)
		for (int k = 1; k <= 3; k++)
			fail(&v, k, "no symbols were read from the student's objects (a grader bug)");

	/* The first failure of a step is the one shown: the AddressSanitizer
	 * run's first, because a memory error that also spoils a value or
	 * crashes the cachegrind run (glibc's abort on a heap it finds
	 * overwritten) is told there with its kind and line; the particles_new
	 * calls made to fail before the report, whose leak they tie to one
	 * call. */
	snprintf(path, sizeof(path), "%s/asan.out", dir);
	at = check_faults(&v, &asan, path, "under AddressSanitizer", ctx, sizeof(ctx));
	snprintf(path, sizeof(path), "%s/asan.err", dir);
	check_asan(&v, &sy, path, ctx, at);

	jg_run_load(&run, dir, "cg", 0);
	snprintf(path, sizeof(path), "%s/cg.out", dir);
	check_output(&v, &cg, path, "under cachegrind", jg_run_end(&run) ? jg_run_end(&run) : "");
	jg_run_free(&run);

	jg_run_load(&run, dir, "asan", OUT_MAX_LINES);
	snprintf(path, sizeof(path), "%s/asan.out", dir);
	check_output(&v, &asan, path, "under AddressSanitizer", jg_run_end(&run) ? jg_run_end(&run) : "");
	/* A run cut short is charged above, a report below (check_asan); a
	 * run that read its whole script and still failed (a leak found at
	 * exit, without a report we could read) fails every step. */
	if (run.present && run.status != 0 && run.nlines && !strcmp(run.lines[run.nlines - 1], "end"))
		for (int k = 1; k <= 3; k++)
			fail(&v, k, "under AddressSanitizer, on the small sizes: the subject %s after "
			     "its whole script", jg_run_end(&run) ? jg_run_end(&run) : "failed");
	jg_run_free(&run);

	charge_run(&ch, dir, &sy);
	check_valgrind_err(&ch, dir);
	make_bounds(&b, &cg);

	for (int k = 1; k <= 3; k++) {
		for (int lvl = 0; lvl < 2; lvl++) {
			const char *id = prop_of[k][lvl], *cache = lvl ? "LL" : "L1d";
			uint64_t got = lvl ? ch.ll[k] : ch.d1[k], other = lvl ? ch.other_ll : ch.other_d1;

			if (v.why[k][0])
				jg_fail(id, "%s%s", v.why[k], jg_seed_note());
			else if (!ch.ok)
				jg_fail(id, "no miss counts to judge: %s", ch.why);
			else if (other > b.other)
				jg_fail(id, "%" PRIu64 " %s misses outside your files (at most %" PRIu64
					"): is work done by a library function that your loop should do "
					"itself?", other, cache, b.other);
			else
				jg_check(id, got <= b.max[k], "%" PRIu64 " %s misses, %.2f x the %" PRIu64
					 " compulsory ones; at most %" PRIu64 " (%s); most in %s%s",
					 got, cache, b.comp[k] ? (double)got / b.comp[k] : 0.0, b.comp[k],
					 b.max[k], b.how[k], ch.top[k][0] ? ch.top[k] : "(none)",
					 jg_seed_note());
		}
	}
	for (size_t j = 0; j < sy.n; j++)
		free(sy.name[j]);
	free(sy.name);
	free(sy.steps);
}
