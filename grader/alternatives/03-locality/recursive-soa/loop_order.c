/*
 * alternative: walks the matrix with a pointer that only ever moves
 * forward, one row after another.
 *
 * loop_order.c - step 1: walk a 2-D array in the order it lies in memory.
 */
#include "locality.h"

void column_sums(const double *m, size_t rows, size_t cols, double *sums)
{
	const double *p = m, *end = m + rows * cols;

	for (size_t j = 0; j < cols; j++)
		sums[j] = 0.0;
	while (p < end)
		for (size_t j = 0; j < cols; j++)
			sums[j] += *p++;
}
