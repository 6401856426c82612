/*
 * cgout.h - read a cachegrind output file (cachegrind.out.PID): the data
 * cache misses of each function, summed over its source files.
 *
 * The format (valgrind 3.19 to 3.2x, with --cache-sim=yes):
 *   desc: D1 cache:         32768 B, 128 B, 8-way associative
 *   cmd: ...
 *   events: Ir I1mr ILmr Dr D1mr DLmr Dw D1mw DLmw
 *   fl=FILE
 *   fn=FUNCTION
 *   LINE COUNT COUNT ...      (trailing zero counts may be left out)
 *   summary: COUNT ...
 * A function is named by its ELF symbol, whatever file its lines claim
 * (a #line directive can change the file; it cannot change the symbol), so
 * its counts are summed over every fl= it appears under.
 *
 * The file may come from a run of untrusted code: lines are bounded, numbers
 * checked, counts capped; anything else is an error with a reason.
 */
#ifndef CGOUT_H
#define CGOUT_H

#include <stddef.h>
#include <stdint.h>

struct cg_fn {
	char *name;
	uint64_t ir;		/* instructions */
	uint64_t d1;		/* D1 misses, reads and writes (D1mr + D1mw) */
	uint64_t ll;		/* last-level data misses (DLmr + DLmw) */
};

struct cg_report {
	struct cg_fn *fn;
	size_t nfn, cap;
	char d1_desc[96], ll_desc[96];	/* the desc: lines, for messages */
	struct cg_fn summary;		/* the summary: line */
	struct cg_fn sum;		/* the sum of every function's counts */
};

/*
 * cg_load - parse path into r (zeroed first).  Returns 0, or -1 with a
 * sentence in why (no file, no events line, a malformed or overlong line,
 * no summary, a summary that is not the sum of the functions).
 */
int cg_load(const char *path, struct cg_report *r, char *why, size_t whylen);

/* cg_find - the function called name, or NULL. */
const struct cg_fn *cg_find(const struct cg_report *r, const char *name);

/* cg_wipe - free what cg_load allocated; r is left empty.  Idempotent. */
void cg_wipe(struct cg_report *r);

#endif
