/*
 * ops.h - what harness/judge.c and harness/subject.c say to each other
 * (lab 01).  The judge writes operations, one a line; the subject answers
 * each with one line that starts with the operation's name.
 *
 * The maps the student's code reads through common/maps.h are the
 * judge's own lines (a *scene*), or the process's real ones:
 *
 *   maps clear            -> maps clear      a new, empty scene
 *   maps live             -> maps live       the real /proc/self/maps
 *   maps fail             -> maps fail       ml_maps_find and ml_maps_each
 *                                            fail as if it were unreadable
 *   line S E PERMS OFF DEV INODE [PATH...]
 *                         -> line S E        one line of the scene (the
 *                                            subject sorts them by S)
 *   ask A                 -> ask A POOL      classify(A)
 *   live NAME             -> live NAME A POOL classify() of an object the
 *                                            subject made (names below)
 *   props P               -> props P NULL | props P OWNER LIFE INIT
 *   summary               -> summary RC B0 M0 B1 M1 ... (POOL_COUNT pairs)
 *   thread K SIZE         -> thread K OK     start thread K on a stack of
 *                                            SIZE bytes the subject mapped
 *                                            (SIZE 0: glibc's own stack)
 *   track K               -> track K RC      pool_track_thread(thread K)
 *   trackf K              -> trackf K RC FIRED   the same, the first
 *                                            malloc it makes failing
 *   forget K              -> forget K        pool_forget_thread(thread K)
 *   churn K N             -> churn K I       N times track + forget: I is
 *                                            the first that failed, or -1
 *   join K                -> join K          let thread K end, join it
 *   end                   -> end             the script is over
 *
 * An address A (and S, E) is a number (decimal or 0x-hex) or a symbol
 * plus or minus a number: @E (edata) and @N (end) of the executable, @TK
 * and @HK (the lowest byte of thread K's stack and one past its highest),
 * @LK and @SK (a local and a _Thread_local variable of thread K).  A PATH
 * that starts with @EXE, @LIBC or @LD starts with the real path of the
 * executable, of libc or of the dynamic loader (as the kernel prints it).
 *
 * Live objects: main etext literal const elf data bss bssend malloc24
 * malloc24end malloc4m local argv0 env hole holeend null fclose libcstr
 * file fileend.
 */
#ifndef OPS_H
#define OPS_H

#define OPS_LINE     512
#define OPS_MAPS     128   /* lines of one scene */
#define OPS_THREADS  40

#endif
