# grader/selftests/lint.bats - the project's layout, across labs (each
# lab's own contract is linted by its generated tests, see grader/selftest):
# every folder keyed by a lab names a lab that exists, and every mutant
# and alternative patch reads as one.

load lib/selftest

@test "lint: every NN-slug folder and file under solutions, grader, slides names a lab" {
  local labs p key orphans=()
  labs=" $(all_labs | tr '\n' ' ') "
  cd "$ROOT"
  for p in solutions/[0-9][0-9]-* grader/mutants/[0-9][0-9]-* grader/alternatives/[0-9][0-9]-* \
           grader/[0-9][0-9]-*.bats slides/[0-9][0-9]-*.md; do
    [[ -e $p ]] || continue
    key=${p##*/}; key=${key%.bats}; key=${key%.md}
    [[ $labs == *" $key "* ]] || orphans+=("$p")
  done
  ((${#orphans[@]} == 0)) || fail_with "no lab for: ${orphans[*]}"
}

@test "lint: every mutant and alternative patch has a header and changes only student files" {
  local p lab sf f problems=()
  cd "$ROOT"
  for p in grader/mutants/*/*.patch grader/alternatives/*/*.patch; do
    [[ -e $p ]] || continue
    lab=${p#grader/*/}; lab=${lab%%/*}
    sf=" $(student_files "$lab") "
    if [[ $p == grader/mutants/* ]]; then
      [[ -n $(mutant_header mutant "$p") && -n $(mutant_header caught-by "$p") ]] ||
        problems+=("$p: the lines before the first --- need 'mutant:' and 'caught-by:'")
    else
      [[ -n $(mutant_header alternative "$p") ]] ||
        problems+=("$p: the lines before the first --- need 'alternative:'")
    fi
    while IFS= read -r f; do
      [[ $sf == *" $f "* ]] || problems+=("$p: changes $f, not a student file of $lab")
    done < <(sed -n 's|^+++ [^/]*/\([^[:space:]]*\).*|\1|p' "$p" | sed "s|^$lab/||")
  done
  ((${#problems[@]} == 0)) || fail_with "${problems[@]}"
}

@test "lint: every command the scripts run comes from a package grader/deps installs (a minimal Debian has nothing else)" {
  command -v dpkg >/dev/null || skip "not a Debian system"
  run "$ROOT/grader/lint-deps"
  ((status == 0)) || { echo "$output"; false; }
}
