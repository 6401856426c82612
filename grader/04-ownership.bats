#!/usr/bin/env bats
# grader/04-ownership.bats - checks for lab 04: ownership and lifetime.
#
# The judge (labs/04-ownership/harness/judge.c) writes one script of
# operations from the seed: one scenario per property, then 500 random
# operations on keys that are prefixes of each other, empty and long.  The
# subject (kv.c + harness/subject.c) runs it three times: natively, under
# AddressSanitizer/LeakSanitizer (subject-asan), and under memcheck (every
# leak kind counts).  The judge checks every answer against a model of the
# store, and charges each tool's errors to the scenario_* frame on their
# stack: a property holds only when its answers are right in all three runs
# and neither tool saw an error in it.  Allocation failures are injected
# one call at a time (common/probe/fault.h).
#
# Map of harness/kv.h's promises to the tests below, by the judge's
# property id (memlab_property ID in each test):
#   buf_init_borrowed: "make b point at s[0..len) without copying"     borrow
#   buf_init_copy: "its own copy ... plus a final '\0'"; "-1 when out of
#     memory (b is then wiped: {NULL, 0, false})"                       copy
#   buf_wipe: "free b's bytes if b owns them"                           borrow, copy
#   buf_wipe: "leave b as {NULL, 0, false}"; "Accepts NULL; calling it
#     twice is harmless"                                                bufwipe
#   kv_init: "an empty store (all zero; nothing is allocated)"          wipe
#   kv_wipe: "free everything the store owns; leave *kv all zero";
#     "The bytes it borrowed are never freed"                           wipe
#   kv_wipe: "ready to use again"; "Accepts NULL; calling it twice is
#     harmless"                                                         rewipe
#   kv_new: "allocate and init"; "NULL when out of memory (nothing is
#     left allocated)"                                                  delete
#   kv_delete: "wipe and free the store *kvp"                           delete
#   kv_delete: "then set *kvp to NULL"; "calling it twice is harmless"  delete2
#   kv_delete: "Accepts kvp == NULL and *kvp == NULL"                   deletenull
#   kv_set: "a copy of val"; "the caller keeps key and val (they may be
#     freed right after the call)"; "A key already present keeps its
#     entry and its key bytes"; "A value that is replaced is freed if the
#     store owned it" (kv_set_static too)                               replace, model
#   kv_set: "val may be a pointer kv_get returned for key"              self
#   kv_set, kv_set_static: "-1 when out of memory: the store is then
#     unchanged ... and nothing is left allocated for this call"        fault
#   kv_set_static: "without copying either"; kv_get: "For a value set
#     with kv_set_static, the very pointer it was given"                replace, model
#   kv_get: "or NULL if there is none"; "Keys are compared as whole
#     strings ("ab" is not "abc"; "" is a key)"                         del, model
#   kv_del: "frees the entry and whichever of its bytes the store
#     owned"; "Returns 0, or -1 if key was not there"                   del
#   kv_len, kv_owned_bytes: exact after every kv_set, kv_set_static and
#     kv_del (checked in every scenario)                                all of them
#   every byte has an owner: nothing leaks, nothing is freed twice,
#     nothing is read after its free, in the whole run                  clean

load lib/memlab

# kv_memcheck - the memcheck run, with its status and verdict where the
# judge reads them.
kv_memcheck() {
  memlab_memcheck mc all --in "$OBS/mc.in" --out "$OBS/mc.out" --whole-out --err "$OBS/mc.err" \
    -- "$BUILD/subject"
  printf '%s\t%s\n' "$MEMLAB_STATUS" "$MEMLAB_WHY" >"$OBS/mc.status"
  cp "$BATS_FILE_TMPDIR/mc.verdict" "$BATS_FILE_TMPDIR/mc.errors" "$OBS/" 2>/dev/null || true
}

setup_file() {
  memlab_setup_lab "$BUILD/subject" "$BUILD/subject-asan"
  memlab_ready || return 0
  memlab_inputs
  # glibc writes its fatal messages ("free(): invalid pointer") to the
  # terminal unless LIBC_FATAL_STDERR_ is set: the judge quotes them.
  memlab_lane kv_memcheck
  memlab_lane memlab_observe run -- env LIBC_FATAL_STDERR_=1 "$BUILD/subject"
  memlab_lane memlab_observe asan --mem none --noexec -- \
    env ASAN_OPTIONS=detect_leaks=1:exitcode=23:hard_rss_limit_mb=1024 "$BUILD/subject-asan"
  memlab_verdict
}

setup() { memlab_require_build; }

@test "step 1: buf_wipe never frees borrowed bytes (a string literal, a static array)" {
  memlab_property borrow
}

@test "step 1: buf_init_copy makes an owned copy, and buf_wipe frees it" {
  memlab_property copy
}

@test "step 1: buf_wipe leaves {NULL, 0, false}, accepts NULL, and is harmless twice" {
  memlab_property bufwipe
}

@test "step 2: kv_wipe frees every entry and the array, and leaves the store all zero" {
  memlab_property wipe
}

@test "step 2: kv_wipe accepts NULL, is harmless twice, and the store works again after it" {
  memlab_property rewipe
}

@test "step 3: kv_delete frees the store and everything in it" {
  memlab_property delete
}

@test "step 3: delete twice is safe and leaves the pointer NULL" {
  memlab_property delete2
}

@test "step 3: kv_delete accepts NULL and a pointer to NULL" {
  memlab_property deletenull
}

@test "step 4: replacing a value frees the old one if, and only if, the store owned it" {
  memlab_property replace
}

@test "step 4: setting a key to its own value (kv_get's pointer) keeps the value" {
  memlab_property self
}

@test "step 4: when an allocation fails, kv_set returns -1, changes nothing and leaks nothing" {
  memlab_property fault
}

@test "step 5: kv_del frees the key it removes, never reads it afterwards, and finds only whole keys" {
  memlab_property del
}

@test "random operation sequences give a map's answers, with no memory error" {
  memlab_property model
}

@test "every block is freed and neither memcheck nor AddressSanitizer finds an error in the whole run" {
  memlab_property clean
}
