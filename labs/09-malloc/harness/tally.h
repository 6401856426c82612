/*
 * tally.h - count, and on request fail, the allocation calls of the code
 * linked with it (lab 09's subject and logidx tool).
 *
 * Built with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free:
 * every such call in the student's file goes through the wrappers in
 * tally.c, which keep the live blocks and their malloc_usable_size, and
 * can make one chosen call fail the way malloc fails (NULL, errno ENOMEM).
 * They only count and report: what the numbers mean is the judge's call.
 */
#ifndef TALLY_H
#define TALLY_H

#include <stdbool.h>
#include <stddef.h>

struct tally {
	size_t calls;        /* malloc, calloc and realloc calls, failed ones too */
	size_t live_blocks;  /* blocks handed out and not freed */
	size_t live_bytes;   /* the sum of malloc_usable_size over them */
	size_t frees;        /* free calls with a block */
	size_t heap_peak;    /* the most heap glibc held (mallinfo2: arena +
	                        hblkhd), sampled every TALLY_SAMPLE_EVERY calls
	                        and after each request of TALLY_SAMPLE_BIG bytes
	                        or more (mallinfo2 walks every free list: it is
	                        too slow for every call) */
};

enum { TALLY_SAMPLE_EVERY = 65536, TALLY_SAMPLE_BIG = 64 * 1024 };

/* tally_sample - sample the heap now (the subject also does it after each
 * operation); returns what glibc holds, arena + hblkhd. */
size_t tally_sample(void);

extern struct tally tally;

/* tally_fail_at - make the k-th allocation call from now fail (k >= 1);
 * 0 disarms.  tally_fired says whether the armed failure happened. */
void tally_fail_at(size_t k);
bool tally_fired(void);

#endif
