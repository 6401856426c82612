/*
 * fault.h - for a lab's subject (harness/subject.c): make the n-th call of
 * an allocation or system call fail, and make the machine look like
 * another (16 or 64 KiB pages, 128-byte lines).
 *
 * The subject is linked with common/probe/fault.c and $(PROBE_LDFLAGS)
 * (labs/lab.mk): the linker's --wrap sends every call that the program's
 * own objects (the student's among them) make to malloc, calloc, realloc,
 * strdup, mmap, mprotect, open, pthread_create, sbrk, sysconf and
 * getpagesize through a wrapper here.  (Calls made inside the C library,
 * such as fopen's own malloc, are not seen.)
 *
 * The judge decides which call fails: its input script tells the stub,
 * which arms a fault right before calling the student's function and
 * disarms it right after.  A failing call returns what the real one
 * returns on failure (NULL, MAP_FAILED, -1, (void *)-1, an error number
 * for pthread_create) with errno ENOMEM (EMFILE for open, EAGAIN for
 * pthread_create).
 */
#ifndef ML_FAULT_H
#define ML_FAULT_H

#include <stdbool.h>
#include <stddef.h>

enum ml_fault_fn {
	ML_F_MALLOC,     /* malloc, calloc, realloc, strdup: any allocation */
	ML_F_MMAP,
	ML_F_MPROTECT,
	ML_F_OPEN,
	ML_F_PTHREAD_CREATE,
	ML_F_SBRK,
	ML_F_COUNT
};

/* ml_fault_fn_named - the function family called name ("malloc", "mmap",
 * "mprotect", "open", "pthread_create", "sbrk"), or -1. */
int ml_fault_fn_named(const char *name);

/* ml_fault_arm - from now on, count the calls of fn; the nth (from 1)
 * fails.  nth == 0 only counts. */
void ml_fault_arm(enum ml_fault_fn fn, long nth);
/* ml_fault_disarm - stop failing and counting; returns how many calls of
 * fn were made since ml_fault_arm. */
long ml_fault_disarm(enum ml_fault_fn fn);
/* ml_fault_fired - whether the armed failure happened since the arm. */
bool ml_fault_fired(enum ml_fault_fn fn);

/* ml_zero_null - while on, malloc(0), and calloc with a count or a size
 * of 0, return NULL (errno untouched), as the C standard allows and some
 * C libraries do: code that takes that NULL for "out of memory" fails a
 * request for nothing, which glibc would have hidden. */
void ml_zero_null(bool on);

/* ml_pretend - make sysconf(_SC_PAGESIZE), getpagesize() and
 * sysconf(_SC_LEVEL1_DCACHE_LINESIZE) report page and line (0: the
 * machine's own). */
void ml_pretend(size_t page, size_t line);

#endif
