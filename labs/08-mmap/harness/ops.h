/*
 * ops.h - what harness/judge.c and harness/subject.c say to each other
 * (lab 08).  The judge writes operations, one a line; the subject answers
 * each with one line that starts with the operation's name (or "crash"),
 * followed by detail lines that start with two spaces.  Numbers are
 * decimal or 0x-hex; -1 is -1.
 *
 *   (at start)            -> start PAGE        the machine's real page size
 *   page P                -> page P            sysconf/getpagesize say P now
 *   file F SIZE SEED KIND LAST
 *                         -> file OK           write f-F (content.h's bytes)
 *   trunc F SIZE          -> trunc OK          truncate f-F to SIZE bytes
 *   open S F [FN K]       -> open R ERRNO DATA SIZE FIRED FDS MAPS
 *                            mf_open(slot S, f-F), *m full of garbage
 *                            before; with FN K, the K-th call of FN (open,
 *                            fstat, mmap, mprotect) fails, FIRED says it
 *                            did, and after it close and munmap leave
 *                            errno ENOTTY (subject.c says why);
 *                            FDS: descriptors new after the call; MAPS:
 *                            /proc/self/maps lines new or gone.  Details:
 *                            "  at LINE" (the maps line holding DATA),
 *                            "  fd+ N TARGET", "  map+ LINE", "  map- LINE"
 *   count S [u]           -> count R ERRNO LINES WORDS BYTES CAUGHT ACT FLAGS AMASK BLOCKED
 *                            mf_count(slot S) into garbage (u: into an
 *                            uninitialised struct, for memcheck; the
 *                            counts are 0 when R is not 0); CAUGHT 1:
 *                            the caller's own SIGBUS handler was reached;
 *                            then SIGBUS's action (ACT 0 SIG_DFL, 1 SIG_IGN,
 *                            2 the caller's handler, 3 another), its flags,
 *                            its sa_mask and the blocked signals (bit N-1
 *                            for signal N)
 *   tcount S [u]          -> tcount ...        the same, for a file that
 *                            the judge may have truncated
 *   fcount S FN K         -> fcount ... FIRED  the same as count, the K-th
 *                            call of FN (sigaction) failing
 *   nostdin               -> nostdin OK        the subject closes its
 *                            standard input (it has read the whole script):
 *                            the next open gets descriptor 0
 *   close S               -> close DATA SIZE   mf_close(slot S); *m after
 *   close2 S              -> close2 PROBE STILL DATA SIZE
 *                            the caller maps a page where slot S's data
 *                            was (PROBE 1; -1: that address was still
 *                            mapped; 0: no data), calls mf_close again,
 *                            and looks whether its page is STILL mapped
 *   close0                -> close0            mf_close of a zeroed struct
 *   mark                  -> mark N            remember /proc/self/maps
 *   diff                  -> diff MAPS         lines new or gone since mark
 *   sig MODE              -> sig MODE          SIGBUS's action becomes dfl,
 *                            ign or handler (SA_SIGINFO | SA_RESTART,
 *                            sa_mask {SIGUSR2}); SIGUSR1 blocked
 *   guard N [FN K]        -> guard P ERRNO FIRED FILL MAPS
 *                            guarded_alloc(N), FN K as for open;
 *                            FILL 1: the N bytes took a
 *                            pattern and gave it back; map+/map- details
 *   over                  -> over SIG ADDR     write p[N] of the last guard
 *                            (0 0: nothing happened)
 *   gfree                 -> gfree             guarded_free(last p, N)
 *   gfreenull N           -> gfreenull         guarded_free(NULL, N)
 *   any call that crashes -> crash SIG ADDR    SIGSEGV/SIGBUS in the call
 */
#ifndef OPS_H
#define OPS_H

#define OPS_SLOTS  8
/* The flags of SIGBUS's action the subject reports (SA_SIGINFO,
 * SA_ONSTACK, SA_RESTART, SA_NODEFER, SA_RESETHAND: glibc's own
 * SA_RESTORER is left out), and those of the caller's handler. */
#define OPS_FLAGS_SHOWN  0xd8000004u
#define OPS_CALLER_FLAGS 0x10000004u   /* SA_RESTART | SA_SIGINFO */

#endif
