# grader/selftests/lib/labs.bash - the per-lab self-tests and the grading
# jobs behind them.
#
# grader/selftest writes one bats file per lab (a test per mutant and per
# alternative: bats 1.8.2 cannot register tests at run time) whose tests
# call the lab_* functions below, and a job list that its queue runs two at
# a time with selftest_job.  A test waits for its job (selftest_result).
#
# Jobs, one a line of the list: KEY<TAB>KIND<TAB>LAB<TAB>SOURCE, KIND one of
#   solution     grade solutions/LAB              (must pass)
#   starter      grade labs/LAB                   (must fail)
#   mutant       SOURCE applied to the solution   (must fail on its caught-by test)
#   alternative  SOURCE applied to the solution   (must pass)
#   hostile      SOURCE (grader/hostile/NAME.c) appended to the solution's
#                first .c file, graded by a private copy of the project

# shellcheck source=grader/selftests/lib/selftest.bash
source "${BASH_SOURCE[0]%/*}/selftest.bash"

# selftest_job KEY KIND LAB SOURCE - run one grading; leaves in the queue
# folder KEY.out (its output) and, last, KEY.status (its exit status).
selftest_job() {
  local key=$1 kind=$2 lab=$3 src=$4 q=$SELFTEST_QUEUE sub status=0
  case $kind in
    solution) "$ROOT/grader/grade" --dir "$ROOT/solutions" --format tap "$lab" >"$q/$key.out" 2>&1 || status=$? ;;
    starter) "$ROOT/grader/grade" --dir "$ROOT/labs" --format tap "$lab" >"$q/$key.out" 2>&1 || status=$? ;;
    alternative)
      if sub=$(apply_mutant "$lab" "$src" 2>"$q/$key.out"); then
        "$ROOT/grader/grade" --dir "$sub" --format tap "$lab" >"$q/$key.out" 2>&1 || status=$?
      else status="patch"; fi ;;
    mutant)
      # Only the test that must catch it runs: the others' verdicts are
      # not what this job proves, and a grading costs seconds per test.
      if sub=$(apply_mutant "$lab" "$src" 2>"$q/$key.out"); then
        "$ROOT/grader/grade" --dir "$sub" --format tap --only "$(mutant_header caught-by "$src")" "$lab" \
          >"$q/$key.out" 2>&1 || status=$?
      else status="patch"; fi ;;
    hostile) hostile_job "$key" "$lab" "$src" || status=$? ;;
  esac
  [[ -z ${sub:-} ]] || rm -rf "$sub"
  echo "$status" >"$q/$key.status.tmp" && mv "$q/$key.status.tmp" "$q/$key.status"
}

# alternative_differs LAB DIR - succeed when the files of the folder DIR
# differ from the solution's in at least half of their lines.
alternative_differs() {
  local lab=$1 dir=$2 f changed=0 lines=0
  for f in "$dir"/*; do
    changed=$((changed + $(diff "$ROOT/solutions/$lab/${f##*/}" "$f" | grep -c '^[<>]')))
    lines=$((lines + $(cat "$f" "$ROOT/solutions/$lab/${f##*/}" 2>/dev/null | wc -l)))
  done
  ((2 * changed >= lines))
}

