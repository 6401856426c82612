#!/usr/bin/env bats
# grader/08-mmap.bats - checks for lab 08 (mmap): mapfile.c.
#
# Every property is checked natively by the harness labs/08-mmap/mapcheck.c,
# which reports the first broken one through its exit status (the codes are
# listed at the top of mapcheck.c); its stderr is only quoted as "seen".
# memcheck runs the scenarios once more, in one run shared by three tests.

load lib/memlab

setup_file() {
  # Only the harness: the demo does not link mapfile.c (make check builds it).
  memlab_setup_lab "$BUILD/mapcheck"
  [[ $(cat "$BATS_FILE_TMPDIR/build.status") == ok ]] || return 0
  # The test files: empty, one, page-1, page, page+1 and big (5 MiB + 7),
  # sized from this machine's page size.  The harness writes them (and
  # makes their folders) in $MEMLAB_WORK, the only place it may write.
  F=$MEMLAB_WORK/files
  memlab_run --err "$BATS_FILE_TMPDIR/make.err" -- "$BUILD/mapcheck" make "$F"
  echo "$MEMLAB_STATUS" >"$BATS_FILE_TMPDIR/make.status"
  # Runs that several tests read: once here.
  mapcheck open "$F/page+1" "$F/empty"; save_run open
  mapcheck count "$F/empty" "$F/one" "$F/page-1" "$F/page" "$F/page+1" "$F/big"
  save_run count
  mapcheck close "$F/empty" "$F/one" "$F/page-1" "$F/page" "$F/page+1" "$F/big"
  save_run close
  mapcheck truncate "$MEMLAB_WORK"; save_run truncate
  mapcheck guard; save_run guard
  memlab_memcheck mc definite -- "$BUILD/mapcheck" all "$MEMLAB_WORK/mc"
  # Exit status 64 + mask: the scenarios that could not run (mf_open or
  # guarded_alloc failed).  Keep the mask; the report itself is sound.
  if [[ $(cat "$BATS_FILE_TMPDIR/mc.verdict") =~ ^the\ program\ exited\ with\ status\ (6[4-9]|7[01])$ ]]; then
    echo $((BASH_REMATCH[1] - 64)) >"$BATS_FILE_TMPDIR/mc.skipped"
    : >"$BATS_FILE_TMPDIR/mc.verdict"
  fi
  # When a scenario crashed the run, the scenarios before it (the harness
  # runs guard, sizes, truncate in that order) keep their errors: a copy of
  # the report with no verdict, "mcpre", serves them.
  awk '/<fatal_signal>/ { on = 1 } on && /<fn>scenario_/ { gsub(/.*<fn>|<\/fn>.*/, ""); print; exit }' \
    "$BATS_FILE_TMPDIR/mc.xml" >"$BATS_FILE_TMPDIR/mc.fatal" 2>/dev/null
  cp "$BATS_FILE_TMPDIR/mc.errors" "$BATS_FILE_TMPDIR/mcpre.errors" 2>/dev/null
  : >"$BATS_FILE_TMPDIR/mcpre.verdict"
}

setup() {
  memlab_require_build
  F=$MEMLAB_WORK/files
  if [[ $(cat "$BATS_FILE_TMPDIR/make.status") != 0 ]]; then
    memlab_fail "the harness writes its test files" "$(tail -n1 "$BATS_FILE_TMPDIR/make.err")" \
      "the grader's side, not yours: report it"
  fi
}

# mapcheck MODE ARG... - run the harness natively; MEMLAB_STATUS is the
# verdict, SEEN what it said last (or how it died).
mapcheck() {
  local err=$BATS_FILE_TMPDIR/mapcheck.err
  [[ -n ${BATS_TEST_NAME:-} ]] && err=$BATS_TEST_TMPDIR/mapcheck.err
  MAPCHECK_ERR=$err
  : >"$err"
  memlab_run --err "$err" -- "$BUILD/mapcheck" "$@"
  SEEN=$(grep -v '^mapped: \|^counted: ' "$err" | tail -n 3 | sed "s|$MEMLAB_WORK/||g" | paste -sd ';')
  [[ -n $MEMLAB_WHY ]] && SEEN="${SEEN:+$SEEN; }the harness $MEMLAB_WHY"
  [[ -n $SEEN ]] || SEEN="exit status $MEMLAB_STATUS"
  return 0
}

