# grader/01-address-space.bats - checks for lab 01: which pool does an address come from?
#
# The judge (labs/01-address-space/harness/judge.c) writes the script: maps
# lines of its own (scenes in which it knows every answer by construction:
# holes, boundaries, [anon:...] names, [vvar_vclock], deleted files, paths
# with spaces, the executable's and the libraries' lines, .bss and thread
# stacks placed around the real edata, end and stacks), plus objects the
# subject makes in the real maps.  The subject (classify.c +
# harness/subject.c) feeds those lines to classify.c through common/maps.h
# and reports its answers; the judge decides.  Answers are judged natively
# (valgrind drops the [heap] and [stack] labels); memcheck and
# AddressSanitizer run the same script for memory errors.
#
# Map of classify.h's promises to the tests below:
#   pool_props: the table; NULL when p is not a pool      step 1: props
#   each row of the table of lines and pools               step 2: labels (kernel labels,
#                                                          anonymous, named, files; "any
#                                                          other [name]": [anon] and
#                                                          [anon_shmem] too), step 3: exe
#                                                          (perms, .bss overlap), step 4: library,
#                                                          step 5: thread
#   "[start, end) holds its first and last byte, not end"  step 2: bounds
#   "POOL_UNMAPPED when no mapping holds it, or the maps
#    cannot be read"                                       step 2: bounds
#   "a name changes nothing" (glibc's decorated maps)      step 2: labels; step 5: thread
#                                                          (also a run with decorate_maps=1)
#   track: "[lowest, lowest + size), one past the end is
#    not in it"; forget: "unknown t is ignored"            step 5: thread
#   "at least 16 at once; a forgotten thread's room is
#    free again"; returns -1 when it cannot track          step 5: capacity
#   pool_summary: bytes and lines per pool, first byte,
#    from zeros; -1 when the maps cannot be read           step 6: summary
#   no memory error or leak                                memcheck and AddressSanitizer

load lib/memlab

setup_file() {
  memlab_setup_lab "$BUILD/subject" "$BUILD/subject-asan"
  memlab_ready || return 0
  memlab_inputs
  memlab_lane memlab_memcheck mc all --in "$OBS/mc.in" -- "$BUILD/subject"
  memlab_lane memlab_observe main -- "$BUILD/subject"
  # glibc 2.39 and later name thread stacks and arenas with this tunable.
  memlab_lane memlab_observe decorated -- env GLIBC_TUNABLES=glibc.mem.decorate_maps=1 "$BUILD/subject"
  # ASan refuses RLIMIT_AS (--mem none) and is capped by its own option;
  # its report goes to stderr, and a report ends the run with status 23.
  memlab_lane memlab_observe asan --mem none -- env \
    ASAN_OPTIONS=detect_leaks=1:exitcode=23:hard_rss_limit_mb=1024 "$BUILD/subject-asan"
  memlab_verdict
}

setup() { memlab_require_build; }

@test "step 1: each pool has the owner, lifetime and initial content of the handout's table" {
  memlab_property props
}

@test "step 2: the kernel's labels are read right: [heap], [stack], anonymous lines named or not, [vdso], files" {
  memlab_property labels
}

@test "step 2: a line holds its first and last byte, not the one past its end; holes are unmapped" {
  memlab_property bounds
}

@test "step 3: the executable's code, constants, data and .bss are told apart" {
  memlab_property exe
}

@test "step 4: libc and ld.so are POOL_LIBRARY; any other file, even *.so, is POOL_MMAP_FILE" {
  memlab_property library
}

@test "step 5: a tracked thread's stack is POOL_THREAD_STACK, exactly from its first to its last byte" {
  memlab_property thread
}

@test "step 5: 16 threads are tracked at once, and forgetting a thread frees its room" {
  memlab_property capacity
}

@test "step 6: pool_summary counts each line once, in bytes, in the pool of its first byte" {
  memlab_property summary
}

@test "memcheck and AddressSanitizer find no error or leak in classify.c" {
  memlab_property asan || return
  memlab_assert_memcheck_clean mc "" "the whole script: every scene, 20 threads tracked and forgotten, every summary"
}
