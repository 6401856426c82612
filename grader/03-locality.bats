# grader/03-locality.bats - checks for lab 03: locality (loop order, a
# tiled transpose, a hot/cold split), counted in cache misses.
#
# The judge (labs/03-locality/harness/judge.c) writes two scripts from the
# seed; the subject (the three student files + harness/subject.c) runs them
# in the sandbox: one under cachegrind, on a cache the grader pins (the same
# counts on every machine), one natively under AddressSanitizer on small
# sizes.  The judge checks every result against its own model and bounds
# each step's misses by the compulsory misses of the data it touches.  No
# verdict depends on time.
#
# Where the counts come from, and why the program cannot forge them:
#   - cachegrind writes its report through /proc/self/fd/$MEMLAB_XML_FD, a
#     descriptor the grader opened on a file of its own private folder
#     (invisible in the sandbox; valgrind refuses the program's system calls
#     on its reserved descriptors).  Whatever the program writes into that
#     file before it ends, valgrind truncates and rewrites at the end, after
#     the program's last instruction; if valgrind could not, it says so on
#     stderr and the judge fails the run;
#   - the report must add up to the summary valgrind prints after the
#     program's end, and show one process only;
#   - a miss is charged by the ELF symbol of the function that made it;
#     nm (run in the sandbox on the student's objects; the grader only reads
#     its answer) says which student file defines which names.
#
# Map of locality.h's promises to the tests below:
#   column_sums: the sums, rows added in order, rows or cols 0    step 1: both tests
#   transpose: dst(j, i) = src(i, j), any size, 0 included        step 2: both tests
#   particles_new zeroes, set/get copy every field, total_mass
#   in index order, delete NULLs the pointer and is idempotent    step 3: both tests
#   particles_new returns NULL when memory runs out, leaking
#   nothing (its 1st, 2nd ... allocation made to fail, under
#   AddressSanitizer, which checks for leaks after each call)     step 3: both tests
#   ... and only then: particles_new(0) works where malloc(0) and
#   calloc of 0 return NULL, as C allows (ml_zero_null)           step 3: both tests
#   no out-of-bounds access, no leak (AddressSanitizer run, on
#   arrays allocated to the exact size: no slack to hide in)      every test of the step at fault

load lib/memlab

# The simulated machine: 32 KiB 8-way L1 caches and a 256 KiB 8-way last
# level, 128-byte lines (the subject pretends that line size to the code,
# so that a tile sized for 64-byte lines shows).  --cache-sim=yes: valgrind
# 3.21 and later simulate no cache without it.
CG_OPTS=(--tool=cachegrind --cache-sim=yes --I1=32768,8,128 --D1=32768,8,128 --LL=262144,8,128)

setup_file() {
  memlab_setup_lab "$BUILD/subject" "$BUILD/subject-asan"
  memlab_ready || return 0
  memlab_inputs
  # The report file: the grader's, writable by the sandbox's uid (valgrind
  # reopens it by /proc/self/fd), reachable only through that descriptor.
  install -m 0622 /dev/null "$OBS/cg.cachegrind"
  memlab_lane memlab_observe cg --cpu 30 --wall 60 --xml "$OBS/cg.cachegrind" -- \
    valgrind "${CG_OPTS[@]}" "--cachegrind-out-file=/proc/self/fd/$MEMLAB_XML_FD" "$BUILD/subject"
  # ASan reserves terabytes of address space: no RLIMIT_AS (--mem none).
  memlab_lane memlab_observe asan --mem none --noexec -- \
    env ASAN_OPTIONS=detect_leaks=1:exitcode=86:hard_rss_limit_mb=512 "$BUILD/subject-asan"
  memlab_lane student_symbols
  memlab_verdict
}

# student_symbols - $OBS/symbols.txt: "FILE NAME" for every symbol the
# student's objects define (nm runs in the sandbox, on the sandbox's build).
student_symbols() {
  local f objs=()
  for f in ${MEMLAB_STUDENT_FILES:-}; do
    [[ $f == *.c ]] && objs+=("$BUILD/student/${f%.c}.o")
  done
  memlab_run --out "$OBS/symbols.nm" --whole-out -- nm -A --defined-only "${objs[@]}"
  awk -F: 'NF >= 2 { n = split($1, p, "/"); f = p[n]; sub(/\.o$/, ".c", f)
                     if (split($2, w, " ") >= 3) print f, w[3] }' "$OBS/symbols.nm" \
    >"$OBS/symbols.txt"
}

setup() { memlab_require_build; }

@test "step 1: column_sums reads by rows: exact sums, about one L1d miss per line" {
  memlab_property column_sums-d1
}

@test "step 1: column_sums reads by rows: exact sums, about one LL miss per line" {
  memlab_property column_sums-ll
}

@test "step 2: a tiled transpose gives the exact dst with about one L1d miss per line" {
  memlab_property transpose-d1
}

@test "step 2: a tiled transpose gives the exact dst with about one LL miss per line" {
  memlab_property transpose-ll
}

@test "step 3: the hot loop reads masses only: exact store, few L1d misses" {
  memlab_property particles-d1
}

@test "step 3: the hot loop reads masses only: exact store, few LL misses" {
  memlab_property particles-ll
}
