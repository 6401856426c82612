/*
 * baseline.c - the starter's three functions under other names (see
 * baseline.h): the yardstick the demo measures the student's code against.
 */
#include "baseline.h"

#include <stdlib.h>

void base_column_sums(const double *m, size_t rows, size_t cols, double *sums)
{
	for (size_t j = 0; j < cols; j++) {
		double s = 0.0;

		for (size_t i = 0; i < rows; i++)
			s += m[i * cols + j];
		sums[j] = s;
	}
}

void base_transpose(double *dst, const double *src, size_t rows, size_t cols)
{
	for (size_t i = 0; i < rows; i++)
		for (size_t j = 0; j < cols; j++)
			dst[j * rows + i] = src[i * cols + j];
}

int base_particles_init(struct base_particles *ps, size_t n)
{
	ps->n = n;
	ps->items = calloc(n ? n : 1, sizeof(*ps->items));
	return ps->items ? 0 : -1;
}

void base_particles_wipe(struct base_particles *ps)
{
	free(ps->items);
	ps->items = NULL;
	ps->n = 0;
}

double base_particles_total_mass(const struct base_particles *ps)
{
	double total = 0.0;

	for (size_t i = 0; i < ps->n; i++)
		total += ps->items[i].mass;
	return total;
}
