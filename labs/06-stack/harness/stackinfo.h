/*
 * stackinfo.h - where the calling thread's stack is, and catching its
 * overflow (shared by the demo and the grader's harness of lab 06).
 *
 *   high addresses
 *   +---------------------------+ <- hi: the top; the first frame is here
 *   | frames, growing down  |   |
 *   |                       v   |
 *   +---------------------------+ <- lo: the lowest byte a frame may use
 *   | guard: no access (---p)   |    an overflow faults here: SIGSEGV
 *   +---------------------------+ <- lo - guard
 *   low addresses
 *
 * A SIGSEGV caused by a stack overflow cannot be handled on the stack that
 * overflowed: there is no room left for the handler's frame.  So the
 * handler runs on an alternate signal stack (sigaltstack), which is set per
 * thread.
 */
#ifndef STACKINFO_H
#define STACKINFO_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The calling thread's stack, as pthread_getattr_np(3) reports it. */
struct si_stack {
	uintptr_t lo, hi;         /* [lo, hi): the part frames may use */
	size_t size;              /* hi - lo */
	size_t guard;             /* bytes of no-access guard below lo */
};

/* si_stack_of_self - fill *st for the calling thread.
 * Returns false (and leaves *st zeroed) if pthread_getattr_np fails. */
bool si_stack_of_self(struct si_stack *st);

/* si_fmt_size - "256 KiB", "8 MiB" or "1234 bytes" into buf; returns buf. */
const char *si_fmt_size(char *buf, size_t bufsize, size_t bytes);

/*
 * Catching an overflow in the calling thread:
 *
 *	if (!si_catch_begin())                  // sets up the alternate stack
 *		...
 *	if (sigsetjmp(*si_catch_env(), 1) == 0)
 *		deep_work();                     // may overflow
 *	else
 *		fault = si_catch_fault();        // the SIGSEGV's address
 *	si_catch_end();
 *
 * si_catch_begin - install the SIGSEGV handler (once per process) and an
 * alternate signal stack for the calling thread, and arm the catch.
 * Returns false if memory or sigaltstack failed.
 */
bool si_catch_begin(void);

/* si_catch_env - the jump buffer the handler returns to (per thread). */
sigjmp_buf *si_catch_env(void);

/* si_catch_fault - the faulting address of the caught SIGSEGV, 0 if none. */
uintptr_t si_catch_fault(void);

/* si_catch_end - disarm, remove and free the alternate stack. */
void si_catch_end(void);

#endif
