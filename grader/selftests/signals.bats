#!/usr/bin/env bats
# grader/selftests/signals.bats - SIGTERM and SIGINT stop a grader at once,
# and everything it started (bats, the sandboxes, the student's program)
# dies with it, even while the program sleeps for an hour.
#
# Run from the project root: bats grader/selftests/signals.bats

bats_require_minimum_version 1.5.0

setup_file() {
  export ROOT=${BATS_TEST_DIRNAME%/*/*}
  export MEMLAB_PRISTINE=$ROOT
  # Lab 07's solution, plus a constructor that sleeps for an hour.
  local sub=$BATS_FILE_TMPDIR/sub
  mkdir -p "$sub/07-brk" "$BATS_FILE_TMPDIR/class/ann"
  cp "$ROOT"/solutions/07-brk/* "$sub/07-brk/"
  cat "$ROOT/grader/hostile/long-sleep.c" >>"$sub/07-brk/bump.c"
  cp -R "$sub/07-brk" "$BATS_FILE_TMPDIR/class/ann/"
}

# descendants PID - PID's descendants, from /proc.
descendants() { (source "$ROOT/grader/lib/run.bash" && memlab_descendants "$1"); }

# wait_for_program PID - wait (at most 120 s) until the student's program
# runs under PID: a process named "subject" among its descendants.
wait_for_program() {
  local i p
  for ((i = 0; i < 600; i++)); do
    for p in $(descendants "$1"); do
      [[ $(cat "/proc/$p/comm" 2>/dev/null) == subject ]] && return 0
    done
    sleep 0.2
  done
  echo "the program never started under $1" >&2
  return 1
}

# stops_within SECONDS PID PIDS... - PID ends within SECONDS, and none of
# PIDS (what it had started) is left 2 s later.
stops_within() {
  local limit=$1 pid=$2 i p left=()
  shift 2
  for ((i = 0; i < limit * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  ! kill -0 "$pid" 2>/dev/null || { echo "$pid still runs after $limit s" >&2; return 1; }
  # What it started gets 2 s more to finish exiting (a busy machine can take
  # a moment to tear a sandbox down); each is read once per look, as it may
  # vanish between two reads.
  local stat
  for ((i = 0; i < 20; i++)); do
    left=()
    for p in "$@"; do
      stat=$(cat "/proc/$p/stat" 2>/dev/null) || continue
      [[ $stat == *') Z '* ]] || left+=("$p $(cut -d" " -f2,3 <<<"$stat")")
    done
    ((${#left[@]} == 0)) && return 0
    sleep 0.1
  done
  echo "left behind: ${left[*]}" >&2
  return 1
}

@test "SIGTERM stops grader/grade within 5 s while the student's program sleeps, and nothing it started is left" {
  "$ROOT/grader/grade" --dir "$BATS_FILE_TMPDIR/sub" 07 >"$BATS_TEST_TMPDIR/out" 2>&1 &
  local pid=$!
  wait_for_program "$pid"
  local started
  read -ra started <<<"$(descendants "$pid")"
  kill -TERM "$pid"
  stops_within 5 "$pid" "${started[@]}"
  local status=0
  wait "$pid" || status=$?
  ((status == 143))
}

@test "SIGINT stops grader/grade --batch within 5 s, and nothing it started is left" {
  # A background job of a script starts with SIGINT ignored, as a terminal's
  # Ctrl-C would not: env gives it back its default first.
  env --default-signal=INT "$ROOT/grader/grade" --batch "$BATS_FILE_TMPDIR/class" \
    --out "$BATS_TEST_TMPDIR/out" 07 >"$BATS_TEST_TMPDIR/log" 2>&1 &
  local pid=$!
  wait_for_program "$pid"
  local started
  read -ra started <<<"$(descendants "$pid")"
  kill -INT "$pid"
  stops_within 5 "$pid" "${started[@]}"
  local status=0
  wait "$pid" || status=$?
  ((status == 130))
}
