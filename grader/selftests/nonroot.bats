# grader/selftests/nonroot.bats - as root, grade again as a normal user (a
# uid with no name, from a copy it can read): the laptop case must work too.

load lib/selftest

setup_file() {
  ((EUID == 0)) || return 0
  LAB=$(first_lab)
  COPY=$BATS_FILE_TMPDIR/user
  export LAB COPY
  # The user must reach its copy, nothing else of ours.
  chmod 711 "$BATS_FILE_TMPDIR" "${BATS_FILE_TMPDIR%/*}" "${BATS_FILE_TMPDIR%/*/*}" 2>/dev/null || true
  mkdir -p "$COPY/home"
  cp -R "$ROOT/labs" "$ROOT/common" "$ROOT/grader" "$ROOT/solutions" "$ROOT/Makefile" "$COPY/"
  rm -rf "$COPY/grader/mutants" "$COPY/grader/alternatives"
  chown -R 64250:64250 "$COPY"
}

setup() {
  ((EUID == 0)) || skip "only root can become another user"
  AS_USER=(setpriv --reuid=64250 --regid=64250 --clear-groups
           env HOME="$COPY/home" MEMLAB_PRISTINE="$COPY" TMPDIR="$COPY/home")
}

@test "user: a normal user's grading passes the solution" {
  run bash -c 'cd "$1" && shift && "$@"' _ "$COPY" "${AS_USER[@]}" grader/grade --solutions "$LAB"
  [[ $status == 0 ]] && grep -q "runs as you (uid 64250)" <<<"$output" ||
    fail_with "exit $status" "$(grep -E 'sandbox|FAIL|seen' <<<"$output" | head -n 5)"
}

@test "user: a normal user's grading fails the starter" {
  run bash -c 'cd "$1" && shift && "$@"' _ "$COPY" "${AS_USER[@]}" grader/grade "$LAB"
  [[ $status == 1 ]] || fail_with "exit $status" "$(tail -n 3 <<<"$output")"
}
