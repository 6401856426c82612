# grader/selftests/slides.bats - the decks render offline and a real
# browser shows them whole (issue: slides that render).
#
# The screenshots of each deck's first and last slide stay in
# build/slides/shots/, to be looked at.

bats_require_minimum_version 1.5.0

setup_file() {
  ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
  export ROOT
}

@test "slides: every deck renders to one offline HTML file, with an index in course order" {
  run -0 "$ROOT/grader/slides" "$ROOT/build/slides"
  local md html
  for md in "$ROOT"/slides/[0-9][0-9]-*.md; do
    html=$ROOT/build/slides/$(basename "${md%.md}").html
    [[ -s $html ]] || { echo "no $html"; return 1; }
    # Self-contained: no script, style or picture fetched from anywhere.
    ! grep -qE '<(script|link|img)[^>]+(src|href)="(https?:)?//' "$html" ||
      { echo "$html loads something from the network"; return 1; }
  done
  # The index lists the decks in course order.
  diff <(grep -o '[0-9][0-9]-[a-z0-9-]*\.html' "$ROOT/build/slides/index.html") \
       <(cd "$ROOT/slides" && ls [0-9][0-9]-*.md | sed 's/\.md$/.html/')
}

@test "slides: headless Chromium shows every deck with no error, no failed load, no blank slide, every slide" {
  [[ -s $ROOT/build/slides/index.html ]] || "$ROOT/grader/slides" "$ROOT/build/slides"
  run -0 "$ROOT/grader/browser-check" "$ROOT/build/slides"
  echo "$output"
  [[ $(grep -c '^ok ' <<<"$output") == $(ls "$ROOT"/slides/[0-9][0-9]-*.md | wc -l) ]]
}

@test "slides: the browser check fails a deck with a failed load, a console error and a missing slide" {
  local d=$BATS_TEST_TMPDIR
  mkdir -p "$d/src" "$d/out"
  printf '%s\n' '---' 'title: "A broken deck"' '---' '' '## One' '' \
    '<img src="https://example.org/x.png">' '' '## Two' '' \
    '<script>console.error("broken on purpose")</script>' '' >"$d/src/99-broken.md"
  pandoc -t dzslides -s "$d/src/99-broken.md" -o "$d/out/99-broken.html"
  echo '## Three, in the source only' >>"$d/src/99-broken.md"
  MEMLAB_SLIDES_SRC=$d/src run -1 "$ROOT/grader/browser-check" "$d/out"
  echo "$output"
  [[ $output == *"failed load"* ]]
  [[ $output == *"console error"*"broken on purpose"* ]]
  [[ $output == *"3 slides shown, 4 in the deck"* ]]
}
