/*
 * demo.c - lab 03: locality, shown live on this machine.
 *
 * 1. The memory hierarchy, measured: the latency of a dependent load for
 *    working sets from 4 KiB up, by chasing pointers around a random cycle
 *    (one node per cache line), as the article's table, a CSV and a plot;
 *    sequential and strided cycles beside it (the prefetcher), and the
 *    random one again on huge pages (the TLB's share).  This is the quick
 *    run; build/03-locality/latency is the full one.
 * 2. Your three functions against the starter's, on the same inputs, in the
 *    same run: wall-clock time here, and L1d/LL misses counted by
 *    cachegrind on a simulated cache (when valgrind is installed), as
 *    ratios.  Before you start, every ratio is about 1.0x.
 *
 * Run: make run LAB=03
 */
#define _GNU_SOURCE
#include "baseline.h"
#include "cgout.h"
#include "curve.h"
#include "locality.h"
#include "sysinfo.h"

#include <errno.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define RUNS	5	/* timed runs per function; the median is shown */

/* The inputs of part 2: big enough to leave every cache on the timed run,
 * smaller under cachegrind (which runs about 50 times slower). */
struct sizes {
	size_t sum_r, sum_c;		/* column_sums */
	size_t tr_r, tr_c;		/* transpose */
	size_t np, passes;		/* particles, hot-loop passes */
};
static const struct sizes timed = { 4000, 300, 1000, 1500, 400000, 10 };
static const struct sizes counted = { 2100, 300, 304, 464, 6007, 8 };

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The work of part 2, one pair (starter, yours) per step. */
struct work {
	const struct sizes *sz;
	double *m, *sums, *src, *dst;
	struct base_particles base;
	struct particles *ps;
	double sink;
};

/* work_init - inputs for sizes sz; -1 when memory runs out. */
static int work_init(struct work *w, const struct sizes *sz)
{
	memset(w, 0, sizeof(*w));
	w->sz = sz;
	w->m = malloc(sz->sum_r * sz->sum_c * sizeof(double));
	w->sums = malloc(sz->sum_c * sizeof(double));
	w->src = malloc(sz->tr_r * sz->tr_c * sizeof(double));
	w->dst = malloc(sz->tr_r * sz->tr_c * sizeof(double));
	w->ps = particles_new(sz->np);
	if (!w->m || !w->sums || !w->src || !w->dst || !w->ps ||
	    base_particles_init(&w->base, sz->np))
		return -1;
	for (size_t k = 0; k < sz->sum_r * sz->sum_c; k++)
		w->m[k] = (double)(k % 1000);
	for (size_t k = 0; k < sz->tr_r * sz->tr_c; k++)
		w->src[k] = (double)k;
	for (size_t i = 0; i < sz->np; i++) {
		struct particle p = { .mass = 1.0 + (double)(i % 7), .id = (uint32_t)i };

		w->base.items[i] = p;
		particles_set(w->ps, i, &p);
	}
	return 0;
}

static void work_wipe(struct work *w)
{
	free(w->m);
	free(w->sums);
	free(w->src);
	free(w->dst);
	base_particles_wipe(&w->base);
	particles_delete(&w->ps);
}

/* work_run - step (1, 2, 3) once, the starter's code (mine == 0) or the student's. */
static void work_run(struct work *w, int step, int mine)
{
	const struct sizes *sz = w->sz;

	switch (step) {
	case 1:
		(mine ? column_sums : base_column_sums)(w->m, sz->sum_r, sz->sum_c, w->sums);
		w->sink += w->sums[0];
		break;
	case 2:
		(mine ? transpose : base_transpose)(w->dst, w->src, sz->tr_r, sz->tr_c);
		w->sink += w->dst[1];
		break;
	default:
		for (size_t p = 0; p < sz->passes; p++)
			w->sink += mine ? particles_total_mass(w->ps)
					: base_particles_total_mass(&w->base);
	}
}

/* time_step - the median wall-clock time of RUNS runs, in ms. */
static double time_step(struct work *w, int step, int mine)
{
	double t[RUNS];

	work_run(w, step, mine);	/* warm-up: page faults, first touches */
	for (int r = 0; r < RUNS; r++) {
		double t0 = now_ns();

		work_run(w, step, mine);
		t[r] = (now_ns() - t0) / 1e6;
	}
	qsort(t, RUNS, sizeof(t[0]), cmp_double);
	return t[RUNS / 2];
}

/*
 * count_misses - run this program under cachegrind (--count: part 2's work
 * once, on the smaller sizes) and read its report into r.  The cache is the
 * grader's (32 KiB 8-way L1d, 256 KiB 8-way LL) with this machine's line
 * size, which is the one your code reads.  Returns 0, or -1 with a sentence
 * printed (no valgrind, a failed run).
 */
