/*
 * maps.h - find the /proc/self/maps line that holds an address.
 *
 * This is the raw lookup every demo uses to show where something lives.  It
 * says nothing about *which pool* a line belongs to: telling the break heap
 * from an anonymous mmap, or the executable from a library, is the work of
 * lab 01's exercise.
 */
#ifndef ML_MAPS_H
#define ML_MAPS_H

#include <stdbool.h>
#include <stdint.h>

/* One line of /proc/self/maps, parsed. */
struct ml_map {
	uintptr_t start, end;     /* [start, end): end is one past the last byte */
	char perms[5];            /* "r-xp" and the like */
	unsigned long long offset;
	char path[256];           /* file, "[heap]", "[stack]", or "" (anonymous) */
	char line[512];           /* the line as the kernel printed it, no '\n' */
};

/*
 * ml_maps_find - fill *out with the mapping that contains addr.
 * Returns true when found, false when addr lies in no mapping (or the file
 * cannot be read).  Reads /proc/self/maps afresh on every call.
 */
bool ml_maps_find(const void *addr, struct ml_map *out);

/*
 * ml_maps_each - call fn on every mapping, in address order, until it
 * returns false.  Returns false if /proc/self/maps could not be read.
 */
bool ml_maps_each(bool (*fn)(const struct ml_map *m, void *arg), void *arg);

#endif
