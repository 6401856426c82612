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

# memlab_setup_lab - build the lab once per bats file (call in setup_file).
# Extra arguments are passed to make.  Never fails: a missing file or a build
# error is reported by memlab_require_build in every test, so each one fails
# with the reason instead of bats' generic "setup_file failed".
memlab_setup_lab() {
  local log="$BATS_FILE_TMPDIR/build.log"
  if [[ -n ${MEMLAB_MISSING:-} ]]; then
    echo "missing" >"$BATS_FILE_TMPDIR/build.status"
    return 0
  fi
  memlab_run --cpu 120 --wall 180 --rw "$BUILD" --out "$log" --err "$log" -- \
    make --no-print-directory -f "$MEMLAB_ROOT/labs/lab.mk" \
      LAB_DIR="$MEMLAB_LAB_DIR" O="$BUILD" COMMON="$MEMLAB_ROOT/common" "$@"
  # From now on the programs are read-only to student code, even without
  # bubblewrap's read-only mounts: the sandbox uid gives its build back.
  [[ -z ${MEMLAB_UID:-} ]] || chown -R 0:0 "$BUILD"
  if ((MEMLAB_STATUS == 0)); then
    echo "ok" >"$BATS_FILE_TMPDIR/build.status"
  else
    echo "failed${MEMLAB_WHY:+: $MEMLAB_WHY}" >"$BATS_FILE_TMPDIR/build.status"
  fi
}

# memlab_require_build - fail the current test unless the lab was built.
memlab_require_build() {
  local status
  status=$(cat "$BATS_FILE_TMPDIR/build.status" 2>/dev/null || echo "not attempted")
  case $status in
    ok) return 0 ;;
    missing)
      memlab_fail "every student file of $MEMLAB_LAB in the submission" \
        "missing: $MEMLAB_MISSING" \
        "put the file(s) in <submission>/$MEMLAB_LAB/ (copy them from labs/$MEMLAB_LAB/)" ;;
    *)
      memlab_fail "the lab builds with -Wall -Wextra -Werror" \
        "the build $status" \
        "$(memlab_first_compiler_error "$BATS_FILE_TMPDIR/build.log")" ;;
  esac
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

# memlab_hint - the hint for the current test's step, from README.md.
memlab_hint() {
  local step
  [[ ${BATS_TEST_DESCRIPTION:-} =~ ^step\ ([0-9]+): ]] || return 0
  step=${BASH_REMATCH[1]}
  memlab_handout_hint "$MEMLAB_LAB_DIR/README.md" "$step" | sed '1s/^/hint:     /; 2,$s/^/          /'
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
