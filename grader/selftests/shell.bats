# grader/selftests/shell.bats - the grader's scripts are shellcheck-clean.

load lib/selftest

@test "shellcheck is clean on the grader's scripts" {
  cd "$ROOT"
  local s scripts=()
  for s in grader/grade grader/batch grader/unpack grader/pack grader/deps grader/selftest \
           grader/bench grader/mutation-score .ci/run grader/lib/*.bash grader/selftests/lib/*.bash \
           docs/gradescope/setup.sh docs/gradescope/run_autograder; do
    [[ -f $s ]] && scripts+=("$s")
  done
  run shellcheck -x -s bash "${scripts[@]}"
  [[ $status == 0 ]] || fail_with "$(tail -n 20 <<<"$output")"
}