# save_run NAME / load_run NAME - keep a run's status and SEEN for tests.
save_run() {
  echo "$MEMLAB_STATUS" >"$BATS_FILE_TMPDIR/$1.status"
  printf '%s\n' "$SEEN" >"$BATS_FILE_TMPDIR/$1.seen"
  cp "$MAPCHECK_ERR" "$BATS_FILE_TMPDIR/$1.err"
}
load_run() {
  MEMLAB_STATUS=$(cat "$BATS_FILE_TMPDIR/$1.status")
  SEEN=$(cat "$BATS_FILE_TMPDIR/$1.seen")
}

# why CODE - what a harness exit status means, and where to look.
why() {
  case $1 in
    10) echo "mf_open failed on a readable file|mf_open (step 1)" ;;
    11) echo "m->size is not the file's size|mf_open (step 1)" ;;
    12) echo "m->data is NULL for a non-empty file|mf_open (step 1)" ;;
    13) echo "a descriptor is still open after mf_open|mf_open: close(fd) on every path (step 1)" ;;
    14) echo "the mapping is writable|mf_open: PROT_READ only (step 1)" ;;
    15) echo "m->data does not point at offset 0 of a mapping of the file|mf_open: mmap the file itself (step 1)" ;;
    16) echo "an empty file gave a pointer or a mapping|mf_open: size 0 needs no mmap (step 1)" ;;
    18) echo "mf_open returned -1 for an empty file (mmap refuses length 0)|mf_open: size 0 needs no mmap (step 1)" ;;
    17) echo "mf_open returned 0 for a file that does not exist|mf_open: check open()'s result (step 1)" ;;
    20) echo "the counts differ from the harness's own (made with read())|count_bytes / mf_count (step 2)" ;;
    21) echo "mf_count returned -1 for an intact file|mf_count (step 2)" ;;
    30) echo "a mapping was left behind (or one was taken away)|mf_close: munmap with the length mmap got (step 3)" ;;
    31) echo "a second mf_close unmapped someone else's pages|mf_close: zero *m after munmap (step 3)" ;;
    32) echo "mf_close did not zero *m|mf_close (step 3)" ;;
    40) echo "mf_count returned 0 for a file truncated after mf_open|mf_count (step 4)" ;;
    41) echo "mf_count returned -1 with an errno other than EIO|mf_count: errno = EIO after the jump (step 4)" ;;
    42) echo "the caller's SIGBUS action was not restored|mf_count: sigaction(SIGBUS, &old, NULL) on both paths (step 4)" ;;
    43) echo "SIGBUS stayed blocked after mf_count: the next one would kill|mf_count: sigsetjmp(env, 1) and siglongjmp, not setjmp/longjmp (step 4)" ;;
    44) echo "SIGBUS went through mf_count: without a handler the program dies with \"Bus error\"|mf_count: install a SIGBUS handler (step 4)" ;;
    45) echo "counting an intact file failed after two caught SIGBUS|mf_count (step 4)" ;;
    50) echo "guarded_alloc returned NULL|guarded_alloc (step 5)" ;;
    51) echo "the data does not end on a page boundary|guarded_alloc: return base + pages - n (step 5)" ;;
    52) echo "the page after the data is not a PROT_NONE mapping|guarded_alloc: mprotect the last page PROT_NONE (step 5)" ;;
    53) echo "the n bytes are not all read-write|guarded_alloc (step 5)" ;;
    54) echo "guarded_free left a mapping behind (or took one away)|guarded_free: one munmap from the first data page to the guard's end (step 5)" ;;
    55) echo "writing one byte past the buffer did not fault|guarded_alloc (step 5)" ;;
    56) echo "guarded_alloc(0) did not return NULL with errno EINVAL|guarded_alloc (step 5)" ;;
    57) echo "a SIGSEGV came before the write past the buffer|guarded_alloc (step 5)" ;;
    3) echo "the harness could not set up its files|the grader's side, not yours: report it" ;;
    *) echo "the harness stopped with status $1|the function named in \"seen\"" ;;
  esac
}

