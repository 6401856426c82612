# grader/01-address-space.bats - which pool does an address come from?
#
# Every check runs the harness program `probe` (labs/01-address-space/
# probe.c) natively, one mode per test: under valgrind the maps lose their
# [heap] and [stack] labels, so only the memory-error check runs there.  The
# probe builds objects whose pool it knows by construction and reports the
# first wrong answer through its exit status (decoded below; the codes are
# documented at the top of probe.c).  Its stderr is quoted as "seen", never
# used to decide.

load lib/memlab

setup_file() {
  # Only the probe: the demo is built by `make run` and by make check.
  memlab_setup_lab "$BUILD/probe"
  [[ -x $BUILD/probe ]] || return 0
  memlab_memcheck mc all -- "$BUILD/probe" memcheck
}

setup() { memlab_require_build; }

# What each case of each probe mode is, and the pool it must get:
# "<mode>:<case>" -> "<expected pool>|<the byte asked about>".  The probe
# exits with 1 + <case> for the first case classify() got wrong.
declare -gA CASE=(
  [labels:0]="POOL_UNMAPPED|the first byte of a page unmapped between two mappings"
  [labels:1]="POOL_UNMAPPED|the last byte of that unmapped page"
  [labels:2]="POOL_UNMAPPED|the NULL pointer"
  [labels:3]="POOL_MMAP_ANON|the first byte of a page from mmap(MAP_ANONYMOUS)"
  [labels:4]="POOL_MMAP_ANON|the last byte of that page (the unmapped hole follows)"
  [labels:5]="POOL_MMAP_ANON|the first byte of the mapped page after the hole"
  [labels:6]="POOL_MMAP_ANON|the last byte of that page"
  [labels:7]="POOL_HEAP_BRK|the first byte of malloc(24)"
  [labels:8]="POOL_HEAP_BRK|the last byte of malloc(24)"
  [labels:9]="POOL_MMAP_ANON|the first byte of malloc(4 MiB)"
  [labels:10]="POOL_MMAP_ANON|the last byte of malloc(4 MiB)"
  [labels:11]="POOL_MAIN_STACK|a local variable of the main thread"
  [labels:12]="POOL_MAIN_STACK|argv[0] (execve copies it to the main stack)"
  [labels:13]="POOL_MAIN_STACK|an environment string"
  [exe:0]="POOL_EXE_CODE|a function of the program"
  [exe:1]="POOL_EXE_CODE|the last byte of the program's code (etext - 1)"
  [exe:2]="POOL_EXE_RODATA|a string literal"
  [exe:3]="POOL_EXE_RODATA|a const global array"
  [exe:4]="POOL_EXE_RODATA|the executable's first byte, its ELF header"
  [exe:5]="POOL_EXE_DATA|an initialized global"
  [exe:6]="POOL_EXE_BSS|the last byte of a 256 KiB zero global"
  [exe:7]="POOL_EXE_BSS|the last byte of .bss (end - 1)"
  [library:0]="POOL_LIBRARY|a libc function (fclose)"
  [library:1]="POOL_LIBRARY|a constant string of libc (gnu_get_libc_version())"
  [library:2]="POOL_MMAP_FILE|the first byte of a file the probe mmaps (named probe-XXXXXX.so)"
  [library:3]="POOL_MMAP_FILE|the last byte of that file mapping"
  [thread:0]="POOL_THREAD_STACK|a local variable of a running, tracked thread"
  [thread:1]="POOL_THREAD_STACK|a _Thread_local variable of that thread"
  [thread:2]="POOL_THREAD_STACK|the first byte of a tracked thread's stack (one the probe mapped)"
  [thread:3]="POOL_THREAD_STACK|the last byte of that stack"
  [thread:4]="POOL_MMAP_ANON|one past the end of that stack (a read-only anonymous page)"
  [thread:5]="POOL_MMAP_ANON|the guard page just below that stack"
  [thread:6]="POOL_MAIN_STACK|a local of the main thread while other threads run"
  [thread:7]="anything but POOL_THREAD_STACK|a local of a thread already forgotten and joined"
)

# Where to look, per mode.
declare -gA WHERE=(
  [labels]="classify.c: pool_of_map(), the kernel's labels (TODO 2)"
  [exe]="classify.c: exe_pool() and the executable's lines in pool_of_map() (TODO 3)"
  [library]="classify.c: is_library() and the file case of pool_of_map() (TODO 4)"
  [thread]="classify.c: pool_track_thread(), pool_forget_thread(), in_thread_stack() (TODO 5)"
)

