# grader/lib/results.bash - one data file per lab, and the reports drawn from it.
#
# Sourced by grader/grade and grader/batch.
#
#   bats' TAP ----------------.   status lines only: "ok N name",
#   (W/LAB.tap)                |   "not ok N name", " # skip (why)"
#   failure records -----------+-> results_build -> W/LAB.json --> human
#   (W/LAB.results/            |   (jq; every quoted string   |--> tap
#    messages.jsonl)           |    through `sanitise`)       |--> junit
#   points tags, handout ------'                              |--> json (Gradescope)
#                                                             `--> csv (a row)
#
# W/LAB.json, the one source of every report:
#   { "lab": "05-static", "seed": null | "...", "passed": bool,
#     "score": N, "max_score": N, "planned": N,
#     "steps": [ {"step": N, "title": "...", "ok": bool} ],
#     "tests": [ {"name": "...", "step": N | null, "points": N,
#                 "ok": bool, "skipped": bool,
#                 "expected", "seen", "where", "hint": string | null} ] }
# A failed test's expected/seen/where come from the record memlab_fail wrote
# for it ({"test", "step", "expected", "seen", "where"}, one JSON object a
# line); a test that failed without one (a plain command failed) gets a
# generic expectation and, as "seen", bats' own comment lines for it.  Its
# hint is the handout's hint for its step ("step N: ..." in its name).
# A lab passes when bats planned tests, every planned test reported, and
# none failed.  A skipped test counts as passed (TAP's rule), shown [skip].
#
# Nothing here parses bats' wording but the TAP status lines; the grader's
# own lines ([pass], "=> passed", "labs passed", "ok N") are written from
# the data, and every quoted line is indented under its label.

# shellcheck source=grader/lib/sanitise.bash
source "${BASH_SOURCE[0]%/*}/sanitise.bash"
MEMLAB_RESULTS_LIB=${BASH_SOURCE[0]%/*}

# results_points BATS... - "name<TAB>points" for every @test of the files.
# A test's points come from a bats tag above it: # bats test_tags=points:3
# (default 1).
results_points() {
  awk '
    /^# bats test_tags=/ { if (match($0, /points:[0-9]+/)) pts = substr($0, RSTART + 7, RLENGTH - 7) }
    /^@test "/ {
      name = $0; sub(/^@test "/, "", name); sub(/" *\{.*$/, "", name)
      gsub(/\\"/, "\"", name)
      print name "\t" (pts == "" ? 1 : pts); pts = ""
    }
  ' "$@"
}

# results_step_args ARRAY README LAB FAILED - the handout's steps, three
# words each in ARRAY (step, title, hint), for results_build's jq: "### Step
# N: title" headings, and what a failing test of the step shows: its nudge
# and how to get the hint, which stays folded (memlab_handout_help,
# grader/lib/memlab.bash, the one reader of nudges and hints).  Only a
# failing test shows it: FAILED lists the steps with a failing test
# (" 1 3 "), and the other steps get an empty hint, so a lab that passes
# costs no shell per step.
results_step_args() {
  local -n step_args=$1
  local n title readme=$2 lab=$3 failed=$4 hint
  step_args=()
  while IFS=$'\t' read -r n title; do
    hint=
    if [[ $failed == *" $((10#$n)) "* ]]; then
      hint=$(results_hint "$readme" "$n" "$lab" | memlab_utf8)
    fi
    step_args+=("$((10#$n))" "$title" "$hint")
  done < <(sed -n 's/^### Step \([0-9]\{1,\}\)[:.]\{0,1\}[[:space:]]*\(.*\)/\1\t\2/p' "$readme" 2>/dev/null)
}

# results_failed_steps TAP - the numbers of the steps a failing test of
# TAP belongs to ("not ok N step S: ..."), on one line.
results_failed_steps() {
  sed -n 's/^not ok [0-9]\{1,\} step 0*\([0-9]\{1,\}\):.*/\1/p' "$1" 2>/dev/null | sort -un | tr '\n' ' '
}

# results_hint README STEP LAB - memlab_handout_help, in a shell of its own:
# memlab.bash is bats' library, so it is given what it asks for.
results_hint() {
  # shellcheck disable=SC2016  # for the inner shell
  MEMLAB_ROOT=/nonexistent MEMLAB_LAB=none bash -c '
    bats_require_minimum_version() { :; }
    source "$1/memlab.bash" >/dev/null 2>&1 || true
    memlab_handout_help "$2" "$3" "$4"' _ "$MEMLAB_RESULTS_LIB" "$1" "$2" "$3" 2>/dev/null
}

