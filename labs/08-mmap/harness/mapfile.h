/*
 * mapfile.h - read a file through mmap; a buffer that ends against a
 * guard page.
 *
 * The contract between the student file (mapfile.c) and the grader's
 * harness (harness/subject.c runs it, harness/judge.c decides; each promise
 * below is named by a test of grader/08-mmap.bats).  Opening and counting
 * are two calls on purpose: the file can change between them, and the
 * grader truncates it there to prove that mf_count survives.
 *
 *   mf_open ──► struct mapped { data, size } ──► mf_count ──► mf_close
 *      │                 (fd already closed)        │
 *      └ open, fstat, mmap, close                  └ SIGBUS becomes EIO
 */
#ifndef MAPFILE_H
#define MAPFILE_H

#include <stddef.h>

/* A file mapped read-only.  Owner: whoever called mf_open; lifetime: until
 * mf_close.  A zeroed struct is a valid "closed" value. */
struct mapped {
	const char *data;   /* the file's first byte; NULL when size is 0 */
	size_t size;        /* the file's size when it was mapped */
};

/* What `wc` counts: newlines, words (runs of bytes that are not one of
 * " \t\n\v\f\r") and bytes. */
struct counts {
	size_t lines, words, bytes;
};

/*
 * mf_open - map the regular file at path read-only into *m.
 * Returns 0, or -1 with errno set (by open, fstat or mmap); on failure *m
 * is zeroed.  No descriptor stays open, whatever the outcome.  An empty
 * file gives { NULL, 0 } without calling mmap (mmap refuses length 0).
 */
int mf_open(struct mapped *m, const char *path);

/*
 * mf_count - count lines, words and bytes of the mapped file into *c.
 * Returns 0; or -1 with errno EIO when the file shrank after mf_open and a
 * page of the mapping lost its backing (the read raised SIGBUS); *c is
 * then unspecified.  The SIGBUS action and the signal mask are as the
 * caller left them when it returns.
 */
int mf_count(const struct mapped *m, struct counts *c);

/*
 * mf_close - unmap what mf_open mapped and zero *m.  Idempotent: closing a
 * closed or zeroed struct does nothing.
 */
void mf_close(struct mapped *m);

/*
 * guarded_alloc - n writable bytes whose last byte sits right before an
 * inaccessible (PROT_NONE) page, so writing one byte past them faults at
 * once.  The start is page-aligned only when n is a multiple of the page
 * size.  Returns NULL with errno set on failure (EINVAL when n is 0).
 */
void *guarded_alloc(size_t n);

/*
 * guarded_free - release what guarded_alloc(n) returned, guard included.
 * p may be NULL.  n must be the size given to guarded_alloc.
 */
void guarded_free(void *p, size_t n);

#endif
