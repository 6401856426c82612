/*
 * done.h - how a harness program tells the grader it reached its verdict.
 *
 * A harness reports a broken property through its exit status.  Student
 * code runs in the same process, so a stray exit(0) (or _exit(0) in a
 * constructor) would end the program with "success" before the harness
 * checked anything.  So the grader names a file in MEMLAB_DONE, and only a
 * harness that reaches its verdict creates it: every program built by
 * labs/lab.mk has its main() wrapped (-Wl,--wrap=main) so that returning
 * from main does, and a harness that must stop early calls ml_exit().
 * A run whose file is missing is a failure, whatever its status.
 * Without MEMLAB_DONE (a demo run by hand) nothing changes.
 */
#ifndef ML_DONE_H
#define ML_DONE_H

/*
 * ml_exit - end the program with its verdict STATUS: flush stdio, create
 * the MEMLAB_DONE file (if the grader asked for one) and _exit, so that no
 * atexit handler or destructor of student code runs after the verdict (one
 * could otherwise change it).
 */
_Noreturn void ml_exit(int status);

/* ml_exit_now - ml_exit without the flush: async-signal-safe, for a
 * harness's signal handler. */
_Noreturn void ml_exit_now(int status);

#endif