# expect_ok WANT - fail unless the harness exited 0, explaining its status.
expect_ok() {
  ((MEMLAB_STATUS == 0)) && return 0
  local w
  w=$(why "$MEMLAB_STATUS")
  if ((MEMLAB_STATUS > 128 || MEMLAB_STATUS == 124)); then
    w="the harness did not finish|the function that was running when it stopped"
  fi
  memlab_fail "$1" "${w%%|*}: $SEEN" "mapfile.c, ${w#*|}"
}

# count_ok INDEX NAME EXPECTED - the verdict on file NAME, the INDEXth of
# the shared "count" run: its exit status is 0, or 64 + a mask of the files
# that failed.  Each file's lines on stderr ("[NAME] ...") say why.
count_ok() {
  local bit=$((1 << $1)) lines where
  load_run count
  ((MEMLAB_STATUS == 0)) && return 0
  if ((MEMLAB_STATUS < 64 || MEMLAB_STATUS > 127)); then
    expect_ok "$3"
    return
  fi
  (((MEMLAB_STATUS - 64) & bit)) || return 0
  lines=$(grep -F "[$2] " "$BATS_FILE_TMPDIR/count.err" | grep -v '^\[[^]]*\] counted: ' |
    sed 's/^\[[^]]*\] //' | paste -sd ';')
  case $lines in
    *"mf_open returned"*) where="mf_open (step 1)" ;;
    *"killed by"*) where="mf_open, mf_count or mf_close: the one that crashed (under memcheck, step 2's memcheck test names the line)" ;;
    *) where="count_bytes / mf_count (step 2)" ;;
  esac
  memlab_fail "$3" "${lines:-the check of this file failed}" "mapfile.c, $where"
}

# memcheck_clean SCENARIO BIT WHAT - the memcheck run is clean for SCENARIO,
# which must have run (BIT of the skipped mask).
memcheck_clean() {
  local skipped
  skipped=$(cat "$BATS_FILE_TMPDIR/mc.skipped" 2>/dev/null || echo 0)
  if (( skipped & $2 )); then
    memlab_fail "$3 runs under memcheck" "it could not run: mf_open, mf_count or guarded_alloc failed" \
      "the native tests of this step say why"
    return
  fi
  local order=(scenario_guard scenario_sizes scenario_truncate) fatal i me=-1 died=-1
  fatal=$(cat "$BATS_FILE_TMPDIR/mc.fatal" 2>/dev/null)
  if [[ -n $fatal && $fatal != "$1" ]]; then
    for i in "${!order[@]}"; do
      [[ ${order[i]} == "$1" ]] && me=$i
      [[ ${order[i]} == "$fatal" ]] && died=$i
    done
    if ((me < died)); then
      memlab_assert_memcheck_clean mcpre "$1" "$3"
    else
      memlab_fail "$3 runs under memcheck" \
        "it did not run: the memcheck run died before, in $fatal: $(cat "$BATS_FILE_TMPDIR/mc.verdict")" \
        "the memcheck test of $fatal"
    fi
    return
  fi
  memlab_assert_memcheck_clean mc "$1" "$3"
}

@test "step 1: mf_open maps the file read-only" {
  load_run open
  # 16 and 18 concern the empty file, checked after this one.
  case $MEMLAB_STATUS in 16|18) return 0 ;; esac
  expect_ok "mf_open gives a read-only mapping of the whole file at m->data, with m->size its size"
}

