/*
 * demo.h - what the parts of lab 09's demo share.
 *
 * The demo is one program in five sections (demo.c runs them in order); each
 * section lives in the file named after it, and these helpers in demo.c.
 */
#ifndef DEMO_H
#define DEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* glibc's flag bits in the size field just before a block (malloc.c). */
#define CHUNK_PREV_INUSE     0x1   /* the chunk before this one is in use */
#define CHUNK_IS_MMAPPED     0x2   /* this chunk is a mapping of its own */
#define CHUNK_NON_MAIN_ARENA 0x4   /* this chunk belongs to a thread's arena */

/* chunk_size_field - the word glibc keeps just before the block p (in
 * heapwalk.c: out of line, so that gcc's bounds checks do not see that we
 * read outside the block on purpose). */
__attribute__((access(none, 1))) size_t chunk_size_field(const void *p);

/* keep - make the compiler believe p is used (gcc drops a malloc whose
 * block is only freed, and the demo wants the real calls). */
static inline void keep(const void *p)
{
	__asm__ volatile("" : : "r"(p) : "memory");
}

/* rss_kib - this process's resident set in KiB (/proc/self/statm). */
long rss_kib(void);
/* flags_text - the three flag bits of a size field, spelled out. */
const char *flags_text(size_t field);
/* maps_line_of - the /proc/self/maps line holding addr (a number: the block may be freed), or "(in no mapping)". */
const char *maps_line_of(uintptr_t addr);
/*
 * in_child - run fn(arg) in a child process, its stderr merged into its
 * stdout and every line it prints shown as it comes, prefixed by "   | ";
 * returns the wait status (and prints how the child ended if by a signal).
 */
int in_child(void (*fn)(void *arg), void *arg);
/* out_dir - the folder the demo's program file is in (build/09-malloc),
 * where it writes its pictures. */
const char *out_dir(void);

void section_chunk(void);
void section_sources(const char *self);
void section_fragmentation(void);
void section_threads(void);
void section_allocators(const char *self);

#endif
