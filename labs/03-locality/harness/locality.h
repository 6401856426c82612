/*
 * locality.h - the functions lab 03's exercise asks for, one file a step.
 *
 * The harness (the demo, and the grader's subject) calls them; you write
 * them in loop_order.c (step 1), transpose.c (step 2) and particles.c
 * (step 3).  Each must give exactly the results described here: the grader
 * compares them, bit for bit, with its own.  How fast they are is what the
 * lab is about, and the grader counts it in cache misses, on a simulated
 * cache (see README.md), never with a clock.
 *
 * Matrices are arrays of doubles in row-major order, as C lays out
 * double m[rows][cols]: element (i, j) is m[i * cols + j], and one row is
 * cols consecutive doubles.
 *
 *        cols ->
 *      +----+----+----+----+
 *   r  | 0  | 1  | 2  | 3  |   row 0: m[0..3]
 *   o  +----+----+----+----+
 *   w  | 4  | 5  | 6  | 7  |   row 1: m[4..7]
 *   s  +----+----+----+----+
 *      | 8  | 9  | 10 | 11 |   row 2: m[8..11]
 *      +----+----+----+----+
 *   a column (0, 4, 8) is cols doubles apart between its elements
 */
#ifndef LOCALITY_H
#define LOCALITY_H

#include <stddef.h>
#include <stdint.h>

/*
 * column_sums - sums[j] = m(0, j) + m(1, j) + ... + m(rows - 1, j), for every
 * column j < cols of the rows x cols matrix m.  Each sum starts from 0.0 and
 * adds the rows in order, top to bottom (floating-point addition is not
 * associative: another order gives other bits).  rows or cols may be 0
 * (rows == 0: every sum is 0.0).  m and sums do not overlap.
 */
void column_sums(const double *m, size_t rows, size_t cols, double *sums);

/*
 * transpose - dst(j, i) = src(i, j) for every i < rows, j < cols: src is
 * rows x cols, dst is cols x rows (dst[j * rows + i] = src[i * cols + j]).
 * rows or cols may be 0 (nothing to do).  src and dst do not overlap.
 */
void transpose(double *dst, const double *src, size_t rows, size_t cols);

/* One particle, as the callers of struct particles see it (80 bytes). */
struct particle {
	double mass;		/* hot: read by every particles_total_mass */
	double pos[3];		/* cold from here on: read by the rest of the */
	double vel[3];		/* program now and then, never by the hot loop */
	uint32_t id;
	char name[20];
};

/* A store of particles; you choose how it keeps them (particles.c). */
struct particles;

/*
 * particles_new - a store of n particles, every field of every one zero.
 * Returns NULL when memory runs out (nothing is leaked then).
 */
struct particles *particles_new(size_t n);

/* particles_delete - free *pp and everything it owns; *pp becomes NULL.
 * Accepts pp == NULL and *pp == NULL; calling it twice is harmless. */
void particles_delete(struct particles **pp);

/* particles_set - store a copy of *p as particle i (i < n). */
void particles_set(struct particles *ps, size_t i, const struct particle *p);

/* particles_get - *out = particle i (i < n), every field as last set. */
void particles_get(const struct particles *ps, size_t i, struct particle *out);

/*
 * particles_total_mass - the hot loop: the sum of every particle's mass,
 * from 0.0, in index order (0, 1, 2 ...).  0.0 for an empty store.
 */
double particles_total_mass(const struct particles *ps);

#endif