# pool_at INDEX - the name of enum pool's INDEX-th value, read from the
# harness header (never from the submission).
pool_at() {
  local names
  mapfile -t names < <(awk '/^enum pool \{/ { on = 1; next } on && /^\};/ { exit }
    on && match($0, /POOL_[A-Z_]+/) { print substr($0, RSTART, RLENGTH) }' "$MEMLAB_LAB_DIR/classify.h")
  if (($1 < ${#names[@]} - 1)); then echo "${names[$1]}"
  else echo "a value that is no pool"; fi
}

# run_probe MODE - run the probe natively; its stderr in $BATS_TEST_TMPDIR.
run_probe() {
  PROBE_ERR=$BATS_TEST_TMPDIR/probe.err
  memlab_run --err "$PROBE_ERR" -- "$BUILD/probe" "$1"
}

# probe_said - the probe's first line of stderr, for "seen".
probe_said() { head -n1 "$PROBE_ERR" 2>/dev/null; }

# probe_trouble - fail for a status every mode shares: a crash, a timeout,
# a setup failure.  Returns 1 (after memlab_fail) when it handled one.
probe_trouble() {
  local s=$MEMLAB_STATUS
  if [[ -n $MEMLAB_WHY ]]; then
    memlab_fail "the probe runs to the end" "it $MEMLAB_WHY" "$(probe_said)"
  elif ((s == 121)); then
    memlab_fail "pool_track_thread() returns 0 for a running thread" "it returned -1" \
      "classify.c: pool_track_thread() (TODO 5)"
  elif ((s == 122)); then
    memlab_fail "pool_summary() returns 0 (/proc/self/maps is readable)" "it returned -1" \
      "classify.c: pool_summary() (TODO 6)"
  elif ((s == 120 || s == 123 || s >= 124)); then
    memlab_fail "the probe sets up its objects" "status $s: $(probe_said)" \
      "the probe itself (a grader problem: please report it)"
  else
    return 0
  fi
  return 1
}

# check_pools MODE - fail unless every case of MODE got its pool.
check_pools() {
  local mode=$1 c
  run_probe "$mode"
  ((MEMLAB_STATUS == 0)) && return 0
  probe_trouble || return 1
  c=${CASE[$mode:$((MEMLAB_STATUS - 1))]:-}
  if [[ -z $c ]]; then
    memlab_fail "the probe ends with status 0" "status $MEMLAB_STATUS: $(probe_said)" "${WHERE[$mode]}"
    return
  fi
  memlab_fail "${c%%|*} for ${c#*|}" "$(probe_said)" "${WHERE[$mode]}"
}

@test "step 1: each pool has the owner, lifetime and initial content of the handout's table" {
  local p k fields=("a pointer to its entry, not NULL" "the owner given in step 1's table"
    "the lifetime given in step 1's table" "the initial content given in step 1's table")
  run_probe props
  ((MEMLAB_STATUS == 0)) && return 0
  probe_trouble || return 1
  p=$(pool_at $(((MEMLAB_STATUS - 1) / 4)))
  k=$(((MEMLAB_STATUS - 1) % 4))
  memlab_fail "pool_props($p) returns ${fields[k]}" "$(probe_said)" \
    "classify.c: the props[] table and pool_props() (TODO 1)"
}

@test "step 2: the kernel's labels are read right: holes, [heap], anonymous mmaps, [stack]" {
  check_pools labels
}

@test "step 3: the executable's code, constants, data and .bss are told apart" {
  check_pools exe
}

@test "step 4: libc is POOL_LIBRARY; a file the program maps itself (even *.so) is POOL_MMAP_FILE" {
  check_pools library
}

@test "step 5: a tracked thread's stack is POOL_THREAD_STACK, exactly from its first to its last byte" {
  check_pools thread
}

@test "step 6: pool_summary agrees with the probe's own count of the maps, pool by pool" {
  local p what
  run_probe summary
  ((MEMLAB_STATUS == 0)) && return 0
  probe_trouble || return 1
  p=$(pool_at $(((MEMLAB_STATUS - 1) / 2)))
  what="size in bytes"
  (((MEMLAB_STATUS - 1) % 2)) && what="number of mappings"
  memlab_fail "pool_summary(): the $what of $p, as the probe counts it (each maps line in the pool of its first byte)" \
    "$(probe_said)" "classify.c: pool_summary() (TODO 6)"
}

@test "no descriptor is left open by classify, pool_track_thread or pool_summary" {
  run_probe fds
  ((MEMLAB_STATUS == 0)) && return 0
  probe_trouble || return 1
  memlab_fail "as many open descriptors after the calls as before (/proc/self/fd)" \
    "$(probe_said)" "classify.c: a fopen/open without its fclose/close (ml_maps_each closes its own)"
}

@test "memcheck finds no error in classify, pool_track_thread or pool_summary" {
  memlab_assert_memcheck_clean mc "" "every function of classify.c"
}
