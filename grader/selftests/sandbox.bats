#!/usr/bin/env bats
# grader/selftests/sandbox.bats - what student code can see, and what root
# reads back from it.
#
# Run from the project root, as root (make check runs as root; the
# namespace modes and the sandbox uid need it):
#   bats grader/selftests/sandbox.bats
# Each mode the machine offers is tried: bubblewrap, then unshare (root
# without bubblewrap, as in a chroot), then limits only (no namespaces).

bats_require_minimum_version 1.5.0

setup_file() {
  export ROOT=${BATS_TEST_DIRNAME%/*/*}
  # A classmate's submission and a grader-only file, by absolute paths.
  export SECRETS=$BATS_FILE_TMPDIR/secrets
  mkdir -p "$SECRETS/subs/bob/07-brk"
  echo 'int bob_secret = 42;' >"$SECRETS/subs/bob/07-brk/bump.c"
}

# jail MODE - a scratch lab like grader/grade's, and the sandbox in MODE
# (skip when the machine lacks it); sets MEMLAB_* as grade does.
jail() {
  ((EUID == 0)) || skip "the sandbox uid needs root"
  local mode=$1 s=$BATS_TEST_TMPDIR/scratch
  export MEMLAB_NO_BWRAP='' MEMLAB_NO_UNSHARE=''
  case $mode in
    unshare) MEMLAB_NO_BWRAP=1 ;;
    limits) MEMLAB_NO_BWRAP=1 MEMLAB_NO_UNSHARE=1 ;;
  esac
  source "$ROOT/grader/lib/sandbox.bash"
  umask 077
  mkdir -p "$s/labs/07-brk" "$s/common" "$s/build/07-brk" "$s/grader" "$s/work" "$s/own"
  echo 'hidden test' >"$s/grader/07-brk.hidden.bats"
  chmod 711 "$BATS_TEST_TMPDIR" "$s"
  chmod 755 "$s/labs" "$s/labs/07-brk" "$s/common" "$s/build" "$s/build/07-brk" "$s/work"
  memlab_sandbox_pick "$s/own"
  [[ $MEMLAB_SANDBOX == "$mode" ]] || skip "no $mode sandbox on this machine (got $MEMLAB_SANDBOX)"
  memlab_sandbox_own "$s/work"
  export MEMLAB_ROOT=$s MEMLAB_WORK=$s/work
  cd "$s/labs/07-brk"
}

# cannot_include MODE - a student file that includes a classmate's file, a
# solution of the project and a hidden test by absolute path does not compile.
cannot_include() {
  jail "$1"
  local f
  for f in "$SECRETS/subs/bob/07-brk/bump.c" "$ROOT/solutions/07-brk/bump.c" \
           "$MEMLAB_ROOT/grader/07-brk.hidden.bats"; do
    printf '#include "%s"\n' "$f" >bump.c
    chmod 644 bump.c
    memlab_run --err "$BATS_TEST_TMPDIR/err" -- gcc -c -o "$MEMLAB_WORK/bump.o" bump.c
    ((MEMLAB_STATUS != 0)) || { echo "it compiled, including $f" >&2; return 1; }
    grep -q 'No such file or directory' "$BATS_TEST_TMPDIR/err" ||
      { cat "$BATS_TEST_TMPDIR/err" >&2; return 1; }
  done
}

@test "bubblewrap: an #include of a classmate's file, a solution or a hidden test finds nothing" {
  cannot_include bwrap
}

@test "unshare: an #include of a classmate's file, a solution or a hidden test finds nothing" {
  cannot_include unshare
}

# sees_only MODE - outside files are absent, the lab is read-only, the work
# folder writable.
sees_only() {
  jail "$1"
  touch "$BATS_FILE_TMPDIR/outside"
  # shellcheck disable=SC2016
  memlab_run --out "$BATS_TEST_TMPDIR/out" -- sh -c '
    [ -e "$1" ] && echo outside-visible
    [ -e /work ] || [ -e /root ] || [ -e /home ] && echo host-visible
    touch "$PWD/x" 2>/dev/null && echo lab-writable
    touch "$2/x" && echo work-ok' _ "$BATS_FILE_TMPDIR/outside" "$MEMLAB_WORK"
  run -0 cat "$BATS_TEST_TMPDIR/out"
  [[ $output == work-ok ]]
}

@test "bubblewrap: outside files are absent, the lab is read-only, the work folder writable" {
  sees_only bwrap
}

@test "unshare: outside files are absent, the lab is read-only, the work folder writable" {
  sees_only unshare
}

@test "limits only: the grader's scratch is unreadable to the sandbox uid (umask 077)" {
  jail limits
  memlab_run -- cat "$MEMLAB_ROOT/grader/07-brk.hidden.bats"
  ((MEMLAB_STATUS != 0))
}

@test "memlab_read_work refuses a FIFO, a link to a secret and a link to /dev/zero planted by student code" {
  jail "$( (source "$ROOT/grader/lib/sandbox.bash"; memlab_sandbox_pick "$BATS_TEST_TMPDIR" >/dev/null; echo "$MEMLAB_SANDBOX") )"
  # shellcheck disable=SC2016
  memlab_run -- sh -c 'cd "$1" && mkfifo asan.1 && ln -s /etc/shadow asan.2 && ln -s /dev/zero asan.3 &&
    echo "==1==ERROR: AddressSanitizer" >asan.4' _ "$MEMLAB_WORK"
  ((MEMLAB_STATUS == 0))
  local f refused=0 out
  for f in "$MEMLAB_WORK"/asan.*; do
    out=$(timeout 5 bash -c 'source "$1"; memlab_read_work "$2" 4096' _ "$ROOT/grader/lib/run.bash" "$f") || refused=$((refused + 1))
  done
  ((refused == 3))
  [[ $out == "==1==ERROR: AddressSanitizer" ]]
}

@test "as root with no free sandbox uid, grade exits 2 and says so, running nothing" {
  ((EUID == 0)) || skip "only root takes a sandbox uid"
  # One candidate uid, 0, which is root's: never free.
  run -2 env MEMLAB_UID_BASE=0 MEMLAB_UID_COUNT=1 "$ROOT/grader/grade" --solutions 07
  [[ $output == *"no free sandbox uid"* && $output == *"never runs as root"* ]]
  [[ $output != *"07-brk"* ]]
}
