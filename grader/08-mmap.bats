# grader/08-mmap.bats - checks for lab 08: mmap, a file in memory, SIGBUS, a guard page.
#
# The judge (labs/08-mmap/harness/judge.c) writes a script of operations per
# run; the subject (mapfile.c + harness/subject.c) performs them in the
# sandbox and copies what it saw (return values, errno, the lines of
# /proc/self/maps and /proc/self/fd that changed, SIGBUS's action); the
# judge decides.  Mappings and descriptors are looked at natively (valgrind
# and AddressSanitizer map and open things of their own); strace, run by
# the grader outside the sandbox, sees the descriptors once more.  Memory
# errors need two observers to agree: AddressSanitizer (subject-asan, read
# by the judge) and memcheck (one run, its errors told apart by scenario).
#
# Map of mapfile.h's promises to the tests below:
#   mf_open "map the regular file at path read-only into *m"
#                                        step 1: read-only mapping (sizes 1 .. 5 MiB,
#                                        page +-1 with 4, 16, 64 KiB pages)
#   "data: the file's first byte; size: the file's size"   step 1: read-only mapping
#   "NULL when size is 0", "An empty file gives { NULL, 0 } without calling mmap"
#                                        step 1: empty file
#   "-1 with errno set (by open, fstat or mmap); on failure *m is zeroed"
#                                        step 1: error paths (missing file; open, fstat
#                                        and mmap made to fail, each call in turn; close
#                                        changing errno after, as POSIX lets it); step 1:
#                                        read-only mapping (descriptor 0, stdin closed)
#   "No descriptor stays open, whatever the outcome"       step 1: descriptor
#   mf_count "count lines, words and bytes" / struct counts "runs of bytes that
#    are not one of \" \t\n\v\f\r\""     step 2: counts (\v\f\r, zero bytes, bytes
#                                        above 127, *c full of garbage)
#   "Returns 0"                          step 2: counts; step 4: EIO (intact file)
#   "-1 with errno EIO when the file shrank after mf_open"  step 4: EIO
#   "Returns 0" (having counted) when sigaction fails       step 4: sigaction fails
#   "The SIGBUS action and the signal mask are as the caller left them"
#                                        step 4: after success; step 4: after EIO
#   mf_close "unmap what mf_open mapped" step 3: no mapping left
#   "and zero *m.  Idempotent: closing a closed or zeroed struct does nothing"
#                                        step 3: twice
#   guarded_alloc "n writable bytes whose last byte sits right before an
#    inaccessible (PROT_NONE) page"      step 5: guard page; step 5: overflow faults
#   "NULL with errno set on failure"     step 5: mmap and mprotect failures (munmap
#                                        changing errno after)
#   "(EINVAL when n is 0)"               step 5: zero
#   guarded_free "guard included", "p may be NULL"         step 5: nothing left
#   memory errors and leaks on every path                  steps 2, 4, 5: memcheck

load lib/memlab

setup_file() {
  memlab_setup_lab "$BUILD/subject" "$BUILD/subject-asan"
  memlab_ready || return 0
  memlab_inputs
  local run
  memlab_lane memlab_memcheck mc definite --in "$OBS/mc.in" -- "$BUILD/subject"
  # halt_on_error=0 (the subject is built to recover): every report of the
  # run, each one then charged to the step of its scenario.
  memlab_lane memlab_observe asan --mem none -- \
    env ASAN_OPTIONS=detect_leaks=1:exitcode=23:hard_rss_limit_mb=1024:halt_on_error=0 "$BUILD/subject-asan"
  memlab_lane memlab_observe fault --strace open,openat,close -- "$BUILD/subject"
  for run in files guard trunc; do
    memlab_lane memlab_observe "$run" -- "$BUILD/subject"
  done
  memlab_verdict
}

setup() { memlab_require_build; }

# memcheck_clean PROPERTY WHAT SCENARIO... - the judge's record (with
# AddressSanitizer's verdict) first, then memcheck's for each scenario.
memcheck_clean() {
  local id=$1 what=$2 s
  shift 2
  memlab_property "$id" || return
  for s in "$@"; do
    memlab_assert_memcheck_clean mc "$s" "$what" || return
  done
}

@test "step 1: mf_open maps the whole file read-only, at offset 0, for every size" {
  memlab_property open-map
}

@test "step 1: an empty file opens as { NULL, 0 } without calling mmap" {
  memlab_property open-empty
}

@test "step 1: no descriptor stays open after mf_open, whether it succeeds or fails" {
  memlab_property open-fd
}

@test "step 1: when open, fstat or mmap fails, mf_open returns -1 with its errno, *m zeroed, nothing mapped" {
  memlab_property open-fail
}

@test "step 2: the counts are right for every size, with vertical tabs, form feeds, carriage returns and zero bytes" {
  memlab_property count
}

@test "step 2: memcheck and AddressSanitizer find no error in mf_open, mf_count and mf_close" {
  memcheck_clean mem-files "opening, counting and closing files (and failed opens)" \
    scenario_open scenario_count scenario_close
}

@test "step 3: mf_close leaves no mapping behind" {
  memlab_property close-maps
}

@test "step 3: mf_close twice, or on a zeroed struct, unmaps nothing" {
  memlab_property close-twice
}

@test "step 4: a file truncated after mf_open gives -1 with errno EIO, every time" {
  memlab_property trunc-eio
}

@test "step 4: after a successful mf_count, SIGBUS is as the caller left it" {
  memlab_property sig-after-ok
}

@test "step 4: after mf_count failed with EIO, SIGBUS is as the caller left it, not blocked" {
  memlab_property sig-after-eio
}

@test "step 4: when sigaction fails, mf_count returns -1 or counts anyway, and SIGBUS stays the caller's" {
  memlab_property count-sigfail
}

@test "step 4: memcheck and AddressSanitizer find no error when the file is truncated" {
  memcheck_clean mem-trunc "counting truncated files" scenario_truncate
}

@test "step 5: the guarded buffer ends exactly against a whole PROT_NONE page, whatever the page size" {
  memlab_property guard-end
}

@test "step 5: writing one byte past the guarded buffer faults at once" {
  memlab_property guard-fault
}

@test "step 5: guarded_free leaves no mapping behind, and accepts NULL" {
  memlab_property guard-free
}

@test "step 5: guarded_alloc(0) fails with EINVAL" {
  memlab_property guard-zero
}

@test "step 5: when mmap or mprotect fails, guarded_alloc returns NULL with ENOMEM and leaves nothing" {
  memlab_property guard-fail
}

@test "step 5: memcheck and AddressSanitizer find no error with guarded buffers" {
  memcheck_clean mem-guard "allocating, filling and freeing guarded buffers (and failed ones)" \
    scenario_guard scenario_gfree
}
