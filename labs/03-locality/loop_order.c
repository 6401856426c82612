/*
 * loop_order.c - step 1: walk a 2-D array in the order it lies in memory.
 *
 * You edit this file.
 * What you will learn: a row-major array is read one cache line at a time;
 * walking it down its columns uses one double of each line it loads, and
 * walking it along its rows uses all of them (spatial locality).
 * What to edit: column_sums, at TODO 1 (step 1 of README.md).
 * Check your work: make grade LAB=03 (from the project's root); see the
 * effect with make run LAB=03.
 * Man pages: none; read locality.h (harness/) for the contract.
 */
#include "locality.h"

void column_sums(const double *m, size_t rows, size_t cols, double *sums)
{
	/*
	 * TODO 1: give the same sums, reading m in the order it lies in
	 * memory: row 0 from left to right, then row 1, and so on.  Each
	 * sums[j] must still add the rows top to bottom, from 0.0.
	 * Today the outer loop runs over columns: the inner loop jumps cols
	 * doubles from one load to the next, uses 8 bytes of each cache line
	 * and leaves the rest to be evicted before the next column needs it.
	 * The grader counts about one L1d miss per element here; once this
	 * reads by rows, one per line (8 or 16 elements).
	 */
	for (size_t j = 0; j < cols; j++) {
		double s = 0.0;

		for (size_t i = 0; i < rows; i++)
			s += m[i * cols + j];
		sums[j] = s;
	}
}
