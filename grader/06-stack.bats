# grader/06-stack.bats - checks for lab 06 (the stack).
#
# Four kinds of evidence, each gathered once in setup_file:
#   - native runs of build/06-stack/check under `ulimit -Ss 256`, one per
#     scenario (valgrind would give the program 1 MiB of stack whatever the
#     limit, so the limit is only checked natively); the exit status names
#     the broken property (see the enum at the top of labs/06-stack/check.c);
#   - one AddressSanitizer run (check-asan) with detect_stack_use_after_return=1:
#     memcheck says nothing about a read of a popped frame that a later call
#     wrote over;
#   - one memcheck run of every scenario (small inputs, nothing judged by the
#     program itself: memcheck's XML judges);
#   - the student file compiled alone at -O0 with -Walloca -Wvla and
#     -fstack-usage (the same report the lab's `frames` build writes for
#     the student in build/06-stack/frames-walk.su).

load lib/memlab

# The soft stack limit the native runs get, in KiB.
STACK_KB=256

setup_file() {
  local s
  # Only what the tests run: the demo and `frames` are for the student.
  memlab_setup_lab "$BUILD/check" "$BUILD/check-asan"
  [[ $(cat "$BATS_FILE_TMPDIR/build.status") == ok ]] || return 0
  for s in depth note suffix worker; do
    memlab_run --stack "$STACK_KB" --err "$BATS_FILE_TMPDIR/$s.err" -- "$BUILD/check" "$s"
    printf '%s\t%s\n' "$MEMLAB_STATUS" "$MEMLAB_WHY" >"$BATS_FILE_TMPDIR/$s.status"
  done
  # ASan reserves terabytes of address space: no RLIMIT_AS (--mem none),
  # its own RSS cap instead; its report goes to a file we name.
  # The report goes to stderr, a file of the grader's own (never a file in
  # $MEMLAB_WORK, which the program could have replaced by a link); it only
  # says where: the verdict is ASan's exit status, 86.  Leaks are memcheck's
  # job: LeakSanitizer stays off, so a leak never fails step 2.
  : >"$BATS_FILE_TMPDIR/asan.log"
  memlab_run --mem none --exit-ok 86 --err "$BATS_FILE_TMPDIR/asan.log" -- env \
    ASAN_OPTIONS="detect_stack_use_after_return=1:detect_leaks=0:exitcode=86:hard_rss_limit_mb=512" \
    "$BUILD/check-asan" --exercise note
  printf '%s\t%s\n' "$MEMLAB_STATUS" "$MEMLAB_WHY" >"$BATS_FILE_TMPDIR/asan.status"
  memlab_memcheck mc definite,indirect,possible -- "$BUILD/check" --exercise depth note suffix worker
  # walk.c alone, at -O0, in one gcc call (0.03 s, far less than linking a
  # program): -Walloca -Wvla as errors give the exit status, and
  # -fstack-usage writes walk.su beside the object even when those errors
  # stop the compile.  Straight into $MEMLAB_WORK: a folder the grader made
  # there would not be writable by the sandbox's uid.
  rm -f "$MEMLAB_WORK/walk.o" "$MEMLAB_WORK/walk.su"
  memlab_run --out "$BATS_FILE_TMPDIR/walloca.log" --err "$BATS_FILE_TMPDIR/walloca.log" -- \
    gcc -std=gnu11 -I"$MEMLAB_ROOT/common" -I"$MEMLAB_LAB_DIR" -O0 -fstack-usage \
      -Walloca -Wvla -Werror=alloca -Werror=vla -c -o "$MEMLAB_WORK/walk.o" "$MEMLAB_LAB_DIR/walk.c"
  echo "$MEMLAB_STATUS" >"$BATS_FILE_TMPDIR/walloca.status"
  # walk.su was written in the sandbox's folder: read it only as a regular,
  # size-capped file (a link or a FIFO planted there reads as nothing).
  memlab_read_work "$MEMLAB_WORK/walk.su" 65536 >"$BATS_FILE_TMPDIR/walk.su" 2>/dev/null || true
}

setup() { memlab_require_build; }

