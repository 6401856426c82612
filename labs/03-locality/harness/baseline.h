/*
 * baseline.h - the starter's three functions, kept by the harness under
 * other names, so that the demo can race the student's code against what
 * it replaced, on the same inputs, in the same run.
 */
#ifndef BASELINE_H
#define BASELINE_H

#include "locality.h"

/* base_column_sums - column_sums, column by column (the starter's order). */
void base_column_sums(const double *m, size_t rows, size_t cols, double *sums);

/* base_transpose - transpose, row by row of src (the starter's order). */
void base_transpose(double *dst, const double *src, size_t rows, size_t cols);

/* An array of struct particle, as the starter keeps it. */
struct base_particles {
	size_t n;
	struct particle *items;
};

/* base_particles_init - n zeroed particles in one array; -1 when out of memory. */
int base_particles_init(struct base_particles *ps, size_t n);

/* base_particles_wipe - free the array; the store becomes empty. */
void base_particles_wipe(struct base_particles *ps);

/* base_particles_total_mass - the starter's hot loop, over the structs. */
double base_particles_total_mass(const struct base_particles *ps);

#endif
