# grader/lib/memlab.bash - what every lab's bats file loads.
#
# The grader (grader/grade) has already copied the pristine lab to a scratch
# folder and laid the student's files over it.  It exports:
#   MEMLAB_ROOT           the scratch project root (labs/lab.mk, common/)
#   MEMLAB_LAB            the lab's key, e.g. 02-cache-lines
#   MEMLAB_LAB_DIR        $MEMLAB_ROOT/labs/$MEMLAB_LAB, where everything runs
#   MEMLAB_STUDENT_FILES  the student files, space separated
#   MEMLAB_MISSING        the student files the submission lacked, if any
#   MEMLAB_WORK           the only folder student code may write in: put the
#                         files a program reads or writes there, never in
#                         $BATS_FILE_TMPDIR (private to the grader)
# A bats file calls memlab_setup_lab in setup_file and memlab_require_build
# in setup; then each @test checks one property.
#
# Verdicts come only from files this library writes itself (valgrind's XML,
# pahole's output, build logs) and from exit statuses, never from what the
# student's program printed.

bats_require_minimum_version 1.5.0
# bats traces every command for its stack traces (a DEBUG trap, inherited
# by functions and subshells).  The grader's tests say what failed with
# memlab_fail and the report never quotes bats' traces, while the trace
# cost ~8 ms per test just to load this library, and ~100 ms of shell per
# run in setup_file.  Off from here, and again where bats may have set
# it since (memlab_setup_lab, memlab_require_build).
trap - DEBUG
# bats-support and bats-assert are installed (make deps) but not loaded
# here: no shipped test uses them, and loading them costs every test about
# 40 ms.  A file that wants assert_output & co. loads them itself:
#   bats_load_library bats-support; bats_load_library bats-assert

# shellcheck source=grader/lib/run.bash
source "${BASH_SOURCE[0]%/*}/run.bash"
# shellcheck source=grader/lib/memcheck.bash
source "${BASH_SOURCE[0]%/*}/memcheck.bash"
# shellcheck source=grader/lib/pahole.bash
source "${BASH_SOURCE[0]%/*}/pahole.bash"

: "${MEMLAB_ROOT:?run the grader with grader/grade, not bats directly}"
BUILD="$MEMLAB_ROOT/build/$MEMLAB_LAB"
export BUILD

# Where a lab's runs and the judge's records live: the grader's private
# folder, which student code never sees (the sandbox has its own /tmp).
OBS=$BATS_FILE_TMPDIR/obs
JUDGE=$BATS_FILE_TMPDIR/judge/judge
: "${MEMLAB_SEED:=1}"

