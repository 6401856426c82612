# grader/selftests/readme.bats - every command in the READMEs' console
# blocks ("$ cmd"), run from the root: a line ending in "# fails" must
# fail, every other one must succeed.  (make check itself is not run again.)

load lib/selftest

# console_lines - "README<TAB>command" for each console line of each README.
console_lines() {
  local md
  cd "$ROOT"
  for md in README.md labs/*/README.md; do
    awk -v md="$md" '/^```console/ { on = 1; next } /^```/ { on = 0 } on && /^\$ / { print md "\t" substr($0, 3) }' "$md"
  done
}

@test "the READMEs' console commands do what they say" {
  local md cmd want problems=() n=0
  while IFS=$'\t' read -r md cmd; do
    want=0
    [[ $cmd == *'# fails' ]] && { want=1; cmd=${cmd%%# fails}; }
    [[ $cmd == 'make check'* ]] && continue
    n=$((n + 1))
    local status=0
    (cd "$ROOT" && timeout 600 bash -c "$cmd" >"$BATS_TEST_TMPDIR/cmd.out" 2>&1) </dev/null || status=$?
    # pahole 1.30 (Debian 13) exits 1 after printing a correct layout: a
    # pahole line is judged by the layout it printed (as lab 02's grader does).
    if [[ $cmd == pahole\ * ]] && ((status == 1)) && grep -q '/\* size: [0-9]' "$BATS_TEST_TMPDIR/cmd.out"; then
      status=0
    fi
    if { ((want == 0)) && ((status != 0)); } || { ((want == 1)) && ((status == 0)); }; then
      problems+=("$md: \$ $cmd exited $status" "$(tail -n 5 "$BATS_TEST_TMPDIR/cmd.out")")
    fi
    echo "# $md: \$ $cmd (exit $status)" >&3
  done < <(console_lines)
  ((n > 0)) || problems+=("no console line found in the READMEs")
  ((${#problems[@]} == 0)) || fail_with "${problems[@]}"
}
