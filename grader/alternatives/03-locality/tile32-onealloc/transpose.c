/*
 * alternative: a fixed 32 x 32 tile (256 bytes a tile row: two 128-byte
 * lines, four 64-byte ones), walked with the tiles of dst in row order.
 *
 * transpose.c - step 2: a blocked (tiled) transpose.
 */
#include "locality.h"

#define TILE 32

void transpose(double *dst, const double *src, size_t rows, size_t cols)
{
	for (size_t jj = 0; jj < cols; jj += TILE)
		for (size_t ii = 0; ii < rows; ii += TILE) {
			size_t jend = jj + TILE < cols ? jj + TILE : cols;
			size_t iend = ii + TILE < rows ? ii + TILE : rows;

			for (size_t i = ii; i < iend; i++)
				for (size_t j = jj; j < jend; j++)
					dst[j * rows + i] = src[i * cols + j];
		}
}
