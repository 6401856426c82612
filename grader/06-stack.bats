# grader/06-stack.bats - checks for lab 06: the stack.
#
# The judge (labs/06-stack/harness/judge.c) writes a script of operations
# per run; the subject (walk.c + harness/subject.c) performs them in the
# sandbox and reports what happened; the judge decides.  The functional
# runs are native under a 256 KiB RLIMIT_STACK (valgrind would give the
# program 1 MiB of stack whatever the limit).  Memory errors have two
# observers: one memcheck run of all four steps (its errors filed by the
# scenario_* function of the subject they happened under, judged by
# grader/lib/memcheck.bash) and one AddressSanitizer run per step
# (subject-asan, detect_stack_use_after_return=1: a read of a popped frame
# that memcheck cannot see), whose report goes to stderr, a file of the
# grader's.  gcc compiles walk.c alone with -Walloca -Wvla -fstack-usage;
# walk.su, written in the sandbox's folder, is read with memlab_read_work.
#
# Map of walk.h's promises to the tests below:
#   walk_depth: "the number of nodes on the longest path ... 0 for an empty
#    tree, 1 for a lone node ... any shape, however deep, under a 256 KiB
#    stack"                                        step 1: depth
#   walk_depth: "(size_t)-1 if it runs out of memory"
#                                                  step 1: depth-oom, mem-depth
#   walk_note_init: "text \"depth 12\" for 12 ... stays valid until
#    walk_note_wipe, whatever happens to the caller's stack"; "a note owns
#    its text"                                     step 2: note-text, mem-note
#   walk_note_init: "text is NULL if memory ran out"  step 2: note-oom
#   walk_note_wipe: "release what *note owns and set text to NULL. Safe to
#    call twice, and on a note whose text is NULL" step 2: note-wipe, mem-note
#   walk_count_suffix: "how many ... end with suffix, ignoring ASCII case
#    ... any length; n may be large"               step 3: suffix, frames, noalloca
#   walk_count_suffix: "(size_t)-1 if it runs out of memory"
#                                                  step 3: suffix-oom, mem-suffix
#   walk_in_worker: "a new thread whose stack fits the job ... stores what
#    job returned in *result"                      step 4: worker-runs, worker-size
#   walk_in_worker: "Returns 0, or an error number from pthread_* (nothing
#    was run then)"                                step 4: worker-fail, mem-worker

load lib/memlab

# The soft stack limit of the native runs, in KiB (the judge says 256 too).
STACK_KB=256

# walk_alone - walk.c alone, at -O0, in one gcc call: -Walloca -Wvla as
# errors give the status, and -fstack-usage writes walk.su beside the
# object even when those errors stop the compile.  Straight into
# $MEMLAB_WORK (the sandbox's uid could not write a folder the grader made
# there).  walk.su was written in the sandbox's folder: read it only as a
# regular, size-capped file (a link or a FIFO planted there reads as
# nothing).
walk_alone() {
  memlab_observe walloca -- gcc -std=gnu11 -I"$MEMLAB_ROOT/common" -I"$MEMLAB_LAB_DIR/harness" \
    -O0 -fstack-usage -Walloca -Wvla -Werror=alloca -Werror=vla \
    -c -o "$MEMLAB_WORK/walk.o" "$MEMLAB_LAB_DIR/walk.c"
  memlab_read_work "$MEMLAB_WORK/walk.su" 65536 >"$OBS/walk.su" 2>/dev/null || rm -f "$OBS/walk.su"
}

setup_file() {
  memlab_setup_lab "$BUILD/subject" "$BUILD/subject-asan"
  memlab_ready || return 0
  memlab_inputs
  local run
  memlab_lane memlab_memcheck mc definite,indirect,possible --in "$OBS/mc.in" -- "$BUILD/subject"
  # ASan refuses RLIMIT_AS (--mem none) and is capped by its own option;
  # its report goes to stderr ($OBS/asanN.err, the grader's), and a report
  # ends the run with status 23.
  for run in 1 2 3 4; do
    cp "$OBS/mc$run.in" "$OBS/asan$run.in"
    memlab_lane memlab_observe "asan$run" --mem none -- env \
      ASAN_OPTIONS=detect_leaks=1:exitcode=23:hard_rss_limit_mb=1024:detect_stack_use_after_return=1 \
      "$BUILD/subject-asan"
  done
  for run in depth note suffix; do
    memlab_lane memlab_observe "$run" --stack "$STACK_KB" -- "$BUILD/subject"
  done
  # glibc keeps the stacks of finished threads and hands one out again to
  # a thread that asked for up to 4 times less: with no cache, the stack
  # the job measures is the one walk_in_worker asked for.
  memlab_lane memlab_observe worker --stack "$STACK_KB" -- env GLIBC_TUNABLES=glibc.pthread.stack_cache_size=0 \
    "$BUILD/subject"
  memlab_lane walk_alone
  memlab_verdict
}

setup() { memlab_require_build; }

@test "step 1: walk_depth is right on every shape of tree, a million levels deep too, under a 256 KiB stack" {
  memlab_property depth
}

@test "step 1: walk_depth returns (size_t)-1 when any of its allocations fails" {
  memlab_property depth-oom
}

@test "step 1: memcheck and AddressSanitizer find no error and no leak in walk_depth" {
  memlab_property mem-depth || return
  memlab_assert_memcheck_clean mc scenario_depth "walk_depth"
}

@test "step 2: each note keeps its own depth N text, off the stack, across later calls" {
  memlab_property note-text
}

@test "step 2: walk_note_wipe leaves text NULL and is safe twice and on a NULL text" {
  memlab_property note-wipe
}

@test "step 2: a note whose allocation failed has a NULL text" {
  memlab_property note-oom
}

@test "step 2: memcheck and AddressSanitizer find no error and no leak in the notes" {
  memlab_property mem-note || return
  memlab_assert_memcheck_clean mc scenario_note "walk_note_init and walk_note_wipe"
}

@test "step 3: walk_count_suffix counts any case, any length, 20,000 names under a 256 KiB stack" {
  memlab_property suffix
}

@test "step 3: walk_count_suffix returns (size_t)-1 when any of its allocations fails" {
  memlab_property suffix-oom
}

@test "step 3: walk.c compiles without alloca or variable-length arrays (-Walloca -Wvla)" {
  memlab_property noalloca
}

@test "step 3: every function in walk.c has a static frame of at most 1 KiB (-fstack-usage, -O0)" {
  memlab_property frames
}

@test "step 3: memcheck and AddressSanitizer find no error and no leak in walk_count_suffix" {
  memlab_property mem-suffix || return
  memlab_assert_memcheck_clean mc scenario_count "walk_count_suffix"
}

@test "step 4: walk_in_worker runs jobs needing 0 bytes to 4 MiB under a 256 KiB RLIMIT_STACK" {
  memlab_property worker-runs
}

@test "step 4: the worker's stack is sized to its job: at most 4 times its use, plus 64 KiB" {
  memlab_property worker-size
}

@test "step 4: when a pthread_* call fails, walk_in_worker returns its error and runs nothing" {
  memlab_property worker-fail
}

@test "step 4: memcheck and AddressSanitizer find no error and no leak in walk_in_worker" {
  memlab_property mem-worker || return
  memlab_assert_memcheck_clean mc scenario_worker "walk_in_worker"
}
