/*
 * subject.c - the stub the grader links with the student's three files: it
 * reads a script of operations on stdin (proto.h), calls the student's
 * functions, and prints what they returned.  It decides nothing: the judge
 * (judge.c, another program) compares every line with its own model, and
 * reads the cache misses from cachegrind's report.
 *
 * The grader runs it under cachegrind with the cache it simulates, after
 * "line 128" has made sysconf report that cache's line size
 * (common/probe/fault.h); every function here is named sj_* so that its
 * own misses are never confused with the student's (the judge charges a
 * function by its name).
 */
#include "fault.h"
#include "proto.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/lsan_interface.h>
#endif

/* Matrices start on a 64 KiB boundary: the simulated cache's sets are
 * then chosen by the same address bits in every run. */
#define SJ_ALIGN	((size_t)1 << 16)

/* sj_alloc - n doubles, SJ_ALIGN-aligned; exits (status 3) when memory
 * runs out: the judge then sees the script cut short and says so.  The
 * block is exactly n doubles long (posix_memalign, unlike aligned_alloc,
 * takes any size): under AddressSanitizer the byte after the last element
 * is a red zone, so a loop that runs one element past the end of a matrix
 * (a tile edge written <= instead of <) is caught, not hidden in padding. */
static double *sj_alloc(size_t n)
{
	void *p;

	if (posix_memalign(&p, SJ_ALIGN, (n ? n : 1) * sizeof(double))) {
		printf("oom\n");
		fflush(stdout);
		exit(3);
	}
	return p;
}

/* sj_sums - "sums R C SEED": one matrix, its column sums. */
static void sj_sums(size_t r, size_t c, uint64_t seed)
{
	double *m = sj_alloc(r * c), *s = sj_alloc(c);

	for (size_t k = 0; k < r * c; k++)
		m[k] = proto_value(seed, k);
	for (size_t j = 0; j < c; j++)
		s[j] = -1.0;	/* a sum left unwritten shows */
	column_sums(m, r, c, s);
	printf("sums %zu %zu\n", r, c);
	for (size_t j = 0; j < c; j++)
		printf("s %zu %a\n", j, s[j]);
	free(m);
	free(s);
}

/* sj_transpose - "transpose R C SEED", then its "probe J I" lines.
 * Returns 1 when line holds the next operation (read to end the probes). */
static int sj_transpose(size_t r, size_t c, uint64_t seed, char *line, size_t size)
{
	double *src = sj_alloc(r * c), *dst = sj_alloc(r * c);
	size_t j, i;
	int pending = 0;

	for (size_t k = 0; k < r * c; k++) {
		src[k] = proto_value(seed, k);
		dst[k] = -0.0;	/* an element left unwritten shows in the digest */
	}
	transpose(dst, src, r, c);
	printf("transpose %zu %zu\n", r, c);
	for (j = 0; j < c; j++)
		printf("r %zu %016" PRIx64 "\n", j, proto_digest(dst + j * r, r));
	while (fgets(line, (int)size, stdin)) {
		if (sscanf(line, "probe %zu %zu", &j, &i) != 2) {
			pending = 1;
			break;
		}
		if (j < c && i < r)
			printf("p %zu %zu %a\n", j, i, dst[j * r + i]);
		else
			printf("p %zu %zu out-of-range\n", j, i);
	}
	free(src);
	free(dst);
	return pending;
}

/* sj_pget - "pget I": every field of particle i. */
static void sj_pget(const struct particles *ps, size_t n, size_t i)
{
	struct particle p;

	if (!ps || i >= n) {
		printf("pget %zu no-store\n", i);
		return;
	}
	memset(&p, 0x55, sizeof(p));	/* a field left unwritten shows */
	particles_get(ps, i, &p);
	printf("pget %zu %a %a %a %a %a %a %a %" PRIu32 " ", i, p.mass, p.pos[0], p.pos[1],
	       p.pos[2], p.vel[0], p.vel[1], p.vel[2], p.id);
	for (size_t k = 0; k < sizeof(p.name); k++)
		printf("%02x", (unsigned char)p.name[k]);
	printf("\n");
}

/* sj_leaked - whether LeakSanitizer finds a block that nothing points to
 * (it prints its report on stderr); always 0 without AddressSanitizer. */
static int sj_leaked(void)
{
#ifdef __SANITIZE_ADDRESS__
	return __lsan_do_recoverable_leak_check() != 0;
#else
	return 0;
#endif
}

