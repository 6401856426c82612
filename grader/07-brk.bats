# grader/07-brk.bats - checks for lab 07: a bump allocator on the program break.
#
# Whatever looks at the break runs natively (memlab_run): under valgrind brk
# gets a small area of its own and the figures change.  Each scenario of
# labs/07-brk/probe.c runs once, in setup_file, and reports the properties
# it saw broken as bits of its exit status (listed in probe.c); each test
# reads the bits of its own property.  strace counts the brk calls (its
# output file is written by strace, not by the program under test).
# memcheck is a separate, light run.

load lib/memlab

# brk_probe NAME ARG... - run the probe once; keep status, why, stderr, args.
brk_probe() {
  local name=$1
  shift
  memlab_run --err "$BATS_FILE_TMPDIR/$name.err" -- "$BUILD/probe" "$@"
  echo "$MEMLAB_STATUS" >"$BATS_FILE_TMPDIR/$name.status"
  echo "$MEMLAB_WHY" >"$BATS_FILE_TMPDIR/$name.why"
  echo "build/$MEMLAB_LAB/probe $*" >"$BATS_FILE_TMPDIR/$name.cmd"
}

# brk_strace NAME N - `probe count N` under strace, which writes its log in
# the work folder (the only one the sandbox lets it write); the number of
# brk calls goes to NAME.calls, and nothing when there is no log.
brk_strace() {
  local name=$1 trace=$MEMLAB_WORK/$1.strace
  rm -f "$trace"
  memlab_run --err "$BATS_FILE_TMPDIR/$name.err" -- \
    strace -f -qq -e trace=brk -o "$trace" "$BUILD/probe" count "$2"
  echo "$MEMLAB_STATUS" >"$BATS_FILE_TMPDIR/$name.status"
  echo "$MEMLAB_WHY" >"$BATS_FILE_TMPDIR/$name.why"
  echo "build/$MEMLAB_LAB/probe count $2" >"$BATS_FILE_TMPDIR/$name.cmd"
  if [[ -f $trace ]]; then grep -c ' brk(' "$trace" >"$BATS_FILE_TMPDIR/$name.calls" || true; fi
}

setup_file() {
  # Only the probe: the demo is harness, and make check builds it.
  memlab_setup_lab "$BUILD/probe"
  [[ $(cat "$BATS_FILE_TMPDIR/build.status") == ok ]] || return 0
  brk_probe layout layout
  brk_probe rlimit rlimit
  brk_probe foreign foreign
  brk_probe foreign-release foreign-release
  brk_probe release release
  brk_strace count0 0
  brk_strace count10k 10000
  memlab_memcheck mc definite -- "$BUILD/probe" memcheck
}

setup() { memlab_require_build; }

# brk_quote NAME TAG... - the probe's first line tagged with one of TAG,
# without its tag (a quote for "seen": never a verdict).
brk_quote() {
  local name=$1 tag line
  shift
  for tag in "$@"; do
    line=$(sed -n "s/^$tag: //p" "$BATS_FILE_TMPDIR/$name.err" | head -n1)
    [[ -n $line ]] && { printf '%s\n' "$line"; return; }
  done
}

# brk_ran NAME EXPECTED WHERE - fail unless scenario NAME ran to its end
# (probe.c: status 64 plus the bits of what broke); a signal, a timeout, a
# setup failure or an early exit says so.
brk_ran() {
  local dir=$BATS_FILE_TMPDIR name=$1 status why cmd
  status=$(cat "$dir/$name.status" 2>/dev/null) || {
    memlab_fail "$2" "the probe did not run" "$3"; return; }
  why=$(cat "$dir/$name.why")
  cmd=$(cat "$dir/$name.cmd")
  if [[ -n $why ]]; then
    memlab_fail "$2" "\`$cmd\` $why" "$3; reproduce: make build LAB=07 && $cmd"
  elif ((status == 3)); then
    memlab_fail "$2" "\`$cmd\` could not set its scenario up: $(brk_quote "$name" setup)" \
      "$3; fix the first failing test above, then this one"
  elif ((status < 64 || status >= 96)); then
    memlab_fail "$2" "\`$cmd\` exited with status $status before its scenario finished (does bump.c call exit?)" \
      "$3; reproduce: make build LAB=07 && $cmd"
  fi
}