# results_build W LAB README BATS... - write W/LAB.json from W/LAB.tap,
# W/LAB.results/messages.jsonl, the points tags of the BATS files and the
# handout README.  MEMLAB_SEED, when set, is recorded as the run's seed.
results_build() {
  local w=$1 lab=$2 readme=$3
  shift 3
  local records=$w/$lab.results/messages.jsonl steps=()
  # One jq (each costs ~30 ms to start): the steps come as its arguments,
  # the failure records as raw lines.
  results_step_args steps "$readme" "$lab" " $(results_failed_steps "$w/$lab.tap") "
  jq -n \
    --arg lab "$lab" --arg seed "${MEMLAB_SEED:-}" \
    --rawfile tap <(memlab_utf8 <"$w/$lab.tap") \
    --rawfile points <(results_points "$@" | memlab_utf8) \
    --rawfile records_raw <(if [[ -f $records ]]; then memlab_utf8 <"$records"; fi) \
    "$MEMLAB_SANITISE_JQ"'
    # bats notes where in the .bats file a test failed: noise for students.
    def bats_note: test("^\\((in test file|from function)|^ +(in test file|from function)|^ +`.*'"'"' failed");
    ($ARGS.positional as $a
     | [range(0; $a | length; 3) as $i | {step: ($a[$i] | tonumber), title: $a[$i + 1], hint: $a[$i + 2]}]) as $steps
    | [$records_raw | split("\n")[] | fromjson? | objects] as $records
    | ($points | split("\n") | map(select(length > 0) | split("\t")
       | {key: .[0], value: (.[1] | tonumber? // 1)}) | from_entries) as $pts
    | ($steps | map({key: (.step | tostring), value: .}) | from_entries) as $step_of
    # A status line counts only if its number is within the plan, and the
    # last line for a number wins: bats writes the line of a test after
    # anything the test could have slipped into the stream while it ran.
    | (reduce ($tap | split("\n"))[] as $l ({plan: null, tests: {}, cur: null};
        if .plan == null and ($l | test("^1\\.\\.[0-9]+")) then
          .plan = ($l | capture("^1\\.\\.(?<n>[0-9]+)").n | tonumber)
        elif $l | test("^(not )?ok [0-9]+( |$)") then
          ($l | capture("^(?<no>not )?ok (?<n>[0-9]+) ?(?<rest>.*)$")) as $s
          | ($s.rest | sub(" # in [0-9]+ ms$"; "")) as $r
          | ($r | capture("^(?<name>.*?) # [sS][kK][iI][pP](?: \\(?(?<why>.*?)\\)?)?$")
             // {name: $r, why: null}) as $n
          | ($s.n | tonumber) as $num
          | if .plan != null and $num >= 1 and $num <= .plan then
              .cur = ($num | tostring)
              | .tests[.cur] = {num: $num, name: $n.name, ok: ($s.no == null),
                                skipped: ($r | test(" # [sS][kK][iI][pP]( |$)")), why: $n.why, notes: []}
            else .cur = null end
        elif ($l | startswith("#")) and .cur != null then
          .tests[.cur].notes += [$l | sub("^# ?"; "")]
        else . end)) as $run
    | [$run.tests | to_entries | map(.value) | sort_by(.num) | .[]
       | .name as $name
       | (($name | capture("^step (?<s>[0-9]+):") | .s | tonumber) // null) as $step
       | (first($records[] | select(.test == $name)) // null) as $rec
       | {name: ($name | sanitise), step: $step, points: ($pts[$name] // 1),
          ok, skipped,
          expected: (if .ok then null
                     elif $rec then ($rec.expected // "" | sanitise)
                     else "this check passes (it stopped on a command that failed)" end),
          seen: (if .skipped then ("skipped: " + (.why // "") | sanitise)
                 elif .ok then null
                 elif $rec then ($rec.seen // "" | sanitise)
                 else ([.notes[] | select(bats_note | not)] | join("\n") | sanitise_lines
                       | if . == "" then "no message" else . end) end),
          where: (if .ok or ($rec | not) then null else ($rec.where // "" | sanitise) end),
          hint: (if .ok or $step == null then null
                 else ($step_of[$step | tostring].hint // null | if . == null or . == "" then null else sanitise_lines end) end)}
      ] as $tests
    | ($run.plan // 0) as $plan
    # Tests bats planned but never reported (it died half way) are a failure.
    | ($tests + (if ($tests | length) < $plan then
        [{name: "every planned check ran", step: null, points: 0, ok: false, skipped: false,
          expected: "\($plan) checks run", seen: "\($plan - ($tests | length)) of them did not report",
          where: null, hint: null}] else [] end)) as $tests
    | {lab: $lab, seed: (if $seed == "" then null else $seed end),
       passed: ($plan > 0 and ($tests | all(.ok))),
       score: ([$tests[] | select(.ok) | .points] | add // 0),
       max_score: ([$tests[].points] | add // 0),
       planned: $plan,
       steps: [$steps[] | .step as $n
               | {step: $n, title: (.title | sanitise),
                  ok: ([$tests[] | select(.step == $n)] | length > 0 and all(.ok))}],
       tests: $tests}
  ' --args "${steps[@]}" >"$w/$lab.json" && return 0
  # The report layer itself failed: the lab fails, and says so.
  jq -n --arg lab "$lab" '{lab: $lab, seed: null, passed: false, score: 0, max_score: 0,
    planned: 0, steps: [], tests: [{name: "the grader could build this lab report", step: null,
      points: 0, ok: false, skipped: false, expected: "a report built from the run of the tests",
      seen: "jq could not build it (a bug of the grader: tell the teacher)", where: null, hint: null}]}' \
    >"$w/$lab.json"
}

# results_passed W LAB - succeed when LAB passed (W/LAB.json).
results_passed() {
  # The top-level key, as jq printed it (in a string, a quote is escaped).
  grep -q '^  "passed": true,$' "$1/$2.json" 2>/dev/null
}

# results_files W LAB... - the existing LAB.json files of W, in order.
results_files() {
  local w=$1 lab
  shift
  for lab in "$@"; do [[ ! -f $w/$lab.json ]] || echo "$w/$lab.json"; done
}

# The renderers: jq programs over the LAB.json files, slurped in lab order.
# shellcheck disable=SC2016  # jq's $variables
RESULTS_FIELDS_JQ='
# field(LABEL; TEXT) - the indented lines of one labelled field.
def field($lbl; $text):
  if $text == null or $text == "" then empty
  else ($text | split("\n")) as $ls
    | "         " + $lbl + (" " * (10 - ($lbl | length))) + $ls[0],
      ($ls[1:][] | "                   " + .)
  end;
# help_once - a list of tests with the step help (.hint) kept under the
# first failing test of each step only: once is enough to read it.
def help_once:
  reduce .[] as $t ({seen: {}, out: []};
    ($t.step | tostring) as $k
    | if ($t.ok | not) and $t.hint != null then
        (if .seen[$k] then .out += [$t | .hint = null] else .seen[$k] = true | .out += [$t] end)
      else .out += [$t] end)
  | .out;
def details: field("expected:"; .expected), field("seen:"; .seen),
             field("where:"; .where), field("nudge:"; .hint);
'

# results_human W LAB... - the report a student reads.
results_human() {
  local w=$1
  shift
  local files
  mapfile -t files < <(results_files "$w" "$@")
  jq -rs --argjson n "$#" "$RESULTS_FIELDS_JQ"'
    (.[] | "== \(.lab)",
      (.tests | help_once | .[] | if .skipped then "  [skip] \(.name)" + (if .seen then " (\(.seen | sub("^skipped: ?"; "")))" else "" end)
                  elif .ok then "  [pass] \(.name)"
                  else "  [FAIL] \(.name)", details end),
      (if .passed then "  => passed"
       else "  => not yet: fix the first [FAIL] above, then run the grader again" end),
      ""),
    "labs passed: \([.[] | select(.passed)] | length)/\($n)"
  ' "${files[@]}" </dev/null
}

# results_progress W LAB... - where each lab stands, step by step: the
# table `make grade` ends with when it grades every lab.
results_progress() {
  local w=$1
  shift
  local files
  mapfile -t files < <(results_files "$w" "$@")
  echo "progress:"
  jq -rs '.[] | [.lab, "\([.steps[] | select(.ok)] | length)/\(.steps | length)",
                 (first(.steps[] | select(.ok | not) | "step \(.step): \(.title)")
                  // (if .passed then "done" else "fix the [FAIL] lines above" end))] | @tsv' "${files[@]}" </dev/null |
    while IFS=$'\t' read -r lab steps next; do
      printf '  %-18s %5s  %s\n' "$lab" "$steps" "$next"
    done
}

# results_tap W LAB... - one TAP stream: tests numbered across labs, one
# plan, a comment naming each lab, each failure's fields as comments.
results_tap() {
  local w=$1
  shift
  local files
  mapfile -t files < <(results_files "$w" "$@")
  jq -rs "$RESULTS_FIELDS_JQ"'
    [.[] | .lab as $lab | .tests | to_entries[] | .value + {lab: $lab, first: (.key == 0)}] as $all
    | "1..\($all | length)",
      ($all | to_entries[] | (.key + 1) as $i | .value
       | (if .first then "# lab \(.lab)" else empty end),
         (if .skipped then "ok \($i) \(.name) # skip"
          elif .ok then "ok \($i) \(.name)"
          else "not ok \($i) \(.name)",
            (details | sub("^ {9}"; "") | "# " + .)
          end))
  ' "${files[@]}" </dev/null
}

# results_junit W LAB... - JUnit XML, one testsuite per lab.
results_junit() {
  local w=$1
  shift
  local files
  mapfile -t files < <(results_files "$w" "$@")
  jq -rs "$RESULTS_FIELDS_JQ"'
    # The sanitiser left no character XML forbids: escape the five specials.
    def x: gsub("&"; "&amp;") | gsub("<"; "&lt;") | gsub(">"; "&gt;")
           | gsub("\""; "&quot;") | gsub("'"'"'"; "&apos;");
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
    "<testsuites tests=\"\([.[].tests[]] | length)\" failures=\"\([.[].tests[] | select(.ok | not)] | length)\">",
    (.[] | .lab as $lab
     | "  <testsuite name=\"\($lab | x)\" tests=\"\(.tests | length)\" failures=\"\([.tests[] | select(.ok | not)] | length)\" skipped=\"\([.tests[] | select(.skipped)] | length)\">",
       (.tests[] | "    <testcase classname=\"\($lab | x)\" name=\"\(.name | x)\""
          + (if .skipped then "><skipped/></testcase>"
             elif .ok then "/>"
             else "><failure type=\"failure\" message=\"\(.expected // "" | x)\">"
               + ([details | sub("^ {9}"; "")] | join("\n") | x) + "</failure></testcase>" end)),
       "  </testsuite>"),
    "</testsuites>"
  ' "${files[@]}" </dev/null
}

# results_json W LAB... - Gradescope's results.json: a score, and one entry
# per test ("LAB: test name") with its failure as the output.
results_json() {
  local w=$1
  shift
  local files
  mapfile -t files < <(results_files "$w" "$@")
  jq -s "$RESULTS_FIELDS_JQ"'
    {score: ([.[].score] | add // 0), max_score: ([.[].max_score] | add // 0),
     tests: [.[] | .lab as $lab | .tests[]
              | {name: "\($lab): \(.name)", score: (if .ok then .points else 0 end),
                 max_score: .points, status: (if .ok then "passed" else "failed" end),
                 output: ([details | sub("^ {9}"; "")] | join("\n"))}]}
  ' "${files[@]}" </dev/null
}

# CSV: every cell quoted (jq's @csv); a text cell that a spreadsheet would
# run as a formula (= + - @, tab, CR first) starts with a quote mark.
# shellcheck disable=SC2016
RESULTS_CSV_JQ='def cell: if type == "string" and test("^[=+\\-@\t\r]") then "'"'"'" + . else . end;'

# results_csv_header LAB... - the first row of grades.csv.
results_csv_header() {
  jq -rn '$ARGS.positional | ["student"] + . + ["total"] | @csv' --args "$@"
}

# results_csv_row ID W LAB... - a student's row: their id, the points of
# each lab (0 without a report), the total.
results_csv_row() {
  local id=$1 w=$2 lab
  shift 2
  for lab in "$@"; do
    if [[ -f $w/$lab.json ]]; then jq '.score' "$w/$lab.json"; else echo 0; fi
  done | jq -rs --arg id "$(memlab_sanitise <<<"$id")" "$RESULTS_CSV_JQ"'
    [($id | cell)] + . + [add // 0] | @csv'
}