@test "step 1: an empty file opens without calling mmap" {
  load_run open
  expect_ok "mf_open of a 0-byte file returns 0 with { NULL, 0 } and maps nothing (mmap(len 0) fails with EINVAL)"
}

@test "step 1: mf_open closes the descriptor right after mapping" {
  mapcheck fds "$F/empty" "$F/one" "$F/page+1" "$F/big" "$F/no-such-file"
  expect_ok "as many descriptors open after mf_open as before (and -1 for a missing file)"
}

@test "step 2: counts are right for a 0-byte file" {
  count_ok 0 empty "0 lines, 0 words, 0 bytes"
}

@test "step 2: counts are right for a 1-byte file" {
  count_ok 1 one "the counts of a file holding one newline: 1 0 1"
}

@test "step 2: counts are right for a page-1 bytes file" {
  count_ok 2 page-1 "the same counts as read() gives, for a file one byte short of a page"
}

@test "step 2: counts are right for a one-page file" {
  count_ok 3 page "the same counts as read() gives, for a file of exactly one page"
}

@test "step 2: counts are right for a page+1 bytes file" {
  count_ok 4 page+1 "the same counts as read() gives, for a file one byte into its second page (the rest of that page is zeros)"
}

@test "step 2: counts are right for a several-MiB file" {
  count_ok 5 big "the same counts as read() gives, for a 5 MiB + 7 bytes file"
}

@test "step 2: memcheck finds no error while opening, counting and closing" {
  memcheck_clean scenario_sizes 1 "open, count and close of every small file"
}

@test "step 3: mf_close leaves no mapping behind" {
  load_run close
  # 31 and 32 concern the second mf_close, checked after this.
  case $MEMLAB_STATUS in 31|32) return 0 ;; esac
  expect_ok "/proc/self/maps after mf_close is the same as before mf_open"
}

@test "step 3: mf_close twice is safe" {
  load_run close
  expect_ok "a second mf_close (and one on a zeroed struct) does nothing"
}

@test "step 4: a file truncated after mf_open gives -1 with errno EIO" {
  load_run truncate
  # 42, 43 and 45 are checked after this test's property held.
  case $MEMLAB_STATUS in 42|43|45) return 0 ;; esac
  expect_ok "mf_count returns -1 with errno EIO when the file was cut to one page after mf_open"
}

@test "step 4: mf_count leaves SIGBUS as it found it" {
  load_run truncate
  expect_ok "after a caught SIGBUS: the caller's SIGBUS action back, SIGBUS not blocked, a second truncation caught too"
}

@test "step 4: memcheck finds no error in the truncation scenario" {
  memcheck_clean scenario_truncate 2 "counting a truncated file"
}

@test "step 5: the guarded buffer ends exactly against a PROT_NONE page" {
  load_run guard
  # 54 and 56 are checked after this test's property held.
  case $MEMLAB_STATUS in 54|56) return 0 ;; esac
  expect_ok "for n = 1, 100, page-1, page, page+1, 3 pages-5: p + n on a page boundary, the page there PROT_NONE, p..p+n-1 read-write"
}

@test "step 5: writing one byte past the guarded buffer dies with SIGSEGV" {
  mapcheck overflow 100
  # The harness dies of SIGSEGV only at p[100] (a fault anywhere else
  # exits 57), so status 139 is the property itself.
  ((MEMLAB_STATUS == 139)) && return 0
  expect_ok "the write of p[100] after p = guarded_alloc(100) kills the harness with SIGSEGV (status 139)"
}

@test "step 5: guarded_free leaves no mapping behind" {
  load_run guard
  expect_ok "/proc/self/maps after guarded_free is the same as before guarded_alloc, and guarded_alloc(0) fails with EINVAL"
}

@test "step 5: memcheck finds no error with guarded buffers" {
  memcheck_clean scenario_guard 4 "allocating, filling and freeing guarded buffers"
}
