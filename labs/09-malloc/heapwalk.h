/*
 * heapwalk.h - walk glibc's main heap chunk by chunk, and draw it.
 *
 * glibc lays the brk heap out as chunks end to end, from the start of
 * [heap] to the top chunk that ends at the break:
 *
 *   [heap] start                                              break
 *   | size|block....| size|block.........| size|block..| top....|
 *
 * Each size field (the word before a block) gives the distance to the next
 * chunk; the next chunk's PREV_INUSE bit says whether this one is in use.
 * Chunks in the per-thread cache and the fast bins still look "in use"
 * (glibc keeps them aside without clearing the bit), so the caller says
 * which blocks its program still holds.  Works on glibc's ptmalloc only,
 * natively (valgrind replaces malloc), and reads memory no C rule allows
 * us to read: it is a debugging picture, not a technique.
 */
#ifndef HEAPWALK_H
#define HEAPWALK_H

#include <stdbool.h>
#include <stddef.h>

enum hw_state {
	HW_LIVE,    /* the caller still holds it */
	HW_CACHED,  /* the caller freed it; glibc keeps it aside (tcache, fastbin) */
	HW_FREE,    /* in glibc's bins: merged with its free neighbours */
	HW_OTHER,   /* in use, not the caller's (stdio's buffers, glibc's own) */
	HW_TOP,     /* the top chunk, at the break: what trimming gives back */
	HW_STATES
};

/* The caller's view: is the block at this address one it still holds,
 * one it freed, or none of its own?  (0 live, 1 freed, -1 not ours) */
typedef int (*hw_owner_fn)(const void *block);

struct hw_totals {
	size_t chunks, bytes[HW_STATES];
};

/* chunk_size_field - the word before block p: its size and flag bits. */
__attribute__((access(none, 1))) size_t chunk_size_field(const void *p);

/*
 * hw_svg - walk the main heap and write it to path as an SVG picture, one
 * band per chunk, coloured by state, titled title.  Returns false (and
 * writes nothing) when the heap cannot be found or the walk does not land
 * exactly on the top chunk; *t, if not NULL, gets the totals.
 */
bool hw_svg(const char *path, const char *title, hw_owner_fn owner, struct hw_totals *t);

#endif
