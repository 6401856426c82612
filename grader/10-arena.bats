# grader/10-arena.bats - checks for lab 10: an arena allocator of your own.
#
# The judge (labs/10-arena/harness/judge.c) writes the operation sequences
# and follows them with its model; the subject (arena.c +
# harness/subject.c) performs them and reports.  The planted misuses
# (harness/misuse.c) are the judge's programs linked with arena.c: memcheck
# runs them all at once (its XML judged by grader/lib/memcheck.bash, its
# error table handed to the judge), AddressSanitizer one per process.
# callgrind's logs go to a descriptor the program cannot write.
#
# Map of arena.h's promises to the tests below:
#   "aligned on ARENA_MIN_ALIGN ... on align"; "EINVAL for any other align"
#   (a power of two up to the page: pages of 4, 16 and 64 KiB)
#                                                step 1: aligned
#   "Blocks never overlap, and each is followed by ARENA_REDZONE bytes"
#                                                step 1: separate
#   "When a block does not fit, a new chunk is mapped"; "chunks are
#   chunk_size bytes (rounded up to whole pages; at least one page)";
#   arena_alloc_aligned is "the same" as arena_alloc for an align up to 16
#   (a block that fits a chunk exactly); arena_info's chunks and mapped
#                                                step 2: grow
#   "a request bigger than a quarter of a chunk gets a mapping of its own"
#   (and one of exactly a quarter does not)      step 2: own
#   "ENOMEM when memory runs out (the arena is then unchanged)": arena_new
#   with malloc failing or a chunk no mapping can hold, arena_alloc with
#   mmap failing or a size near SIZE_MAX, arena_push with mmap failing
#                                                step 2: enomem
#   "arena_pop releases every block allocated since the matching push"
#                                                step 3: reuse, release
#   "Chunks left empty by a pop are unmapped"; arena_info after a pop;
#   arena_delete "unmap everything ... set *ap to NULL"
#                                                step 3: release
#   "except one kept as a spare"                 step 3: spare
#   "-1 with errno EINVAL when no frame is open" step 3: nopop
#   "This is the call that must be cheap"        step 3: speed
#   tools.h: the tools see the arena's blocks    step 4: memcheck, asan, clean

bats_require_minimum_version 1.5.0
load lib/memlab

# arena_callgrind NAME MODE TOGGLES... - bench MODE under callgrind, its log
# on valgrind's own descriptor, kept in $OBS/NAME.log for the judge.
arena_callgrind() {
  local name=$1 mode=$2 toggles=()
  shift 2
  for t in "$@"; do toggles+=("--toggle-collect=$t"); done
  memlab_run --cpu 20 --wall 40 --xml "$OBS/$name.log" --out "$OBS/$name.out" --err "$OBS/$name.err" -- \
    valgrind --tool=callgrind "--log-fd=$MEMLAB_XML_FD" --callgrind-out-file=/dev/null \
    "${toggles[@]}" "$BUILD/bench" "$mode" 50000
  printf '%s\t%s\n' "$MEMLAB_STATUS" "$MEMLAB_WHY" >"$OBS/$name.status"
}

# arena_misuse_memcheck - the planted misuses under memcheck, the error
# table and the verdict on the report where the judge reads them.
arena_misuse_memcheck() {
  memlab_memcheck misuse definite -- "$BUILD/subject-misuse" all
  cp "$BATS_FILE_TMPDIR/misuse.errors" "$BATS_FILE_TMPDIR/misuse.verdict" "$OBS/" 2>/dev/null || true
}

setup_file() {
  memlab_setup_lab "$BUILD/subject" "$BUILD/subject-misuse" "$BUILD/subject-misuse-asan" "$BUILD/bench"
  memlab_ready || return 0
  memlab_inputs
  memlab_lane memlab_memcheck mc definite --in "$OBS/contract.in" -- "$BUILD/subject"
  memlab_lane arena_misuse_memcheck
  memlab_lane arena_callgrind bench-glibc glibc malloc free
  memlab_lane arena_callgrind bench-arena arena arena_alloc arena_push arena_pop
  local s
  for s in use-after-pop overflow right; do
    memlab_lane memlab_observe "misuse-$s" --noexec --mem none -- env \
      ASAN_OPTIONS=detect_leaks=1:exitcode=23:hard_rss_limit_mb=512 \
      "$BUILD/subject-misuse-asan" "$s"
  done
  memlab_lane memlab_observe contract -- "$BUILD/subject"
  memlab_lane memlab_observe fault -- "$BUILD/subject"
  memlab_verdict
}

setup() { memlab_require_build; }

@test "step 1: every block is aligned, and a bad alignment gives EINVAL" {
  memlab_property aligned
}

@test "step 1: blocks never overlap, nor the red zone after another block" {
  memlab_property separate
}

@test "step 2: the arena grows chunk by chunk and hands out every block asked for" {
  memlab_property grow
}

@test "step 2: a big request gets a mapping of its own" {
  memlab_property own
}

@test "step 2: when memory runs out, the arena says ENOMEM, changes nothing and still works" {
  memlab_property enomem
}

@test "step 3: a frame pushed again after its pop gives the same addresses" {
  memlab_property reuse
}

@test "step 3: a pop unmaps what its frame mapped but one spare chunk, and arena_delete unmaps all" {
  memlab_property release
}

@test "step 3: a frame crossing a chunk's edge maps nothing after its first turn" {
  memlab_property spare
}

@test "step 3: arena_pop with no frame open fails with EINVAL" {
  memlab_property nopop
}

@test "step 3: an allocation costs a tenth of malloc+free's instructions" {
  memlab_property speed
}

@test "step 4: memcheck sees a use after pop, an overflow and an uninitialised read" {
  memlab_property memcheck-sees
}

@test "step 4: AddressSanitizer sees a use after pop and an overflow" {
  memlab_property asan-sees
}

@test "step 4: memcheck finds no error and no leak in correct use of the arena" {
  # Clean means something once the tools are told where the blocks are
  # (an arena memcheck knows nothing of is always "clean").
  memlab_property memcheck-sees || return
  memlab_assert_memcheck_clean mc
}
