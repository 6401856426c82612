/*
 * ops.h - what harness/judge.c and harness/subject.c say to each other
 * (lab 04).  The judge writes operations, one a line; the subject answers
 * each with one line that starts with the operation's name.  A string is
 * written as a token: '=' then its characters ("=" is the empty string);
 * the judge's strings use [A-Za-z0-9_] only.  S is a store: 0-3 a struct
 * kv of the stub's (kv_init/kv_wipe), 4-7 a pointer from kv_new.  B is a
 * struct buf of the stub's.  F, where allowed, is the index (from 1) of
 * the allocation call (malloc, calloc, realloc, strdup) that fails during
 * that one call of the student's function; FIRED says if it did.
 *
 *   begin NAME         -> begin NAME        the operations up to `end` run
 *   end                -> end               inside scenario_NAME (subject.c),
 *                                           the frame memcheck and ASan
 *                                           charge their errors to
 *   recover            -> recover           from now on a fatal signal ends
 *                                           only its scenario: `crash SIG`
 *                                           (memcheck's run, where it is safe)
 *   init S             -> init Z            kv_init on 0xa5 bytes; Z: all zero
 *   wipe S             -> wipe Z            kv_wipe; Z: all zero after
 *   wipenull           -> wipenull          kv_wipe(NULL)
 *   new S [F]          -> new OK Z FIRED    kv_new: non-NULL, all zero
 *   delete S           -> delete NULLED     kv_delete(&p): p is NULL after
 *                         delete skip       (p was left dangling: not called)
 *   deletenull         -> deletenull        kv_delete(NULL)
 *   set S K V [F]      -> set RET FIRED LEN OWNED        kv_set (K and V in
 *                                           buffers the stub frees after)
 *   sets S K V [F]     -> sets RET FIRED LEN OWNED VOFF  kv_set_static (K and V
 *                                           in the stub's static arena; VOFF:
 *                                           V's offset there)
 *   self S K [F]       -> self RET FIRED LEN OWNED   kv_set(K, kv_get(K))
 *   selfs S K [F]      -> selfs RET FIRED LEN OWNED  kv_set_static(K, kv_get(K))
 *   get S K            -> get FOUND OFF V   kv_get: OFF is the value's offset
 *                                           in the arena, -1 if outside
 *   del S K            -> del RET LEN OWNED kv_del
 *   bborrow B T N      -> bborrow SAME LEN OWNED          buf_init_borrowed(T, N)
 *   bcopy B T N [F]    -> bcopy RET FIRED SEP LEN OWNED TERM SAME WIPED
 *                                           buf_init_copy(T, N): SEP its own
 *                                           bytes, TERM a '\0' at N, SAME the
 *                                           bytes copied, WIPED {NULL, 0, false}
 *   bwipe B            -> bwipe Z           buf_wipe; Z: {NULL, 0, false}
 *   bwipenull          -> bwipenull         buf_wipe(NULL)
 *   (end of input)     -> done
 * An operation on a store that does not exist (kv_new gave NULL, or
 * kv_delete left the pointer dangling) answers `nostore`.
 */
#ifndef OPS_H
#define OPS_H

#define OPS_LINE      4096      /* longest line, either way */
#define OPS_MAX_TOKEN 1500      /* longest string */
#define OPS_STORES    8
#define OPS_BUFS      4
#define OPS_ARENA     (1 << 20) /* bytes of strings kv_set_static borrows */

#endif
