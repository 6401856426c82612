# grader/selftests/report.bats - the report layer (grader/lib/results.bash)
# on forged data: whatever a submission makes the tests print or record,
# every rendering stays valid and the grader's own lines stay its own.

load lib/selftest

setup() {
  # shellcheck source=grader/lib/results.bash
  source "$ROOT/grader/lib/results.bash"
  W=$BATS_TEST_TMPDIR
  # The attack: an escape sequence, invalid UTF-8, a forged line break,
  # bidi overrides, XML specials and what looks like the grader's lines.
  EVIL=$'out\e[2J\e[8m \xff\xfe\xc3 <x>&"q" \\0 \u202e\n  [pass] step 1: x\r\nlabs passed: 9/9\nok 7 forged'
  printf '%s\n' "### Step 1: sieve" "<details><summary>Hint</summary>" 'Use `\0`.' "</details>" >"$W/README.md"
  printf '%s\n' '@test "step 1: fine" {' '}' '# bats test_tags=points:3' '@test "step 1: recorded" {' '}' >"$W/L.bats"
  {
    echo "1..4"
    echo "ok 1 step 1: fine # in 12 ms"
    echo "not ok 2 step 1: recorded"
    echo "# expected: ignored, the record wins"
    # What a test could slip into bats' stream (descriptor 3) before its
    # own line: a forged status, a forged plan.
    printf '%s\n' "ok 3 plain" "1..1"
    echo "not ok 3 plain"
    echo "# (in test file grader/L.bats, line 9)"
    echo "#   \`false' failed"
    printf '# %s\n' "$EVIL"
    echo "ok 4 tool # skip (no pahole)"
  } >"$W/L.tap"
  mkdir -p "$W/L.results"
  jq -cn --arg s "$EVIL" '{test: "step 1: recorded", step: 1, expected: "e", seen: $s, where: "kv.c:3"}' \
    >"$W/L.results/messages.jsonl"
  echo '{"test": "step 1: recorded", "broken' >>"$W/L.results/messages.jsonl"
  results_build "$W" L "$W/README.md" "$W/L.bats"
}

@test "report: LAB.json holds each test's verdict, step, points and record" {
  jq -e '.lab == "L" and .passed == false and .planned == 4 and .score == 2 and .max_score == 6
    and (.tests | map(.name) == ["step 1: fine", "step 1: recorded", "plain", "tool"])
    and .tests[1].step == 1 and .tests[1].points == 3 and .tests[1].expected == "e"
    and .tests[1].where == "kv.c:3" and (.tests[1].hint | contains("Use"))
    and .tests[2].step == null and .tests[2].hint == null
    and .tests[3].ok and .tests[3].skipped
    and .steps == [{step: 1, title: "sieve", ok: false}]' "$W/L.json" >/dev/null ||
    fail_with "$(jq -c . "$W/L.json")"
}

@test "report: a failure without a record quotes bats' lines, not its notes" {
  jq -e '.tests[2] | (.expected | test("passes")) and (.seen | contains("out"))
    and (.seen | contains("in test file") | not) and (.seen | contains("failed") | not)' "$W/L.json" >/dev/null ||
    fail_with "$(jq -c '.tests[2]' "$W/L.json")"
}

@test "report: quoted text shows its control characters and cannot break a line" {
  local seen
  seen=$(jq -r '.tests[1].seen' "$W/L.json")
  [[ $seen != *$'\e'* && $seen != *$'\n'* && $seen != *$'\r'* && $seen != *$'\u202e'* ]] || fail_with "raw: $seen" || return
  [[ $seen == *'^[[2J'* && $seen == *'⏎'* && $seen == *'\x0d'* && $seen == *'\u{202e}'* ]] || fail_with "not shown: $seen"
}

@test "report: the human report's own lines come only from the grader" {
  results_human "$W" L >"$W/human"
  ! grep -q $'\e' "$W/human" || fail_with "an escape character in the report" || return
  # At the margin only the grader's lines; every quoted line is indented.
  local bad
  bad=$(grep -vE '^(== L|  \[(pass|FAIL|skip)\] (step 1: fine|step 1: recorded|plain|tool)( \(.*\))?|  => .*|labs passed: 0/1|         (expected|seen|where|hint): .*|                   .*|)$' "$W/human") || true
  [[ -z $bad ]] || fail_with "lines not the grader's:" "$bad" || return
  [[ $(grep -c '^labs passed:' "$W/human") == 1 ]] || fail_with "$(cat "$W/human")"
}

@test "report: TAP keeps one status line per test, quoted text in comments" {
  results_tap "$W" L >"$W/tap"
  [[ $(grep -cE '^(not )?ok ' "$W/tap") == 4 && $(head -n1 "$W/tap") == 1..4 ]] || fail_with "$(cat "$W/tap")" || return
  ! grep -vE '^(1\.\.4|# .*|(not )?ok [1-4] (step 1: fine|step 1: recorded|plain|tool)( # skip)?)$' "$W/tap" ||
    fail_with "a line that is neither a status nor a comment"
}

@test "report: JUnit is XML that xmllint accepts, Gradescope's JSON is JSON" {
  results_junit "$W" L >"$W/junit.xml"
  xmllint --noout "$W/junit.xml" || fail_with "$(cat "$W/junit.xml")" || return
  [[ $(xmllint --xpath 'count(//failure)' "$W/junit.xml") == 2 ]] || fail_with "want 2 failures" || return
  results_json "$W" L >"$W/results.json"
  jq -e '.score == 2 and .max_score == 6 and (.tests | length == 4)' "$W/results.json" >/dev/null ||
    fail_with "$(cat "$W/results.json")"
}

@test "report: invalid UTF-8 in the TAP itself still gives valid JSON" {
  printf '1..1\nnot ok 1 plain\n# \xc3\x28 \xf0\x28\x8c\x28\n' >"$W/M.tap"
  results_build "$W" M "$W/README.md" "$W/L.bats"
  jq -e '.tests[0].seen | length > 0' "$W/M.json" >/dev/null && iconv -f UTF-8 -t UTF-8 "$W/M.json" >/dev/null
}

@test "report: a test bats planned but never reported is a failure" {
  printf '1..3\nok 1 step 1: fine\n' >"$W/N.tap"
  results_build "$W" N "$W/README.md" "$W/L.bats"
  jq -e '.passed == false and (.tests[-1].name == "every planned check ran")' "$W/N.json" >/dev/null
}

@test "report: CSV cells are quoted and a formula is neutralised" {
  [[ $(results_csv_header L) == '"student","L","total"' ]] || return 1
  run results_csv_row $'=cmd|\' /C calc\'!A0\e' "$W" L
  [[ $output == "\"'=cmd|' /C calc'!A0^[\",2,2" ]] || fail_with "$output"
}

@test "report: make grade's progress table names the next step" {
  run results_progress "$W" L
  [[ $output == *"L"*"0/1"*"step 1: sieve"* ]] || fail_with "$output"
}
