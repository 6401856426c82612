/*
 * alternative: four rows per pass over sums, each added in its own
 * statement so that sums[j] still receives row i before row i + 1.
 *
 * loop_order.c - step 1: walk a 2-D array in the order it lies in memory.
 */
#include "locality.h"

#include <string.h>

void column_sums(const double *m, size_t rows, size_t cols, double *sums)
{
	size_t i = 0;

	memset(sums, 0, cols * sizeof(*sums));	/* all-zero bits are 0.0 */
	for (; i + 4 <= rows; i += 4) {
		const double *r = m + i * cols;

		for (size_t j = 0; j < cols; j++) {
			double s = sums[j];

			s += r[j];
			s += r[j + cols];
			s += r[j + 2 * cols];
			s += r[j + 3 * cols];
			sums[j] = s;
		}
	}
	for (; i < rows; i++)
		for (size_t j = 0; j < cols; j++)
			sums[j] += m[i * cols + j];
}
