# grader/selftests/pack.bats - the student pack holds no answers, and
# grading works from it: the starter fails with a full report, the solution
# passes, and an edited harness file is refused.

load lib/selftest

setup_file() {
  LAB=$(first_lab)
  PACK=$BATS_FILE_TMPDIR/pack
  export LAB PACK
  mkdir -p "$PACK"
  "$ROOT/grader/pack" "$PACK/p.tar.gz" >"$PACK/log" 2>&1 && tar -xzf "$PACK/p.tar.gz" -C "$PACK"
}

@test "pack: make student-pack builds" {
  [[ -d $PACK/memory-labs ]] || fail_with "$(cat "$PACK/log")"
}

@test "pack: the student pack holds no solutions, mutants, alternatives or hostile code" {
  local leaked
  leaked=$(cd "$PACK/memory-labs" && { ls -d solutions grader/mutants grader/alternatives grader/hostile 2>/dev/null; true; })
  [[ -z $leaked ]] || fail_with "$leaked"
}

@test "pack: grading the pack's starter fails with a full report" {
  run env -u MEMLAB_PRISTINE "$PACK/memory-labs/grader/grade" "$LAB"
  [[ $status == 1 ]] && grep -q '^labs passed: 0/1' <<<"$output" || fail_with "exit $status" "$(tail -n 3 <<<"$output")"
}

@test "pack: the pack's grader passes the reference solution" {
  run env -u MEMLAB_PRISTINE "$PACK/memory-labs/grader/grade" --dir "$ROOT/solutions" "$LAB"
  [[ $status == 0 ]] || fail_with "exit $status" "$(grep -A3 FAIL <<<"$output" | head -n 8)"
}

@test "pack: an edited harness file is refused, by name" {
  echo '/* edited */' >>"$PACK/memory-labs/labs/$LAB/lab.mk"
  run env -u MEMLAB_PRISTINE "$PACK/memory-labs/grader/grade" "$LAB"
  [[ $status == 2 ]] && grep -q 'not the one this copy was shipped with' <<<"$output" || fail_with "exit $status: $output"
}
