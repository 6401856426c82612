# grader/07-brk.bats - checks for lab 07: a bump allocator on the program break.
#
# The judge (labs/07-brk/harness/judge.c) writes a script of operations per
# run; the subject (bump.c + harness/subject.c) performs them in the
# sandbox and reports what happened; the judge decides.  Whatever looks at
# the break runs natively: under valgrind brk gets a small area of its own.
# strace counts the brk calls from outside the sandbox.  memcheck is one
# more run, judged by grader/lib/memcheck.bash from its XML.
#
# Map of bump.h's promises to the tests below:
#   "at least n bytes, aligned on BUMP_ALIGN"           step 1: aligned; step 1: separate
#   "lies below the break and overlaps no other block"  step 1: separate; step 2: below, memcheck
#   "bump_alloc(0) returns an aligned pointer"          step 1: aligned (0 is in every run)
#   "NULL with errno == ENOMEM when the break cannot grow; the allocator
#    stays usable"                                      step 3: enomem, usable, huge
#   whole pages, only when a block does not fit         step 2: pages (64 KiB pages pretended)
#   "the break moves only when a block does not fit below `end`" (a block
#    ending exactly at end fits, even after malloc moved the break)
#                                                       step 2: foreign
#   "anyone else (malloc) has moved the break"          step 2: foreign; step 4: lowered
#   "bump_mark ... before the first bump_alloc, it is the current break"
#                                                       step 4: full
#   "bump_release ... the break goes back down to mark" step 4: full, partial
#   "the next block" after a release starts at the mark step 4: reuse
#   "a mark from an area the allocator has left releases everything in the
#    current area"                                      step 4: oldmark

load lib/memlab

setup_file() {
  memlab_setup_lab "$BUILD/subject"
  memlab_ready || return 0
  memlab_inputs
  local run
  memlab_lane memlab_memcheck mc definite --in "$OBS/mc.in" -- "$BUILD/subject"
  for run in layout layout16k layout64k foreign foreign-release release rlimit fault; do
    memlab_lane memlab_observe "$run" -- "$BUILD/subject"
  done
  memlab_lane memlab_observe count0 --strace brk -- "$BUILD/subject"
  memlab_lane memlab_observe count --strace brk -- "$BUILD/subject"
  memlab_verdict
}

setup() { memlab_require_build; }

@test "step 1: every block is 16-byte aligned, even when the break starts unaligned" {
  memlab_property align
}

@test "step 1: blocks do not overlap and keep their contents" {
  memlab_property separate
}

@test "step 2: every block lies wholly below the break" {
  memlab_property below
}

@test "step 2: 10,000 small allocations cost few brk system calls, whatever the page size" {
  memlab_property pages
}

@test "step 2: after malloc moved the break, your spare room is used first and no block overlaps malloc's memory" {
  memlab_property foreign
}

@test "step 2: memcheck sees no byte of a block beyond the break" {
  memlab_property below || return
  memlab_assert_memcheck_clean mc "" \
    "blocks filled up to the break (valgrind tracks the break to the byte), released and reused"
}

@test "step 3: once the break cannot grow, bump_alloc returns NULL with errno ENOMEM" {
  memlab_property enomem
}

@test "step 3: a request that fails leaves the allocator usable" {
  memlab_property usable
}

@test "step 3: an impossible request (SIZE_MAX bytes) returns NULL with errno ENOMEM" {
  memlab_property huge
}

@test "step 4: a full release puts the break back where it started" {
  memlab_property full
}

@test "step 4: a partial release lowers the break to the mark" {
  memlab_property partial
}

@test "step 4: memory released to a mark is handed out again" {
  memlab_property reuse
}

@test "step 4: release never lowers a break that malloc has moved" {
  memlab_property lowered
}

@test "step 4: releasing to a mark older than malloc's move never hands out malloc's memory" {
  memlab_property oldmark
}