# memlab_setup_lab [TARGET...] - build the lab once per bats file (call in
# setup_file).  First the judge, by the grader itself and from the harness
# alone (labs/lab.mk's `judge` target), where student code cannot write;
# then, in the sandbox, TARGETs (default: every program) and the student's
# objects, whose symbols are checked against the lab's allow-list.  Never
# fails: memlab_require_build reports a problem once, in the first test.
memlab_setup_lab() {
  trap - DEBUG   # no bats tracing in setup_file (see the top of this file)
  local log="$BATS_FILE_TMPDIR/build.log" mk=(make --no-print-directory -f "$MEMLAB_ROOT/labs/lab.mk"
    LAB_DIR="$MEMLAB_LAB_DIR" COMMON="$MEMLAB_ROOT/common")
  mkdir -p "$OBS"
  if [[ -n ${MEMLAB_MISSING:-} ]]; then
    echo "missing" >"$BATS_FILE_TMPDIR/build.status"
    return 0
  fi
  if grep -q '^JUDGE_SRCS' "$MEMLAB_LAB_DIR/lab.mk"; then
    if ! memlab_build_judge "${mk[@]}" >"$BATS_FILE_TMPDIR/judge.log" 2>&1; then
      echo "judge: $(grep -m1 -E 'error' "$BATS_FILE_TMPDIR/judge.log")" >"$BATS_FILE_TMPDIR/build.status"
      return 0
    fi
    # The inputs need nothing but the judge: written while the sandbox builds.
    ( exec 3>&-; memlab_judge_inputs ) &
    MEMLAB_INPUTS_PID=$!
  fi
  memlab_harness_objects "${mk[@]}"
  local f objs=()
  for f in ${MEMLAB_STUDENT_FILES:-}; do
    [[ $f == *.c ]] && objs+=("$BUILD/student/${f%.c}.o")
  done
  local targets=("$@")
  ((${#targets[@]} == 0)) || targets+=("${objs[@]}")
  # Two jobs: a lab's few files build in about half the time on two cores.
  memlab_run --cpu 120 --wall 180 --rw "$BUILD" --out "$log" --err "$log" -- \
    "${mk[@]}" -j2 --output-sync=target O="$BUILD" "${targets[@]}"
  # From now on the programs are read-only to student code, even without
  # bubblewrap's read-only mounts: the sandbox uid gives its build back.
  [[ -z ${MEMLAB_UID:-} ]] || chown -R 0:0 "$BUILD"
  if ((MEMLAB_STATUS != 0)); then
    echo "failed${MEMLAB_WHY:+: $MEMLAB_WHY}" >"$BATS_FILE_TMPDIR/build.status"
    return 0
  fi
  local bad=
  grep -q '^ALLOWED_SYMBOLS' "$MEMLAB_LAB_DIR/lab.mk" && bad=$(memlab_disallowed_symbols "${objs[@]}")
  if [[ -n $bad ]]; then
    echo "symbols: $bad" >"$BATS_FILE_TMPDIR/build.status"
    return 0
  fi
  echo "ok" >"$BATS_FILE_TMPDIR/build.status"
}

# memlab_build_judge MAKE... - build the judge and its launcher in ${JUDGE%/*}
# with the make command given (from the pristine harness alone).  When the
# grader names a cache folder of its own (MEMLAB_JUDGE_CACHE: make check and
# grade --batch grade the same lab many times), a judge built from the same
# sources is copied from there instead: student code never sees that folder.
memlab_build_judge() {
  local dir=${JUDGE%/*} cache=${MEMLAB_JUDGE_CACHE:-} key='' new
  if [[ -n $cache && -d $cache ]]; then
    key=$(memlab_harness_key)
    if [[ -f $cache/$key/judge && -f $cache/$key/noexec ]]; then
      mkdir -p "$dir" && cp -p "$cache/$key/judge" "$cache/$key/noexec" "$dir/" && return 0
    fi
  fi
  "$@" O="$dir" judge || return 1
  [[ -n $key ]] || return 0
  # Built aside, then renamed: two gradings may build the same judge at once.
  new=$(mktemp -d "$cache/.new.XXXXXX") && cp -p "$dir/judge" "$dir/noexec" "$new/" &&
    { mv -T "$new" "$cache/$key" 2>/dev/null || rm -rf "$new"; }
  return 0
}

# memlab_harness_key - a hash of everything in the lab but the student's
# files (the harness, its headers, lab.mk), of common/ and of the compiler:
# what the judge and the harness's objects are built from.  Cached, once
# per bats file.
memlab_harness_key() {
  local f key not=()
  if [[ -s $BATS_FILE_TMPDIR/harness.key ]]; then cat "$BATS_FILE_TMPDIR/harness.key"; return; fi
  for f in ${MEMLAB_STUDENT_FILES:-}; do not+=(! -path "labs/$MEMLAB_LAB/$f"); done
  key=$(cd "$MEMLAB_ROOT" && { find labs/lab.mk "labs/$MEMLAB_LAB" common -type f \
      ! -path "labs/$MEMLAB_LAB/build/*" "${not[@]}" -print0 | sort -z | xargs -0 sha256sum
    gcc --version 2>&1; } | sha256sum)
  echo "${key%% *}" | tee "$BATS_FILE_TMPDIR/harness.key"
}

# memlab_harness_objects MAKE... - lay the harness's objects (every
# program's, the student's files aside: lab.mk's `harness-objects`) in
# $BUILD/obj, ready-made, so that the sandboxed build compiles only the
# student's files.  Only with the grader's cache folder (MEMLAB_JUDGE_CACHE),
# where they are built once per harness (memlab_harness_key), by the grader
# and from the harness alone, like the judge; and only when no student file
# is a header, which harness objects would include.  Otherwise the
# sandboxed build compiles everything, as a student's `make` does.
memlab_harness_objects() {
  local cache=${MEMLAB_JUDGE_CACHE:-} f key new
  [[ -n $cache && -d $cache ]] || return 0
  for f in ${MEMLAB_STUDENT_FILES:-}; do [[ $f != *.h ]] || return 0; done
  key=obj-$(memlab_harness_key)
  if [[ ! -d $cache/$key/obj ]]; then
    # Built aside, then renamed: two gradings may build the same objects.
    new=$(mktemp -d "$cache/.new.XXXXXX") || return 0
    if "$@" -j2 O="$new" harness-objects >"$BATS_FILE_TMPDIR/harness.log" 2>&1; then
      mv -T "$new" "$cache/$key" 2>/dev/null || rm -rf "$new"
    else
      rm -rf "$new"
      return 0
    fi
  fi
  # Copied, so newer than the sources: make takes them as up to date.
  cp -R "$cache/$key/obj" "$BUILD/" && { [[ -z ${MEMLAB_UID:-} ]] || chown -R "$MEMLAB_UID:$MEMLAB_UID" "$BUILD/obj"; }
}

# memlab_disallowed_symbols OBJ... - the symbols the student's objects
# reference that the lab does not allow (labs/lab.mk's BASE_SYMBOLS plus
# the lab's ALLOWED_SYMBOLS), space separated; empty when all are allowed.
# nm reads the objects in the sandbox; the grader only reads its answer.
memlab_disallowed_symbols() {
  (($#)) || return 0
  local used=$BATS_FILE_TMPDIR/symbols.used
  memlab_run --out "$used" --whole-out -- nm -u "$@"
  awk 'NF >= 2 && $(NF-1) ~ /^[Uw]$/ { print $NF }' "$used" | sort -u >"$used.list"
  make --no-print-directory -s -f "$MEMLAB_ROOT/labs/lab.mk" LAB_DIR="$MEMLAB_LAB_DIR" \
    COMMON="$MEMLAB_ROOT/common" print-allowed >"$BATS_FILE_TMPDIR/symbols.allowed"
  comm -23 "$used.list" "$BATS_FILE_TMPDIR/symbols.allowed" | head -n 8 | tr -cd '[:alnum:]_.@\n' | tr '\n' ' ' | sed 's/ $//'
}

# memlab_ready - succeed when the lab built (setup_file stops early if not).
memlab_ready() { [[ $(cat "$BATS_FILE_TMPDIR/build.status" 2>/dev/null) == ok ]]; }

# memlab_require_build - fail the current test unless the lab was built.
# The problem is told in full once, by the first test; the others say they
# wait for it, so a compile error is not repeated under every test.
memlab_require_build() {
  trap - DEBUG   # no bats tracing in tests either (see the top of this file)
  local status="not attempted" first=$BATS_FILE_TMPDIR/build.reported
  # read, not $(cat): this runs before every test.
  [[ ! -f $BATS_FILE_TMPDIR/build.status ]] || IFS= read -r status <"$BATS_FILE_TMPDIR/build.status" || true
  [[ $status == ok ]] && return 0
  if [[ -e $first ]]; then
    memlab_fail "the lab builds" "waiting: $(cat "$first")" "fix the first failing test of this lab"
    return
  fi
  case $status in
    missing)
      echo "a student file is missing" >"$first"
      memlab_fail "every student file of $MEMLAB_LAB in the submission" \
        "missing: $MEMLAB_MISSING" \
        "put the file(s) in <submission>/$MEMLAB_LAB/ (copy them from labs/$MEMLAB_LAB/)" ;;
    symbols:*)
      echo "your code calls functions this lab does not allow" >"$first"
      memlab_fail "your code calls only what this lab allows (the C library's basics and $(memlab_allowed_extra))" \
        "it references ${status#symbols: }" \
        "remove those calls from your file(s): they could reach the grader's harness or hide errors" ;;
    judge:*)
      echo "the grader's judge does not build" >"$first"
      memlab_fail "the grader's judge builds" "${status#judge: }" "a grader bug, not yours: please report it" ;;
    *)
      echo "the lab does not build" >"$first"
      memlab_fail "the lab builds with -Wall -Wextra -Werror" \
        "the build $status" \
        "$(memlab_first_compiler_error "$BATS_FILE_TMPDIR/build.log")" ;;
  esac
}

# memlab_allowed_extra - the lab's own additions to the allow-list, in words.
memlab_allowed_extra() {
  local extra
  extra=$(sed -n 's/^ALLOWED_SYMBOLS[[:space:]]*:\{0,1\}=[[:space:]]*//p' "$MEMLAB_LAB_DIR/lab.mk" | tr -s ' \t' ' ')
  echo "${extra:-nothing else}"
}

# memlab_inputs - the runs' inputs ($OBS/NAME.in), once the judge has
# written them: memlab_setup_lab started it beside the build.
MEMLAB_INPUTS_PID=
memlab_inputs() {
  if [[ -n $MEMLAB_INPUTS_PID ]]; then
    wait "$MEMLAB_INPUTS_PID" || true
    MEMLAB_INPUTS_PID=
  else
    memlab_judge_inputs
  fi
}

# memlab_judge_inputs - the judge writes the runs' inputs.
memlab_judge_inputs() {
  MEMLAB_LAB=$MEMLAB_LAB "$JUDGE" inputs "$MEMLAB_SEED" "$OBS" 2>>"$BATS_FILE_TMPDIR/judge.err" ||
    echo "judge inputs exited $?" >>"$BATS_FILE_TMPDIR/judge.err"
}

# memlab_observe NAME [--strace SYSCALLS] [memlab_run options] -- CMD...
# One run of the subject: stdin from $OBS/NAME.in (if the judge wrote it),
# stdout to $OBS/NAME.out (whole), stderr to $OBS/NAME.err, and how it
# ended to $OBS/NAME.status ("STATUS<TAB>WHY", written by the grader).
# --strace SYSCALLS: strace, run by the grader around the sandbox, logs
# those calls (and execve) to $OBS/NAME.strace.
memlab_observe() {
  local name=$1 opts=() in=/dev/null
  shift
  while (($#)) && [[ $1 != -- ]]; do
    if [[ $1 == --strace ]]; then opts+=(--trace "$OBS/$name.strace" "$2"); shift 2
    else opts+=("$1"); shift; fi
  done
  [[ ! -f $OBS/$name.in ]] || in=$OBS/$name.in
  : >"$OBS/$name.err"
  memlab_run --in "$in" --out "$OBS/$name.out" --whole-out --err "$OBS/$name.err" "${opts[@]}" "$@"
  printf '%s\t%s\n' "$MEMLAB_STATUS" "$MEMLAB_WHY" >"$OBS/$name.status"
}

# Lanes.  A lab's runs are independent: each reads its own input and writes
# its own files, and in a PID namespace of its own nothing one run leaves
# reaches another.  So setup_file starts them side by side, at most
# MEMLAB_LANES at once (grader/grade sets it: 1 without namespaces, where
# memlab_run sweeps the sandbox uid after each run), and memlab_verdict
# waits for all of them.  Which runs overlap changes no verdict: only
# when a run hangs may a run beside it still be run rather than skipped.
: "${MEMLAB_LANES:=1}"
MEMLAB_LANE_PIDS=()

# memlab_lane CMD... - run CMD (memlab_observe, memlab_memcheck, or a
# function of the bats file that only writes files) in a lane of its own,
# once one is free.  Start the longest runs (valgrind's) first.
memlab_lane() {
  local pid done_pid keep
  while ((${#MEMLAB_LANE_PIDS[@]} >= MEMLAB_LANES)); do
    done_pid=
    wait -n -p done_pid "${MEMLAB_LANE_PIDS[@]}" || true
    [[ -n $done_pid ]] || { wait "${MEMLAB_LANE_PIDS[@]}" || true; done_pid=all; }
    keep=()
    for pid in "${MEMLAB_LANE_PIDS[@]}"; do
      [[ $done_pid == all || $pid == "$done_pid" ]] || keep+=("$pid")
    done
    MEMLAB_LANE_PIDS=("${keep[@]}")
  done
  if ((MEMLAB_LANES <= 1)); then "$@"; return 0; fi
  "$@" &
  MEMLAB_LANE_PIDS+=("$!")
}

# memlab_lanes_wait - wait until every lane's run has ended.
memlab_lanes_wait() {
  ((${#MEMLAB_LANE_PIDS[@]} == 0)) || wait "${MEMLAB_LANE_PIDS[@]}" || true
  MEMLAB_LANE_PIDS=()
}

# memlab_verdict - once every lane has ended, the judge reads every run and
# writes one record per property to $BATS_FILE_TMPDIR/records.jsonl.
memlab_verdict() {
  local records=$BATS_FILE_TMPDIR/records.jsonl dir=$BATS_FILE_TMPDIR/prop
  memlab_lanes_wait
  mkdir -p "$dir"
  # One jq both checks the judge's JSON and splits it: one file per
  # property, its five fields a line each (the first record of an id
  # wins), which memlab_property reads without a jq per test.
  if ! MEMLAB_LAB=$MEMLAB_LAB "$JUDGE" verdict "$MEMLAB_SEED" "$OBS" >"$records.new" 2>>"$BATS_FILE_TMPDIR/judge.err" ||
     ! jq -r '[.id, .ok, .step, .expected, .seen, .where][] | tostring | gsub("[\n\r]"; " ")' \
       "$records.new" >"$records.fields" 2>/dev/null; then
    echo "judge verdict failed" >>"$BATS_FILE_TMPDIR/judge.err"
    return 0
  fi
  local id ok step expected seen where
  while IFS= read -r id && IFS= read -r ok && IFS= read -r step &&
        IFS= read -r expected && IFS= read -r seen && IFS= read -r where; do
    [[ $id =~ ^[A-Za-z0-9_.-]+$ && ! -e $dir/$id ]] || continue
    printf '%s\n' "$ok" "$step" "$expected" "$seen" "$where" >"$dir/$id"
  done <"$records.fields"
  mv "$records.new" "$records"
}

# memlab_property ID - pass if the judge's record for ID says ok, else fail
# with its expected, seen and where.
memlab_property() {
  local records=$BATS_FILE_TMPDIR/records.jsonl ok step expected seen where
  if [[ ! -s $records ]]; then
    memlab_fail "the grader's judge gives a verdict on '$1'" \
      "$(head -c 300 "$BATS_FILE_TMPDIR/judge.err" 2>/dev/null | head -n 1)" \
      "a grader bug, not yours: please report it"
    return
  fi
  # The judge's fields, split by memlab_verdict.
  local f=()
  [[ ! -f $BATS_FILE_TMPDIR/prop/$1 ]] || mapfile -t f <"$BATS_FILE_TMPDIR/prop/$1"
  if ((${#f[@]} < 5)); then
    memlab_fail "the grader's judge gives a verdict on '$1'" "it gave none" "a grader bug, not yours: please report it"
    return
  fi
  ok=${f[0]} step=${f[1]} expected=${f[2]} seen=${f[3]} where=${f[4]}
  if [[ ${BATS_TEST_DESCRIPTION:-} =~ ^step\ ([0-9]+): ]] && [[ ${BASH_REMATCH[1]} != "$step" ]]; then
    memlab_fail "the test and the judge agree on the step of '$1'" "the judge says step $step" "a grader bug: please report it"
    return
  fi
  [[ $ok == true ]] && return 0
  memlab_fail "$expected" "$seen" "$where"
}

# memlab_first_compiler_error LOG - the first "file:line: error" line, with
# the scratch path removed so it names the student's own file.
memlab_first_compiler_error() {
  local line
  line=$(grep -m1 -E '(error|warning):' "$1" 2>/dev/null) ||
    line=$(grep -m1 -v '^make' "$1" 2>/dev/null) || line="(no compiler message)"
  line=${line//"$MEMLAB_LAB_DIR/"/}
  printf '%s\n' "${line//"$MEMLAB_ROOT/"/}"
}

# memlab_fail EXPECTED SEEN WHERE - print a failure the student can act on,
# then the hint of the step the test belongs to, and fail.  The step comes
# from the test's name ("step 2: ..."); the hint from the lab's handout.
# The same three fields go, as one JSON object a line, to
# $MEMLAB_RESULTS/messages.jsonl when the grader set MEMLAB_RESULTS (a
# folder of its own): {"test", "step", "expected", "seen", "where"}.  The
# report layer renders from that record, never from text bats printed.
memlab_fail() {
  {
    printf 'expected: %s\n' "$1"
    printf 'seen:     %s\n' "$2"
    [[ -n ${3:-} ]] && printf 'where:    %s\n' "$3"
    memlab_hint
  } >&2
  if [[ -n ${MEMLAB_RESULTS:-} && -d $MEMLAB_RESULTS ]]; then
    local step=null
    [[ ${BATS_TEST_DESCRIPTION:-} =~ ^step\ ([0-9]+): ]] && step=${BASH_REMATCH[1]}
    jq -cn --arg test "${BATS_TEST_DESCRIPTION:-}" --argjson step "$step" \
      --arg expected "$1" --arg seen "$2" --arg where "${3:-}" \
      '{test: $test, step: $step, expected: $expected, seen: $seen, where: $where}' \
      >>"$MEMLAB_RESULTS/messages.jsonl"
  fi
  return 1
}

# memlab_hint - the help for the current test's step, from README.md: its
# nudge (memlab_handout_help).
memlab_hint() {
  local step
  [[ ${BATS_TEST_DESCRIPTION:-} =~ ^step\ ([0-9]+): ]] || return 0
  step=${BASH_REMATCH[1]}
  memlab_handout_help "$MEMLAB_LAB_DIR/README.md" "$step" "${MEMLAB_LAB:-}" | sed '1s/^/nudge:    /; 2,$s/^/          /'
}

# memlab_handout_help README STEP [LAB] - what a failing test of step STEP
# shows: the step's nudge (the concept and where to look, never code) and
# how to get the hint, which stays folded in the handout.  A step without
# a nudge shows its hint.
memlab_handout_help() {
  local nudge
  nudge=$(memlab_handout_nudge "$1" "$2")
  if [[ -z $nudge ]]; then memlab_handout_hint "$1" "$2"; return; fi
  printf '%s\n' "$nudge"
  local lab=${3:-}
  printf '(stuck? make hint LAB=%s STEP=%s)\n' "${lab%%-*}" "$2"
}

# memlab_handout_nudge README STEP - the text of step STEP's nudge:
#   > **Nudge:** text, on one or more quoted lines
memlab_handout_nudge() {
  awk -v step="$2" '
    /^### Step [0-9]+/ { match($0, /[0-9]+/); cur = substr($0, RSTART, RLENGTH) + 0; innudge = 0; next }
    cur == step && /^> \*\*Nudge:\*\*/ { innudge = 1; sub(/^> \*\*Nudge:\*\* */, ""); print; next }
    innudge && /^> / { sub(/^> /, ""); print; next }
    innudge { exit }
  ' "$1"
}

# memlab_handout_hint README STEP - the text of step STEP's hint block:
#   ### Step N: title ... <details><summary>Hint</summary> text </details>
memlab_handout_hint() {
  awk -v step="$2" '
    /^### Step [0-9]+/ { match($0, /[0-9]+/); cur = substr($0, RSTART, RLENGTH) + 0; next }
    cur == step && /<summary>Hint/ { inhint = 1; next }
    inhint && /<\/details>/ { exit }
    inhint && NF { print }
  ' "$1"
}