# where FUNC - "walk.c:LINE (FUNC)": where the student defined FUNC.
where() {
  local n
  n=$(grep -n -m1 -E "^[a-z].*[^a-z_]$1\(" "$MEMLAB_LAB_DIR/walk.c" | cut -d: -f1)
  echo "walk.c:${n:-?} ($1)"
}

# native SCENARIO - set status, why and seen (the first line the harness
# wrote on stderr) for the native run of SCENARIO.
native() {
  IFS=$'\t' read -r status why <"$BATS_FILE_TMPDIR/$1.status"
  seen=$(head -n1 "$BATS_FILE_TMPDIR/$1.err")
}

@test "step 1: walk_depth is right on deep trees under a 256 KiB stack" {
  local status why seen
  native depth
  case $status in
    0) return 0 ;;
    139) memlab_fail "walk_depth returns the depth of a 300,000-level chain under ulimit -Ss $STACK_KB" \
      "the program was killed by SIGSEGV: one frame per level needs far more than $STACK_KB KiB (a stack overflow)" \
      "$(where walk_depth)" ;;
    10|11) memlab_fail "walk_depth returns the depth of every tree" "$seen" "$(where walk_depth)" ;;
    *) memlab_fail "the depth checks run to the end" "the program ${why:-exited with status $status}${seen:+: $seen}" \
      "$(where walk_depth)" ;;
  esac
}

@test "step 1: walk_depth frees the stack it allocates (memcheck)" {
  memlab_assert_memcheck_clean mc scenario_depth "walk_depth"
}

@test "step 2: each note owns its text: two notes read back after other calls" {
  local status why seen
  native note
  case $status in
    0) return 0 ;;
    21) memlab_fail "a note's text in memory the note owns (the heap), not in a frame" "$seen" \
      "$(where walk_note_init)" ;;
    22) memlab_fail "two notes with two texts" "$seen" "$(where walk_note_init)" ;;
    20|23) memlab_fail "\"depth N\" in each note until it is wiped" "$seen" "$(where walk_note_init)" ;;
    24) memlab_fail "text is NULL after walk_note_wipe" "$seen" "$(where walk_note_wipe)" ;;
    *) memlab_fail "the note checks run to the end" "the program ${why:-exited with status $status}${seen:+: $seen}" \
      "$(where walk_note_init)" ;;
  esac
}

@test "step 2: no stack-use-after-return (AddressSanitizer, detect_stack_use_after_return=1)" {
  local status why log kind frame var fn=walk_note_init
  IFS=$'\t' read -r status why <"$BATS_FILE_TMPDIR/asan.status"
  ((status == 0)) && return 0
  log=$BATS_FILE_TMPDIR/asan.log
  if ((status != 86)); then
    memlab_fail "the note scenario runs to the end under AddressSanitizer" \
      "the run ${why:-exited with status $status}" "$(where walk_note_init)"
    return
  fi
  # "ERROR: AddressSanitizer: stack-use-after-return on address ..."
  kind=$(sed -n 's/.*ERROR: AddressSanitizer: \([a-z-]*\).*/\1/p' "$log" | head -n1)
  # "Address ... is located in stack of thread T0 at offset 32 in frame"
  # "    #0 0x... in walk_note_init .../walk.c:61"  then  "[32, 64) 'text' (line 63)"
  frame=$(awk '/is located in stack/ { getline; sub(/.* in /, ""); print; exit }' "$log")
  var=$(grep -m1 -oE "'[^']+' \(line [0-9]+\)" "$log")
  frame=${frame//"$MEMLAB_LAB_DIR/"/}
  # "walk_note_init walk.c:62" -> "walk.c:62 (walk_note_init)"
  if [[ $frame =~ ^([^ ]+)\ (.+)$ ]]; then
    fn=${BASH_REMATCH[1]}
    frame="${BASH_REMATCH[2]} ($fn)"
  fi
  memlab_fail "no read of a frame after its function returned" \
    "AddressSanitizer: ${kind:-an error}: the note points at ${var:-a local} of $fn, whose frame was popped" \
    "${frame:-$(where walk_note_init)}"
}

@test "step 2: memcheck finds no error in the notes (walk_note_wipe frees the text)" {
  memlab_assert_memcheck_clean mc scenario_note "walk_note_init and walk_note_wipe"
}

@test "step 3: walk_count_suffix is right on 20,000 names under a 256 KiB stack" {
  local status why seen
  native suffix
  case $status in
    0) return 0 ;;
    139) memlab_fail "walk_count_suffix counts 20,000 names under ulimit -Ss $STACK_KB" \
      "the program was killed by SIGSEGV: every alloca() stays in the frame until the function returns, so the copies piled up past $STACK_KB KiB" \
      "$(where walk_count_suffix)" ;;
    30) memlab_fail "the number of names ending in \".jpg\", any case (some names are 4,000 characters long)" \
      "$seen" "$(where walk_count_suffix)" ;;
    *) memlab_fail "the suffix check runs to the end" "the program ${why:-exited with status $status}${seen:+: $seen}" \
      "$(where walk_count_suffix)" ;;
  esac
}

