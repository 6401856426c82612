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
	/* Rows outside, columns inside: consecutive loads are consecutive
	 * doubles, so each line loaded serves all its elements at once.  Every
	 * sums[j] still receives row 0, then row 1 ...: the same additions in
	 * the same order as column by column, hence the same bits.  sums (one
	 * row's worth) stays cached all along. */
	for (size_t j = 0; j < cols; j++)
		sums[j] = 0.0;
	for (size_t i = 0; i < rows; i++) {
		const double *row = m + i * cols;

		for (size_t j = 0; j < cols; j++)
			sums[j] += row[j];
	}
}