# lab_lint LAB - every place of the lab contract (docs/lab-contract.md).
lab_lint() {
  local lab=$1 problems=() f steps todos hints n sf
  sf=$(student_files "$lab")
  cd "$ROOT" || return 1
  for f in "labs/$lab/README.md" "labs/$lab/demo.c" "grader/$lab.bats" "slides/$lab.md"; do
    [[ -f $f ]] || problems+=("missing $f")
  done
  for f in $sf; do
    [[ -f labs/$lab/$f ]] || problems+=("student file labs/$lab/$f missing")
    [[ -f solutions/$lab/$f ]] || problems+=("solution solutions/$lab/$f missing")
  done
  # The student's room at a glance (issue 14): the handout, the build
  # rules, the demo (demo.c, and demo/ when it has parts), the student's
  # files; all else under harness/.
  for f in labs/"$lab"/*; do
    case ${f##*/} in README.md|lab.mk|demo.c|demo|harness) continue ;; esac
    [[ " $sf " == *" ${f##*/} "* ]] ||
      problems+=("$f is neither the handout, lab.mk, demo.c nor a student file: move it under labs/$lab/harness/")
  done
  for f in solutions/"$lab"/*; do
    [[ " $sf " == *" ${f##*/} "* ]] ||
      problems+=("$f is not a student file of $lab (STUDENT_FILES in labs/$lab/lab.mk)")
  done
  # Mutants: 8 or more is the target (issue 9); below 4 is a failure,
  # below 8 a warning while the labs are converted to patches.
  n=$(mutants "$lab" | wc -l)
  ((n >= 4)) || problems+=("$n mutants under grader/mutants/$lab (want 8; 4 at the very least)")
  ((n >= 8 || n < 4)) || echo "# warning: $lab has $n mutants (the target is 8)" >&3
  while IFS= read -r f; do
    [[ -n $(mutant_header mutant "$f") ]] || problems+=("${f#"$ROOT"/}: no 'mutant:' line in its header")
    [[ -n $(mutant_header caught-by "$f") ]] || problems+=("${f#"$ROOT"/}: no 'caught-by:' line in its header")
  done < <(mutants "$lab")
  n=$(alternatives "$lab" | wc -l)
  ((n >= 2)) || problems+=("$n alternatives under grader/alternatives/$lab (want 2 at least)")
  # An alternative that repeats most of the solution is a patch (its header
  # says what differs); a folder of whole files is for an answer written
  # another way, which differs from the solution in most of its lines.
  while IFS= read -r f; do
    if [[ -f $f ]]; then
      [[ -n $(mutant_header alternative "$f") ]] || problems+=("${f#"$ROOT"/}: no 'alternative:' line in its header")
    elif ! alternative_differs "$lab" "$f"; then
      problems+=("${f#"$ROOT"/}: repeats most of the solution: make it ${f##*/}.patch (see docs/lab-contract.md)")
    fi
  done < <(alternatives "$lab")
  # Steps in the handout, TODO markers in the starter: the same numbers,
  # each marker once, and a hint for every step.
  steps=$(sed -n 's/^### Step \([0-9]\{1,\}\).*/\1/p' "labs/$lab/README.md" 2>/dev/null | sort -n | tr '\n' ' ')
  # shellcheck disable=SC2046,SC2086  # the file names have no spaces (lab.mk words)
  todos=$(grep -ohE 'TODO [0-9]+:' $(printf "labs/$lab/%s " $sf) 2>/dev/null |
    sed 's/TODO \([0-9]*\):/\1/' | sort -n | tr '\n' ' ')
  [[ -n $steps ]] || problems+=("labs/$lab/README.md has no '### Step N:' headings")
  [[ $steps == "$todos" ]] ||
    problems+=("handout steps ($steps) and TODO markers ($todos) do not match one for one")
  for n in $steps; do
    hints=$(awk -v step="$n" '
      /^### Step [0-9]+/ { match($0, /[0-9]+/); cur = substr($0, RSTART, RLENGTH) + 0 }
      cur == step && /<summary>Hint/ { c++ } END { print c + 0 }' "labs/$lab/README.md")
    ((hints == 1)) || problems+=("step $n of labs/$lab/README.md has $hints hint blocks (want 1)")
    hints=$(awk -v step="$n" '
      /^### Step [0-9]+/ { match($0, /[0-9]+/); cur = substr($0, RSTART, RLENGTH) + 0 }
      cur == step && /^> \*\*Nudge:\*\*/ { c++ } END { print c + 0 }' "labs/$lab/README.md")
    ((hints == 1)) || problems+=("step $n of labs/$lab/README.md has $hints nudges (want 1: '> **Nudge:** ...' before the hint)")
  done
  # The student's room: each student file says so in its header.
  for f in $sf; do
    head -n 15 "labs/$lab/$f" 2>/dev/null | grep -qi 'you edit this file' ||
      problems+=("labs/$lab/$f: its header (first 15 lines) does not say 'You edit this file'")
  done
  ((${#problems[@]} == 0)) || fail_with "${problems[@]}"
}

# lab_builds LAB - harness, demo and starter build warning-free.
lab_builds() {
  make --no-print-directory -C "$ROOT" -f labs/lab.mk LAB_DIR="labs/$1" O="$SELFTEST_TMP/build/$1" 2>&1 |
    tail -n 5
  return "${PIPESTATUS[0]}"
}

# show_failures - the first failures of a TAP report in $out.
show_failures() { grep -A4 '^not ok' <<<"$out" | head -n 12; }

lab_solution_passes() {
  selftest_result "$1.solution"
  [[ $status == 0 ]] || fail_with "grade exited $status" "$(show_failures)"
}

lab_starter_fails() {
  selftest_result "$1.starter"
  if [[ $status != 1 ]] || ! grep -q '^not ok' <<<"$out"; then
    fail_with "grade exited $status" "$(tail -n 3 <<<"$out")"
  fi
}

# lab_mutant_rejected LAB NAME - the mutant fails, on the test its header names.
lab_mutant_rejected() {
  local lab=$1 m caught
  m=$(mutants "$lab" | while IFS= read -r p; do [[ $(mutant_name "$p") == "$2" ]] && echo "$p"; done | head -n1)
  caught=$(mutant_header caught-by "$m")
  [[ -n $caught ]] || fail_with "no 'caught-by:' line in the header of ${m#"$ROOT"/}" || return
  grep -qF "@test \"$caught\"" "$ROOT/grader/$lab.bats" ||
    fail_with "no @test \"$caught\" in grader/$lab.bats" || return
  selftest_result "$lab.mutant.$2"
  [[ $status != patch ]] ||
    fail_with "${m#"$ROOT"/} no longer applies to solutions/$lab:" "$out" || return
  if [[ $status != 1 ]] || ! failing_tests <<<"$out" | grep -qxF "$caught"; then
    fail_with "grade exited $status; failing tests:" "$(failing_tests <<<"$out" | head -n 5)"
  fi
}

lab_alternative_passes() {
  selftest_result "$1.alternative.$2"
  [[ $status != patch ]] ||
    fail_with "grader/alternatives/$1/$2.patch no longer applies to solutions/$1:" "$out" || return
  [[ $status == 0 ]] || fail_with "grade exited $status" "$(show_failures)"
}

# hostile_job KEY LAB SNIPPET - grade the solution with SNIPPET appended to
# its first .c file, with a private copy of the project (so that the digest
# sees only what the hostile code did).  Leaves KEY.out, KEY.seconds,
# KEY.left (processes left behind), KEY.changed (non-empty: files changed).
hostile_job() {
  local key=$1 lab=$2 snippet=$3 q=$SELFTEST_QUEUE proj sub cfile before after uid start status=0
  cfile=$(student_files "$lab" | tr ' ' '\n' | grep -m1 '\.c$')
  proj=$(mktemp -d "$SELFTEST_TMP/project.XXXXXX")
  cp -R "$ROOT/labs" "$ROOT/common" "$ROOT/grader" "$ROOT/solutions" "$ROOT/Makefile" "$proj/"
  rm -rf "$proj/grader/mutants" "$proj/grader/alternatives"
  # Each layer is tried alone: the symbol allow-list would refuse most
  # attacks before they run (hostile_case "allow-list" proves it), so here
  # the lab allows what the snippet calls, and the sandbox must hold.
  local syms
  syms=$(gcc -std=gnu11 -c -o "$proj/snippet.o" -x c "$snippet" 2>/dev/null &&
         nm -u "$proj/snippet.o" | awk '{print $2}' | tr '\n' ' ')
  rm -f "$proj/snippet.o"
  printf '\nALLOWED_SYMBOLS += %s\n' "$syms" >>"$proj/labs/$lab/lab.mk"
  before=$(tree_digest "$proj")
  sub=$(overlay "$lab")
  cat "$snippet" >>"$sub/$lab/$cfile"
  start=$SECONDS
  MEMLAB_PRISTINE=$proj timeout 600 "$proj/grader/grade" --dir "$sub" "$lab" >"$q/$key.out" 2>&1 || status=$?
  echo $((SECONDS - start)) >"$q/$key.seconds"
  # The sandbox uid this grade used (its first line names it).
  uid=$(sed -n 's/.*runs as uid \([0-9]*\).*/\1/p' "$q/$key.out" | head -n1)
  : >"$q/$key.left"
  if [[ -n $uid ]] && ((uid >= 64000)); then
    pgrep -l -U "$uid" >"$q/$key.left" 2>/dev/null && pkill -KILL -U "$uid"
  fi
  after=$(tree_digest "$proj")
  [[ $before == "$after" ]] && : >"$q/$key.changed" || echo "files of the project changed" >"$q/$key.changed"
  rm -rf "$proj" "$sub"
  return "$status"
}

# hostile_case LAB NAME - judge a hostile job against the verdict its
# snippet's header wants: "pass", "pass-or-fail" (the sandbox makes the
# attack a no-op), or "fail REGEX" (REGEX names the cause in the report).
# Always: within 300 s, no process left, no file of the project changed, no
# /tmp/memlab-owned, a report whose own lines no quoted text imitates.
hostile_case() {
  local lab=$1 name=$2 want problems=() q=$SELFTEST_QUEUE
  want=$(sed -n 's/^ \* expect: //p' "$ROOT/grader/hostile/$name.c")
  selftest_result "hostile.$name"
  case $want in
    pass) [[ $status == 0 ]] || problems+=("want a pass, grade exited $status") ;;
    pass-or-fail) [[ $status == [01] ]] && grep -q '^labs passed:' <<<"$out" ||
      problems+=("want a complete report, grade exited $status") ;;
    fail\ *) [[ $status == 1 ]] && grep -qE "${want#fail }" <<<"$out" ||
      problems+=("want a failure naming /${want#fail }/, grade exited $status") ;;
    *) problems+=("no ' * expect: pass|pass-or-fail|fail REGEX' line in grader/hostile/$name.c") ;;
  esac
  (($(cat "$q/hostile.$name.seconds" 2>/dev/null || echo 0) <= 300)) ||
    problems+=("took $(cat "$q/hostile.$name.seconds") s")
  [[ ! -s $q/hostile.$name.left ]] || problems+=("processes left behind: $(tr '\n' ' ' <"$q/hostile.$name.left")")
  [[ ! -s $q/hostile.$name.changed ]] || problems+=("$(cat "$q/hostile.$name.changed")")
  [[ ! -e /tmp/memlab-owned ]] || { problems+=("it wrote /tmp/memlab-owned"); rm -f /tmp/memlab-owned; }
  # The report's own lines are the grader's: one verdict line, at the end,
  # and no escape character anywhere.
  if [[ $status == [01] ]]; then
    [[ $(grep -c '^labs passed:' <<<"$out") == 1 && $(tail -n1 <<<"$out") == 'labs passed: '* ]] ||
      problems+=("the report has a 'labs passed:' line that is not the grader's")
    ! grep -q $'\e' <<<"$out" || problems+=("an escape character reached the report")
  fi
  ((${#problems[@]} == 0)) ||
    fail_with "${problems[@]}" "$(grep -E 'FAIL|seen|expected' <<<"$out" | head -n 6)"
}
