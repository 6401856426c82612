# grader/selftests/batch.bats - a class of one entry per kind, good and bad:
# each gets the right score or the right refusal, the reports are valid
# JSON, XML and CSV, and a re-run resumes instead of grading again.

load lib/selftest

setup_file() {
  LAB=$(first_lab)
  B=$BATS_FILE_TMPDIR/batch
  export LAB B
  local s=$B/subs w=$B/w f
  mkdir -p "$s" "$w"
  mkdir -p "$s/ann/$LAB" && cp "$ROOT/solutions/$LAB"/* "$s/ann/$LAB/"
  mkdir -p "$w/bob/$LAB" && for f in "$ROOT/solutions/$LAB"/*; do cp "$ROOT/labs/$LAB/${f##*/}" "$w/bob/$LAB/"; done
  tar -C "$w/bob" -czf "$s/bob.tar.gz" .
  mkdir -p "$w/cat/memory-labs/labs/$LAB" && cp "$ROOT/solutions/$LAB"/* "$w/cat/memory-labs/labs/$LAB/"
  (cd "$w/cat" && zip -qr "$s/cat.zip" .)
  mkdir -p "$s/dan/$LAB" && cp "$ROOT/solutions/$LAB"/* "$s/dan/$LAB/"
  git -C "$s/dan" init -q && git -C "$s/dan" add . &&
    git -C "$s/dan" -c user.name=d -c user.email=d@example.org commit -qm work
  echo "not an archive" >"$s/eve.tar.gz"
  mkdir -p "$w/fay/$LAB" && ln -s /etc/passwd "$w/fay/$LAB/x" && tar -C "$w/fay" -czf "$s/fay.tar.gz" .
  echo x >"$w/f" && tar -C "$w" -czf "$s/gus.tar.gz" --transform 's|^|../../|' f
  mkdir -p "$s/hal" && echo "my labs" >"$s/hal/notes.txt"
  # A name a spreadsheet would run as a formula, with an escape sequence.
  mkdir -p "$s/=HYPERLINK(1)"$'\e[2J'"/$LAB"
  cp "$ROOT/labs/$LAB"/*.c "$s/=HYPERLINK(1)"$'\e[2J'"/$LAB/" 2>/dev/null || true
  "$ROOT/grader/grade" --batch "$s" --out "$B/out" "$LAB" >"$B/log" 2>&1
  echo $? >"$B/status"
}

@test "batch: each kind of entry gets its right grade or refusal" {
  local problems=() w id what row out=$B/out
  [[ $(cat "$B/status") == 0 ]] || problems+=("batch exited $(cat "$B/status"): $(tail -n 2 "$B/log")")
  for w in "ann:pass" "bob:fail" "cat:pass" "dan:pass" "eve:corrupt" "fay:link" "gus:leaves the folder" "hal:no lab folder"; do
    id=${w%%:*} what=${w#*:}
    row=$(grep "^\"$id\"," "$out/grades.csv" 2>/dev/null) || { problems+=("no row for $id in grades.csv"); continue; }
    [[ -s $out/students/$id/results.json && -s $out/students/$id/junit.xml ]] ||
      problems+=("$id: results.json or junit.xml missing")
    case $what in
      pass) jq -e 'any(.tests[]; .status == "failed") or (.tests | length == 0)' "$out/students/$id/results.json" >/dev/null &&
              problems+=("$id: want every test passed") ;;
      fail) jq -e 'any(.tests[]; .status == "failed")' "$out/students/$id/results.json" >/dev/null ||
              problems+=("$id: want failures (the starter)") ;;
      *) grep -q "$what" "$out/students/$id/report.txt" ||
           problems+=("$id: want a report naming '$what': $(head -n1 "$out/students/$id/report.txt")") ;;
    esac
  done
  ((${#problems[@]} == 0)) || fail_with "${problems[@]}"
}

@test "batch: every results.json is JSON, every junit.xml is XML" {
  local f bad=()
  for f in "$B"/out/students/*/results.json; do jq -e . "$f" >/dev/null 2>&1 || bad+=("${f#"$B"/out/}"); done
  for f in "$B"/out/students/*/junit.xml; do xmllint --noout "$f" 2>/dev/null || bad+=("${f#"$B"/out/}"); done
  ((${#bad[@]} == 0)) || fail_with "invalid: ${bad[*]}"
}

@test "batch: grades.csv quotes every cell and neutralises formulas" {
  local csv=$B/out/grades.csv
  [[ $(head -n1 "$csv") == "\"student\",\"$LAB\",\"total\"" ]] || fail_with "header: $(head -n1 "$csv")" || return
  grep -q "^\"'=HYPERLINK(1)" "$csv" || fail_with "the formula name is not neutralised:" "$(cat -A "$csv")" || return
  ! grep -q $'\e' "$csv" "$B/log" || fail_with "an escape character reached grades.csv or the summary"
}

@test "batch: a re-run resumes (graded students are skipped)" {
  # Deterministic: no report of a graded student is written again.
  touch "$B/marker"
  "$ROOT/grader/grade" --batch "$B/subs" --out "$B/out" "$LAB" >/dev/null 2>&1
  local again
  again=$(find "$B/out/students" -type f -newer "$B/marker" | head -n 5)
  [[ -z $again ]] || fail_with "written again:" "$again"
}
