/*
 * ops.h - what harness/judge.c and harness/subject.c say to each other
 * (lab 06).  The judge writes operations, one a line; the subject answers
 * each with one line that starts with the operation's name.  With K, the
 * K-th call of the family (malloc covers calloc, realloc and strdup) made
 * during the student's call fails (common/probe/fault.h); FIRED says
 * whether it did.
 *
 *   (at start)          -> start
 *   depth SHAPE A B [K] -> depth GOT FIRED       walk_depth on a tree the
 *                          subject builds (SHAPE: see below); GOT as an
 *                          unsigned number ((size_t)-1 too)
 *   note D [K]          -> note I FIRED           walk_note_init(new note I, D)
 *   scribble            -> scribble               calls that write over the
 *                                                 dead part of the stack
 *   read I              -> read PTR ONSTACK TEXT  note I's text: its address,
 *                          1 if it lies in [stack], its bytes with anything
 *                          but [A-Za-z0-9.] as \xNN ("-" for NULL)
 *   wipe I              -> wipe PTR               walk_note_wipe(note I), then
 *                                                 its text pointer
 *   name TEXT           -> name N                 append a name (N: how many)
 *   names N LEN C END   -> names N                append N names: LEN times
 *                          the byte C (a letter), then END ("-": nothing)
 *   count SUFFIX [K]    -> count GOT FIRED        walk_count_suffix(names,
 *                          n, SUFFIX) ("-": the empty suffix)
 *   clear               -> clear                  forget the names
 *   page P              -> page P                 pretend pages of P bytes
 *                          (sysconf, getpagesize; 0: the machine's own)
 *   worker NEED [F K]   -> worker ERR RAN SIZE USED FAULT MAPS FIRED
 *                          walk_in_worker on a job that uses NEED bytes of
 *                          stack; F: pthread_create, mmap, mprotect,
 *                          pthread_attr_init, pthread_attr_setstacksize or
 *                          pthread_attr_setstack.  ERR: what it
 *                          returned; RAN: the job ran and its result came
 *                          back; SIZE: the worker's stack as the job read
 *                          it; USED: from its top to the deepest byte the
 *                          job reached; FAULT: 1 if the job overflowed
 *                          (SIGSEGV caught on an alternate stack); MAPS:
 *                          mappings after the call minus before
 *   nomaps              (no answer)               MAPS reads 0 from now on:
 *                          the memcheck run's first line (its answers are
 *                          not read, and under valgrind /proc/self/maps
 *                          is long: counting it took a quarter of the run)
 *   signals             -> signals SAME           1 if the SIGSEGV and SIGBUS
 *                          dispositions, the signal mask and the alternate
 *                          stack are as they were at start
 *
 * Shapes (N nodes on the long path unless said):
 *   empty 0 0, lone 0 0, left N 0, right N 0, zigzag N 0 (left first),
 *   zagzig N 0 (right first), combl N 0 (a left chain, a right leaf on
 *   each node: depth N + 1), combr N 0, stair N M (N lefts then M
 *   rights), broom N H (a right chain ending in a complete tree of height
 *   H), bush H 0 (a complete tree of height H)
 */
#ifndef OPS_H
#define OPS_H

#define OPS_LINE       16384
#define OPS_MAX_NOTES  256
#define OPS_MAX_NAMES  65536
#define OPS_JOB_LEVEL  1024    /* the job's frame per level is at most this */

#endif