# brk_assert NAME MASK BLOCKED EXPECTED WHERE TAG... - fail if scenario NAME
# did not run to its end, or reported a property in MASK broken (quoting its
# line, the first of TAG...), or stopped on a property before it could check
# this one: BLOCKED is that property's BITS:TAG, or 0.
brk_assert() {
  local name=$1 mask=$2 blocked=${3%%:*} btag=${3#*:} expected=$4 where=$5 bits cmd
  shift 5
  brk_ran "$name" "$expected" "$where" || return
  bits=$(($(cat "$BATS_FILE_TMPDIR/$name.status") - 64))
  cmd=$(cat "$BATS_FILE_TMPDIR/$name.cmd")
  if ((bits & mask)); then
    memlab_fail "$expected" "$(brk_quote "$name" "$@")" "$where; reproduce: make build LAB=07 && $cmd"
  elif ((bits & blocked)); then
    memlab_fail "$expected" "not checked: \`$cmd\` stopped at an earlier problem: $(brk_quote "$name" "$btag")" \
      "fix the failing test about that problem first"
  fi
}

@test "step 1: every block is 16-byte aligned, even when the break starts unaligned" {
  brk_assert layout 1 0 \
    "every address bump_alloc returns is a multiple of 16 (the probe first moves the break by 1 byte)" \
    "bump_alloc in bump.c: align the block's start and its size (TODO 1)" align
}

@test "step 1: blocks do not overlap and keep their contents" {
  brk_assert layout $((2 | 8)) 0 \
    "each block's bytes stay as written while later blocks are handed out" \
    "bump_alloc in bump.c: a block takes align_up(n, 16) bytes, never fewer than n (TODO 1)" overlap content
}

@test "step 2: every block lies wholly below the break" {
  brk_assert layout $((4 | 16)) 0 \
    "every block lies between the break at the start and sbrk(0) after the call (memory the kernel has mapped)" \
    "bump_alloc in bump.c: grow the break until the block's end fits below it (TODO 2)" break null
}

@test "step 2: 10,000 small allocations cost few brk system calls" {
  local dir=$BATS_FILE_TMPDIR page pages bound base calls
  brk_ran count0 "the probe runs under strace" "strace -e trace=brk" || return
  brk_ran count10k "10,000 calls of bump_alloc(1 to 16 bytes) run under strace" \
    "bump_alloc in bump.c" || return
  page=$(getconf PAGESIZE)
  pages=$(((10000 * 16 + page - 1) / page))
  bound=$((pages + 8))
  if [[ ! -s $dir/count0.calls || ! -s $dir/count10k.calls ]]; then
    memlab_fail "strace writes a log of the brk calls" "no log in the work folder" \
      "strace -f -qq -e trace=brk -o FILE (is ptrace allowed here?)"
    return
  fi
  base=$(cat "$dir/count0.calls")
  calls=$(cat "$dir/count10k.calls")
  ((calls - base <= bound)) || memlab_fail \
    "at most $bound brk calls of your own for 10,000 blocks of 1 to 16 bytes (160,000 bytes once aligned: $pages pages of $page bytes, and a few more)" \
    "$((calls - base)) brk calls (strace counted $calls; $base of them happen in any run of the probe)" \
    "bump_alloc in bump.c: call sbrk only when a block does not fit below area.end, and then by whole pages (TODO 2); count them yourself: make build LAB=07 && strace -e trace=brk build/07-brk/probe count 10000"
}

@test "step 2: after malloc moved the break, new blocks never overlap malloc's memory" {
  brk_assert foreign $((2 | 4 | 8)) 0 \
    "once malloc has grown the break above your area, the next blocks lie elsewhere than malloc's memory, below the break" \
    "bump_alloc in bump.c: before growing, compare sbrk(0) with area.end; if they differ, begin a new area at sbrk(0) (TODO 2)" overlap break malloc
}

@test "step 2: memcheck sees no byte of a block beyond the break" {
  memlab_assert_memcheck_clean mc "" \
    "blocks filled up to the break (valgrind tracks the break to the byte), released and reused"
}

@test "step 3: once RLIMIT_DATA is reached, bump_alloc returns NULL with errno ENOMEM" {
  brk_assert rlimit $((1 | 2 | 4)) 0 \
    "with RLIMIT_DATA at the probe's VmData + 1 MiB, bump_alloc returns NULL with errno ENOMEM once the break cannot grow" \
    "bump_alloc in bump.c: sbrk returns (void *)-1, not NULL, when it fails (TODO 3)" break never errno
}

@test "step 3: a request that fails leaves the allocator usable" {
  brk_assert rlimit 8 4:break \
    "after bump_alloc(4 MiB) failed under RLIMIT_DATA, small blocks are still handed out up to the limit" \
    "bump_alloc in bump.c: change area only once sbrk has succeeded (TODO 3)" usable
}

@test "step 3: an impossible request (SIZE_MAX bytes) returns NULL with errno ENOMEM" {
  brk_assert rlimit 16 0 \
    "bump_alloc(SIZE_MAX), bump_alloc(SIZE_MAX - 100) and bump_alloc(SIZE_MAX / 2 + 1) return NULL with errno ENOMEM" \
    "bump_alloc in bump.c: align_up(n, 16) wraps around to a small number for such n; refuse n > SIZE_MAX / 2 first (TODO 3)" huge
}

@test "step 4: a full release puts the break back where it started" {
  brk_assert release $((1 | 8)) 0 \
    "after bump_release(mark taken before the first block), sbrk(0) is the break it was before that block" \
    "bump_release in bump.c: lower the break with sbrk(-(area.end - mark)) when sbrk(0) is still area.end (TODO 4)" full nogrow
}

@test "step 4: a partial release lowers the break to the mark" {
  brk_assert release 2 0 \
    "after bump_release(mark), the break lies between the mark and the next page boundary" \
    "bump_release in bump.c (TODO 4)" partial
}

@test "step 4: memory released to a mark is handed out again" {
  brk_assert release 4 0 \
    "after bump_release(mark), the next block starts at the mark (aligned), and blocks from before the mark keep their bytes" \
    "bump_release in bump.c: set area.next to the mark (TODO 4)" reuse
}

@test "step 4: release never lowers a break that malloc has moved" {
  brk_assert foreign-release 1 0 \
    "when malloc has grown the break since your last sbrk, bump_release leaves the break where malloc put it" \
    "bump_release in bump.c: shrink only while sbrk(0) == area.end (TODO 4)" lowered
}

@test "step 4: releasing to a mark older than malloc's move never hands out malloc's memory" {
  brk_assert foreign-release 16 1:lowered \
    "after releasing to a mark taken before malloc moved the break, new blocks avoid malloc's memory" \
    "bump_release in bump.c: a mark below area.start releases the current area only: area.next = area.start (TODO 4)" oldmark
}