/* sj_pfault - "pfault K N": particles_new(N) with its K-th allocation
 * (malloc, calloc, realloc) failing.  Prints what came back, whether the
 * failure was reached, and "leak" when this call lost blocks: only the
 * first leak of the run is told (after one, every check sees it again). */
static void sj_pfault(long k, size_t n)
{
	static int leaked;
	struct particles *ps;
	int fired, lost = 0;

	if (!leaked)
		leaked = sj_leaked();	/* a leak from before is not this call's */
	ml_fault_arm(ML_F_MALLOC, k);
	ps = particles_new(n);
	fired = ml_fault_fired(ML_F_MALLOC);
	ml_fault_disarm(ML_F_MALLOC);
	printf("pfault %ld %s %s", k, ps ? "ok" : "null", fired ? "fired" : "unfired");
	particles_delete(&ps);
	if (!leaked)
		lost = leaked = sj_leaked();
	printf("%s\n", lost ? " leak" : "");
}

/* sj_run - run the script on stdin; returns when it ends or goes wrong. */
static void sj_run(void)
{
	static char line[256];
	struct particles *ps = NULL;
	size_t n = 0, r, c, i;
	long k;
	uint64_t seed;
	int pending = 0;

	while (pending || fgets(line, sizeof(line), stdin)) {
		/* Whatever the student's code does next (crash, hang), the
		 * observations of the operations before it reach the judge. */
		fflush(stdout);
		pending = 0;
		if (sscanf(line, "sums %zu %zu %" SCNu64, &r, &c, &seed) == 3 &&
		    r * c <= PROTO_MAX_ELEMS && c <= PROTO_MAX_ELEMS && r <= PROTO_MAX_ELEMS) {
			sj_sums(r, c, seed);
		} else if (sscanf(line, "transpose %zu %zu %" SCNu64, &r, &c, &seed) == 3 &&
			   r * c <= PROTO_MAX_ELEMS && c <= PROTO_MAX_ELEMS && r <= PROTO_MAX_ELEMS) {
			/* the probes follow; the line that ends them is the next op */
			pending = sj_transpose(r, c, seed, line, sizeof(line));
		} else if (sscanf(line, "pnew %zu", &n) == 1 && n <= PROTO_MAX_PARTICLES) {
			particles_delete(&ps);
			ps = particles_new(n);
			printf("pnew %s\n", ps ? "ok" : "null");
		} else if (sscanf(line, "pfill %" SCNu64, &seed) == 1 && ps) {
			for (i = 0; i < n; i++) {
				struct particle p;

				proto_particle(seed, i, &p);
				particles_set(ps, i, &p);
			}
			printf("pfill %zu\n", n);
		} else if (sscanf(line, "pget %zu", &i) == 1) {
			sj_pget(ps, n, i);
		} else if (strcmp(line, "ptotal\n") == 0) {
			/* no store (particles_new failed): said, and the script goes on */
			if (ps)
				printf("ptotal %a\n", particles_total_mass(ps));
			else
				printf("ptotal none\n");
		} else if (strcmp(line, "pdelete\n") == 0) {
			struct particles *none = NULL;

			particles_delete(&ps);
			printf("pdelete %s\n", ps ? "kept" : "null");
			particles_delete(&ps);
			particles_delete(&none);
			particles_delete(NULL);
			ps = NULL;
		} else if (sscanf(line, "pfault %ld %zu", &k, &r) == 2 && k > 0 &&
			   r <= PROTO_MAX_PARTICLES) {
			sj_pfault(k, r);
		} else if (sscanf(line, "line %zu", &r) == 1 && r >= sizeof(double) && r <= 4096) {
			/* from now on, sysconf says lines are r bytes (the cache
			 * the grader simulates), whatever this machine has */
			ml_pretend(0, r);
			printf("line %zu\n", r);
		} else if (sscanf(line, "zeronull %zu", &r) == 1 && r <= 1) {
			/* another C library's answer to a request for nothing */
			ml_zero_null(r == 1);
			printf("zeronull %zu\n", r);
		} else if (sscanf(line, "step %zu", &r) == 1 && r >= 1 && r <= 3) {
			/* flushed before the next operation runs: the last one
			 * seen says whose code was running when a run stops */
			printf("step %zu\n", r);
		} else if (strcmp(line, "end\n") == 0) {
			printf("end\n");
			break;
		} else {
			line[strcspn(line, "\n")] = '\0';
			printf("bad %.64s\n", line);
			break;
		}
	}
	particles_delete(&ps);
}

int main(void)
{
	sj_run();
	return 0;
}
