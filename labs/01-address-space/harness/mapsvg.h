/*
 * mapsvg.h - draw this process's address space as an SVG picture (lab 01's
 * demo, `make map`): every mapping of /proc/self/maps as a band coloured
 * by the pool your classify() gives it, high addresses at the top, the
 * gaps between mappings squeezed to one row that says how big they are,
 * and the addresses the demo printed marked beside their band.
 */
#ifndef MAPSVG_H
#define MAPSVG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One address to mark on the picture, and what lives there. */
struct map_mark {
	const char *what;
	uintptr_t addr;
};

/* map_svg - write the picture to path; false (errno set) if it cannot. */
bool map_svg(const char *path, const struct map_mark *marks, size_t nmarks);

#endif