@test "step 3: walk.c compiles without alloca or variable-length arrays (-Walloca -Wvla)" {
  local line
  (($(cat "$BATS_FILE_TMPDIR/walloca.status") == 0)) && return 0
  line=$(grep -m1 -E '\[-W(error=)?(alloca|vla)' "$BATS_FILE_TMPDIR/walloca.log") ||
    line=$(grep -m1 -E 'error' "$BATS_FILE_TMPDIR/walloca.log")
  line=${line//"$MEMLAB_LAB_DIR/"/}
  memlab_fail "no alloca() and no variable-length array in walk.c" "gcc -Walloca -Wvla: ${line#*: }" \
    "${line%%: *}"
}

@test "step 3: every function in walk.c has a static frame of at most 1 KiB (-fstack-usage, -O0)" {
  local su=$BATS_FILE_TMPDIR/walk.su bad
  [[ -s $su ]] || { memlab_fail "gcc's -fstack-usage report for walk.c" "gcc -O0 -fstack-usage wrote no walk.su"; return; }
  # "path/walk.c:83:8:walk_count_suffix<TAB>112<TAB>dynamic"
  bad=$(awk -F'\t' '$3 != "static" || $2 > 1024 {
      n = split($1, p, ":"); file = p[1]; sub(/.*\//, "", file)
      printf "%s:%s (%s): %d bytes, %s\n", file, p[2], p[n], $2, $3 }' "$su")
  [[ -z $bad ]] && return 0
  memlab_fail "every frame fixed at compile time (\"static\") and at most 1024 bytes" \
    "$(head -n1 <<<"$bad" | sed 's/^[^ ]* ([^)]*): //')$( (($(wc -l <<<"$bad") > 1)) && echo " (and $(($(wc -l <<<"$bad") - 1)) more)")" \
    "$(head -n1 <<<"$bad" | sed 's/: [0-9]* bytes.*//')"
}

@test "step 3: walk_count_suffix frees what it allocates (memcheck)" {
  memlab_assert_memcheck_clean mc scenario_suffix "walk_count_suffix"
}

@test "step 4: the worker's stack is set explicitly to fit its job (at least its use, at most 4x)" {
  local status why seen
  native worker
  case $status in
    0) return 0 ;;
    42) memlab_fail "a worker stack the job fits in (the default follows RLIMIT_STACK: $STACK_KB KiB here)" \
      "$seen" "$(where walk_in_worker)" ;;
    43) memlab_fail "a worker stack at most 4 x what the thread uses (not the RLIMIT_STACK default, not a guess)" \
      "$seen" "$(where walk_in_worker)" ;;
    40|41) memlab_fail "walk_in_worker runs the job and returns its result" "$seen" "$(where walk_in_worker)" ;;
    *) memlab_fail "the worker check runs to the end" "the program ${why:-exited with status $status}${seen:+: $seen}" \
      "$(where walk_in_worker)" ;;
  esac
}

@test "step 4: walk_in_worker leaks nothing (memcheck)" {
  memlab_assert_memcheck_clean mc scenario_worker "walk_in_worker"
}

@test "memcheck finds no error anywhere in the run" {
  memlab_assert_memcheck_clean mc "" "the whole run"
}
