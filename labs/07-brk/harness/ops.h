/*
 * ops.h - what harness/judge.c and harness/subject.c say to each other
 * (lab 07).  The judge writes operations, one a line; the subject answers
 * each with one line that starts with the operation's name.  Numbers are
 * decimal or 0x-hex.
 *
 *   (at start)   -> start BRK            the break before anything
 *   page P       -> page P               sysconf and getpagesize say P
 *   shift N      -> shift OK BRK         sbrk(N), to leave the break unaligned
 *   alloc N [K]  -> alloc P ERRNO BRK WROTE FIRED
 *                   bump_alloc(N): P, errno when P is NULL, the break
 *                   after, whether the stub filled the block (it lay
 *                   below the break), whether the K-th growing sbrk of
 *                   this call was made to fail
 *   fill I [K]   -> fill N P ERRNO BRK WROTE FIRED
 *                   like alloc, for N = the break when mark I was taken
 *                   minus mark I rounded up to BUMP_ALIGN: the spare room
 *                   that exactly fills the area as it was then
 *   mark         -> mark M               bump_mark()
 *   release I    -> release BRK          bump_release(the I-th mark)
 *   malloc N     -> malloc P BRK         glibc's malloc, block filled
 *   verify       -> verify B M           the first written block, and the
 *                                        first malloc block, whose bytes
 *                                        changed (-1: none)
 *   limit KB     -> limit OK BRK         RLIMIT_DATA = VmData + KB KiB
 *   count N      -> count GOT            N blocks of 1..16 bytes, quietly
 */
#ifndef OPS_H
#define OPS_H

#define OPS_LINE        128
#define OPS_MAX_BLOCKS  8192
#define OPS_MAX_MARKS   64
#define OPS_MAX_MALLOCS 64

#endif
