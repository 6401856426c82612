# grader/lib/results.bash - turn each lab's TAP into the grader's reports.
#
# Sourced by grader/grade and grader/batch.  For a lab LAB, the folder W
# holds W/LAB.tap (bats' TAP), W/LAB.points (test name<TAB>points) and
# W/LAB.junit/report.xml.  A test's points come from a bats tag above it:
#   # bats test_tags=points:3
# (default 1).  A lab passes when its TAP has a plan, as many "ok" lines as
# the plan says, and no "not ok".

# results_points BATS... - "name<TAB>points" for every @test of the files.
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

# results_lab_passed TAP - succeed when every planned test passed.
results_lab_passed() {
  local planned oks
  planned=$(sed -n 's/^1\.\.\([0-9]*\).*/\1/p' "$1" | head -n1)
  oks=$(grep -c '^ok ' "$1" || true)
  ! grep -q '^not ok ' "$1" && [[ -n $planned && $oks == "$planned" ]]
}

# results_tests W LAB - one line per test: status<TAB>points<TAB>name<TAB>output
# (status ok or fail; output's lines joined by \n, the two characters).
# bats' own notes (where in the .bats file a test failed, timings) are
# noise for students and dropped.
results_tests() {
  awk -F'\t' -v pts_file="$1/$2.points" '
    BEGIN { while ((getline line < pts_file) > 0) { split(line, f, "\t"); pts[f[1]] = f[2] } }
    function flush() { if (name != "") printf "%s\t%s\t%s\t%s\n", status, (name in pts ? pts[name] : 1), name, out; name = "" }
    { sub(/ # in [0-9]+ ms$/, "") }
    /^ok [0-9]+ / { flush(); status = "ok"; name = $0; sub(/^ok [0-9]+ /, "", name); out = ""; next }
    /^not ok [0-9]+ / { flush(); status = "fail"; name = $0; sub(/^not ok [0-9]+ /, "", name); out = ""; next }
    /^# \(in test file|^# \(from function|^#  +from function|^#  +in test file|^#   `.*'"'"' failed/ { next }
    /^# / && name != "" { line = substr($0, 3); gsub(/\t/, " ", line); out = (out == "" ? line : out "\\n" line) }
    END { flush() }
  ' "$1/$2.tap"
}

# results_score W LAB - "earned<TAB>possible" points of the lab.
results_score() {
  results_tests "$1" "$2" | awk -F'\t' '{ max += $2; if ($1 == "ok") got += $2 } END { printf "%d\t%d\n", got, max }'
}

# results_human W LAB... - the report a student reads.
results_human() {
  local w=$1 lab passed=0 n=0
  shift
  for lab in "$@"; do
    n=$((n + 1))
    echo "== $lab"
    results_tests "$w" "$lab" | awk -F'\t' '
      { print "  " ($1 == "ok" ? "[pass] " : "[FAIL] ") $3
        if ($1 != "ok" && $4 != "") { n = split($4, l, /\\n/); for (i = 1; i <= n; i++) print "         " l[i] } }'
    if results_lab_passed "$w/$lab.tap"; then passed=$((passed + 1)); echo "  => passed"
    else echo "  => not yet: fix the first [FAIL] above, then run the grader again"; fi
    echo
  done
  echo "labs passed: $passed/$n"
}

# results_tap W LAB... - one TAP stream: renumbered tests, one plan, a
# comment line naming each lab.
results_tap() {
  local w=$1 lab total=0 i=0
  shift
  for lab in "$@"; do total=$((total + $(grep -cE '^(not )?ok ' "$w/$lab.tap" || true))); done
  echo "1..$total"
  for lab in "$@"; do
    echo "# lab $lab"
    awk -v i="$i" '/^(not )?ok [0-9]+/ { i++; sub(/ok [0-9]+/, "ok " i); print; next } /^# / { print }' "$w/$lab.tap"
    i=$((i + $(grep -cE '^(not )?ok ' "$w/$lab.tap" || true)))
  done
}

# results_junit W LAB... - bats' JUnit reports, one testsuite per lab.
results_junit() {
  local w=$1 lab
  shift
  echo '<?xml version="1.0" encoding="UTF-8"?>'
  echo '<testsuites>'
  for lab in "$@"; do
    if [[ -s $w/$lab.junit/report.xml ]]; then
      sed -e '/^<?xml/d' -e '/^<\/\{0,1\}testsuites/d' \
        -e "s|<testsuite name=\"[^\"]*\"|<testsuite name=\"$lab\"|" "$w/$lab.junit/report.xml"
    else
      results_tests "$w" "$lab" | awk -F'\t' -v lab="$lab" '
        function x(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s); gsub(/"/, "\\&quot;", s); return s }
        { t[NR] = $0; if ($1 != "ok") f++ }
        END { printf "<testsuite name=\"%s\" tests=\"%d\" failures=\"%d\">\n", lab, NR, f
              for (i = 1; i <= NR; i++) { split(t[i], c, "\t")
                printf "  <testcase classname=\"%s\" name=\"%s\">", lab, x(c[3])
                if (c[1] != "ok") printf "<failure type=\"failure\">%s</failure>", x(c[4])
                print "</testcase>" }
              print "</testsuite>" }'
    fi
  done
  echo '</testsuites>'
}

# results_json W LAB... - Gradescope's results.json: a score and one entry
# per test ("LAB: test name"), with the failure text as its output.
results_json() {
  local w=$1 lab
  shift
  for lab in "$@"; do results_tests "$w" "$lab" | sed "s/^/$lab\t/"; done | awk -F'\t' '
    function j(s) { gsub(/\\/, "\\\\", s); gsub(/\\\\n/, "\\n", s); gsub(/"/, "\\\"", s); gsub(/[\001-\037]/, " ", s); return "\"" s "\"" }
    { got = ($2 == "ok") ? $3 : 0; score += got; max += $3
      tests = tests (NR > 1 ? ",\n" : "") sprintf("    {\"name\": %s, \"score\": %d, \"max_score\": %d, \"status\": \"%s\", \"output\": %s}",
        j($1 ": " $4), got, $3, ($2 == "ok" ? "passed" : "failed"), j($5)) }
    END { printf "{\n  \"score\": %d,\n  \"max_score\": %d,\n  \"tests\": [\n%s\n  ]\n}\n", score, max, tests }'
}
