# grader/09-malloc.bats - checks for lab 09: a log index on glibc's malloc.
#
# The judge (labs/09-malloc/harness/judge.c) writes the scripts, builds its
# own index of the same generated log, and decides; the subject
# (logindex.c + harness/subject.c, its malloc calls counted and failed on
# request by harness/tally.c) only reports.  Three runs of one script
# "mc": natively for the judge, under memcheck (judged from its XML by
# grader/lib/memcheck.bash) and under AddressSanitizer; one native "big"
# run for the figures (valgrind replaces malloc: no mallinfo2 there).
#
# Map of logindex.h's promises to the tests below:
#   "maps each word to the numbers of the lines that contain it, ascending;
#    a word ... lowercased, cut to LI_WORD_MAX; a line lists a word once"
#                                                  step 2: answers (the log,
#    and the judge's own texts: A-Z, the bytes beside each range, words of
#    31 to 40 bytes, bytes >= 0x80)
#   "a last line without '\n' counts; an empty line has no words"; the len
#    bytes of text and no more (they end where an unreadable page begins)
#                                                  step 2: answers
#   "li_find ... the first min(count, max) line numbers" (max 0, 1, count,
#    64; lines ends where an unreadable page begins)  step 2: answers
#   "li_usage reports exactly those blocks, and the sum of their
#    malloc_usable_size" (after each batch, and after each injected
#    failure)                                      step 1: usage
#   "temporaries ... are freed before li_add returns" (and do not pin the
#    heap: the handout's step 3)                   step 3: retained, peak
#   "li_new ... NULL with errno == ENOMEM"         step 4: fail-new
#   "li_add ... -1 with errno == ENOMEM: earlier batches intact, ... never a
#    wrong or repeated line number, nothing leaks" step 4: fail-add, memcheck, asan
#   "li_delete ... sets *ixp to NULL ... twice is safe"  step 4: lifecycle, memcheck
#   the memory layout (one allocation for many)    step 2: allocs, bytes

bats_require_minimum_version 1.5.0
load lib/memlab

setup_file() {
  memlab_setup_lab "$BUILD/subject" "$BUILD/subject-asan"
  memlab_ready || return 0
  memlab_inputs
  memlab_lane memlab_memcheck mcv definite --in "$OBS/mc.in" -- "$BUILD/subject"
  memlab_lane memlab_observe big -- "$BUILD/subject"
  memlab_lane memlab_observe mc -- "$BUILD/subject"
  # ASan refuses RLIMIT_AS (--mem none) and is capped by its own option;
  # it starts where no code can be made at run time (--noexec);
  # its report goes to stderr, and a report ends the run with status 23.
  memlab_lane memlab_observe asan --noexec --mem none -- env \
    ASAN_OPTIONS=detect_leaks=1:exitcode=23:hard_rss_limit_mb=512:abort_on_error=0 \
    "$BUILD/subject-asan"
  memlab_verdict
}

setup() { memlab_require_build; }

@test "step 1: li_usage reports exactly the blocks and usable bytes the index holds" {
  memlab_property usage
}

@test "step 2: every lookup answers like the judge's own index of the same log" {
  memlab_property answers
}

@test "step 2: a million and a half line numbers cost few allocation calls" {
  memlab_property allocs
}

@test "step 2: the index takes about 4 bytes per line number" {
  memlab_property bytes
}

@test "step 3: after the last batch, the heap glibc keeps is close to what the index holds" {
  memlab_property retained
}

@test "step 3: temporaries never grow the heap far beyond the index and one batch" {
  memlab_property peak
}

@test "step 4: li_delete frees the index, leaves the pointer NULL, and is safe twice" {
  memlab_property lifecycle
}

@test "step 4: li_new returns NULL with errno ENOMEM when its allocation fails" {
  memlab_property fail-new
}

@test "step 4: li_add fails cleanly at every one of its allocation calls" {
  memlab_property fail-add
}

@test "step 4: memcheck finds no error and no leak, through every injected failure" {
  memlab_assert_memcheck_clean mcv
}

@test "step 4: AddressSanitizer finds no error and no leak, through every injected failure" {
  memlab_property asan
}
