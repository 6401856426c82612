# grader/selftests/contract.bats - grader/grade keeps the promises of its
# header: usage errors, missing files, hidden tests and points, a graded
# folder left untouched, the harness taken from git's HEAD.

load lib/selftest

setup_file() {
  LAB=$(first_lab)
  export LAB
}

@test "grade: an unknown lab is a usage error, in one line" {
  run "$ROOT/grader/grade" no-such-lab
  [[ $status == 2 && $(wc -l <<<"$output") == 1 ]] || fail_with "exit $status: $output"
}

@test "grade: a missing --dir is a usage error" {
  run "$ROOT/grader/grade" --dir "$BATS_TEST_TMPDIR/nowhere"
  [[ $status == 2 ]] || fail_with "exit $status: $output"
}

@test "grade: an unknown format is a usage error" {
  run "$ROOT/grader/grade" --format yaml
  [[ $status == 2 ]] || fail_with "exit $status: $output"
}

@test "grade: a lab the submission lacks fails, naming the missing file" {
  mkdir -p "$BATS_TEST_TMPDIR/empty"
  run "$ROOT/grader/grade" --dir "$BATS_TEST_TMPDIR/empty" "$LAB"
  [[ $status == 1 ]] && grep -q "missing: $LAB/" <<<"$output" || fail_with "exit $status" "$(head -n 8 <<<"$output")"
}

@test "grade: --hidden tests run beside the shipped ones, weighted by their points tag" {
  local h=$BATS_TEST_TMPDIR/hidden
  mkdir -p "$h"
  printf '%s\n' 'load lib/memlab' '# bats test_tags=points:3' \
    '@test "hidden: an instructor-only check" { false; }' >"$h/$LAB.bats"
  run "$ROOT/grader/grade" --solutions --hidden "$h" --format json "$LAB"
  [[ $status == 1 ]] && jq -e '.tests[] | select(.name | endswith("hidden: an instructor-only check"))
      | select(.max_score == 3 and .status == "failed")' <<<"$output" >/dev/null 2>&1 ||
    fail_with "exit $status" "$(tail -n 5 <<<"$output")"
}

@test "grade: every format is a rendering of the same results (human, tap, junit, json)" {
  local r=$BATS_TEST_TMPDIR/report fails
  ! "$ROOT/grader/grade" --dir "$ROOT/labs" --report "$r" "$LAB" >"$BATS_TEST_TMPDIR/out.human" 2>/dev/null ||
    fail_with "the starter passed" || return
  # shellcheck source=grader/lib/results.bash
  source "$ROOT/grader/lib/results.bash"
  results_tap "$r" "$LAB" >"$BATS_TEST_TMPDIR/out.tap"
  results_junit "$r" "$LAB" >"$BATS_TEST_TMPDIR/out.junit"
  results_json "$r" "$LAB" >"$BATS_TEST_TMPDIR/out.json"
  fails=$(grep -c '^  \[FAIL\]' "$BATS_TEST_TMPDIR/out.human")
  ((fails > 0)) || fail_with "no [FAIL] line in the human report" || return
  [[ $(grep -c '^not ok' "$BATS_TEST_TMPDIR/out.tap") == "$fails" ]] || fail_with "tap: not the human report's $fails failures" || return
  xmllint --noout "$BATS_TEST_TMPDIR/out.junit" || fail_with "junit: not XML" || return
  [[ $(xmllint --xpath 'count(//failure)' "$BATS_TEST_TMPDIR/out.junit") == "$fails" ]] || fail_with "junit: not $fails failures" || return
  [[ $(jq '[.tests[] | select(.status == "failed")] | length' "$BATS_TEST_TMPDIR/out.json") == "$fails" ]] ||
    fail_with "json: not $fails failures"
}

@test "grade: the graded folder is left exactly as it was" {
  local sub before after
  sub=$(overlay "$LAB")
  before=$(find "$sub" -printf '%p %s %T@\n' | sort | md5sum)
  "$ROOT/grader/grade" --dir "$sub" "$LAB" >/dev/null 2>&1 || true
  after=$(find "$sub" -printf '%p %s %T@\n' | sort | md5sum)
  [[ $before == "$after" ]]
}

@test "grade: harness files edited in the working tree are ignored (git HEAD is pristine)" {
  git -C "$ROOT" rev-parse --verify -q HEAD >/dev/null 2>&1 &&
    git -C "$ROOT" ls-files --error-unmatch "grader/$LAB.bats" >/dev/null 2>&1 ||
    skip "not a git checkout"
  local clone=$BATS_TEST_TMPDIR/clone
  git clone -q "$ROOT" "$clone" 2>/dev/null
  # A "harness" that passes anything: the verdict must not change.
  printf '%s\n' 'load lib/memlab' '@test "anything" { true; }' >"$clone/grader/$LAB.bats"
  run env -u MEMLAB_PRISTINE "$clone/grader/grade" --dir "$clone/labs" --format tap "$LAB"
  [[ $status == 1 ]] || fail_with "exit $status"
}

@test "grade: a submission that calls what its lab does not allow fails once, naming the symbols, and runs nothing" {
  local sub=$BATS_TEST_TMPDIR/sub
  mkdir -p "$sub/07-brk"
  cp "$ROOT"/solutions/07-brk/* "$sub/07-brk/"
  # The hostile cases' favourite calls: a process of its own, the
  # environment (where a verdict path once was), a signal to its group.
  printf '%s\n' '#include <stdlib.h>' '#include <signal.h>' '#include <unistd.h>' \
    'static void __attribute__((constructor)) grab(void)' \
    '{ if (getenv("X")) { if (fork() == 0) kill(0, SIGKILL); } }' >>"$sub/07-brk/bump.c"
  run "$ROOT/grader/grade" --dir "$sub" 07
  [[ $status == 1 ]] || fail_with "exit $status" "$output" || return
  [[ $(grep -c 'it references' <<<"$output") == 1 && $output == *fork* && $output == *getenv* && $output == *kill* ]] ||
    fail_with "$output" || return
  # Every other test waits for that one: no check ran the program.
  ! grep -q '\[pass\]' <<<"$output" || fail_with "$output"
}