static int count_misses(const char *dir, size_t line, struct cg_report *r)
{
	char exe[PATH_MAX], out[PATH_MAX + 32], i1[64], d1[64], ll[64], why[160];
	char *argv[] = { "valgrind", "--tool=cachegrind", "--cache-sim=yes", i1, d1, ll, out,
			 exe, "--count", NULL };
	posix_spawn_file_actions_t fa;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	pid_t pid;
	int status = 0, err;

	if (n <= 0) {
		printf("(cannot read /proc/self/exe: %s)\n", strerror(errno));
		return -1;
	}
	exe[n] = '\0';
	snprintf(i1, sizeof(i1), "--I1=32768,8,%zu", line);
	snprintf(d1, sizeof(d1), "--D1=32768,8,%zu", line);
	snprintf(ll, sizeof(ll), "--LL=262144,8,%zu", line);
	snprintf(out, sizeof(out), "--cachegrind-out-file=%s/demo.cg", dir);
	printf("$ valgrind --tool=cachegrind --cache-sim=yes %s %s %s %s %s --count\n",
	       i1, d1, ll, out, exe);
	fflush(stdout);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", 01, 0);	/* O_WRONLY */
	err = posix_spawnp(&pid, "valgrind", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (err == 0 && waitpid(pid, &status, 0) < 0)
		err = errno;
	if (err == ENOENT || (err == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 127)) {
		printf("valgrind is not installed (sudo apt-get install -y valgrind): no miss counts\n");
		return -1;
	}
	if (err || !WIFEXITED(status) || WEXITSTATUS(status)) {
		printf("cachegrind did not run to the end: no miss counts\n");
		return -1;
	}
	snprintf(out, sizeof(out), "%s/demo.cg", dir);
	if (cg_load(out, r, why, sizeof(why))) {
		printf("%s\n", why);
		return -1;
	}
	return 0;
}

/* fn_misses - D1 (ll = 0) or LL misses of fn in r; 0 if absent. */
static double fn_misses(const struct cg_report *r, const char *fn, int ll)
{
	const struct cg_fn *f = cg_find(r, fn);

	return f ? (double)(ll ? f->ll : f->d1) : 0;
}

/* show_race - part 2: each step, starter against yours. */
static void show_race(const char *dir)
{
	static const char *const what[] = { "", "column_sums", "transpose", "particles_total_mass" };
	static const char *const base_fn[] = { "", "base_column_sums", "base_transpose",
					       "base_particles_total_mass" };
	struct cg_report r;
	struct work w;
	size_t line = ml_cache_line_size(NULL);
	int counted_ok;

	printf("\n== 2. Your code against the starter's, on the same inputs\n");
	if (work_init(&w, &timed)) {
		printf("out of memory for the timed inputs; skipped\n");
		work_wipe(&w);
		return;
	}
	counted_ok = count_misses(dir, line ? line : 64, &r) == 0;
	printf("(miss counts: your files' functions by name only; helpers they call are not added here,\n"
	       " the grader adds them)\n");
	printf("%-5s %-22s %-12s | %9s %9s %8s | %10s %10s %8s\n", "step", "function", "input",
	       "starter", "yours", "faster", "L1d miss:", "yours", "fewer");
	for (int step = 1; step <= 3; step++) {
		double a = time_step(&w, step, 0), b = time_step(&w, step, 1);
		char in[32];

		if (step == 1)
			snprintf(in, sizeof(in), "%zux%zu", timed.sum_r, timed.sum_c);
		else if (step == 2)
			snprintf(in, sizeof(in), "%zux%zu", timed.tr_r, timed.tr_c);
		else
			snprintf(in, sizeof(in), "%zu x%zu", timed.np, timed.passes);
		printf("%-5d %-22s %-12s | %7.2fms %7.2fms %7.1fx |", step, what[step], in, a, b,
		       b > 0 ? a / b : 0);
		if (counted_ok) {
			double ma = fn_misses(&r, base_fn[step], 0), mb = fn_misses(&r, what[step], 0);

			printf(" %10.0f %10.0f %7.1fx", ma, mb, mb > 0 ? ma / mb : 0);
		}
		printf("\n");
	}
	if (counted_ok) {
		printf("misses counted on %zux%zu, %zux%zu and %zu particles x%zu passes; L1d: %s\n",
		       counted.sum_r, counted.sum_c, counted.tr_r, counted.tr_c, counted.np,
		       counted.passes, r.d1_desc);
		cg_wipe(&r);
	}
	printf("(times: medians of %d runs on this machine, never graded; make grade LAB=03 counts misses)\n",
	       RUNS);
	work_wipe(&w);
}

/* count_mode - the work cachegrind counts: each step once, both versions. */
static int count_mode(void)
{
	struct work w;
	int rc = 0;

	if (work_init(&w, &counted)) {
		fprintf(stderr, "demo: out of memory\n");
		rc = 1;
	} else {
		for (int step = 1; step <= 3; step++) {
			work_run(&w, step, 0);
			work_run(&w, step, 1);
		}
	}
	work_wipe(&w);
	return rc;
}

int main(int argc, char **argv)
{
	static struct curve c;
	char dir[PATH_MAX];

	if (argc > 1 && strcmp(argv[1], "--count") == 0)
		return count_mode();
	curve_build_dir(dir, sizeof(dir));
	printf("== 1. This machine's memory hierarchy, measured (quick run; the full one: %s/latency)\n",
	       dir);
	if (curve_measure(&c, true)) {
		printf("cannot map the buffer: %s\n", strerror(errno));
	} else {
		curve_print_table(&c);
		curve_write(&c, dir);
	}
	show_race(dir);
	return 0;
}
