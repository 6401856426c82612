/*
 * alternative: a recursive transpose that halves the longer side until a
 * block is at most one line square; the cuts fall on line boundaries, so
 * the blocks of a matrix whose rows are whole lines are whole lines too.
 *
 * transpose.c - step 2: a blocked transpose, by recursion.
 */
#include "locality.h"
#include "sysinfo.h"

/* block - transpose src rows [r0, r1) x cols [c0, c1) into dst. */
static void block(double *dst, const double *src, size_t rows, size_t cols,
		  size_t r0, size_t r1, size_t c0, size_t c1, size_t per_line)
{
	if (r1 - r0 <= per_line && c1 - c0 <= per_line) {
		for (size_t i = r0; i < r1; i++)
			for (size_t j = c0; j < c1; j++)
				dst[j * rows + i] = src[i * cols + j];
	} else if (r1 - r0 >= c1 - c0) {
		/* about the middle, on a line boundary (rounded up) */
		size_t mid = r0 + ((r1 - r0) / 2 + per_line - 1) / per_line * per_line;

		if (mid >= r1)
			mid = r0 + (r1 - r0) / 2;
		block(dst, src, rows, cols, r0, mid, c0, c1, per_line);
		block(dst, src, rows, cols, mid, r1, c0, c1, per_line);
	} else {
		size_t mid = c0 + ((c1 - c0) / 2 + per_line - 1) / per_line * per_line;

		if (mid >= c1)
			mid = c0 + (c1 - c0) / 2;
		block(dst, src, rows, cols, r0, r1, c0, mid, per_line);
		block(dst, src, rows, cols, r0, r1, mid, c1, per_line);
	}
}

void transpose(double *dst, const double *src, size_t rows, size_t cols)
{
	size_t per_line = ml_cache_line_size(NULL) / sizeof(double);

	if (rows && cols)
		block(dst, src, rows, cols, 0, rows, 0, cols, per_line ? per_line : 8);
}
