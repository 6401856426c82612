# grader/05-static.bats - lab 05: the static pool (sections, sizes, lifetime).
#
# The judge (labs/05-static/harness/judge.c) writes the questions the
# subject (tables.c + harness/subject.c) answers in the sandbox, natively
# and under AddressSanitizer (subject-asan), and decides from what the
# grader collected there: the subject's answers and report, binutils on
# the grader's own build (readelf -SsW for a symbol's section and binding,
# readelf --debug-dump=info for const and a variable's scope, size -A for
# the sections' sizes), the file's size (stat) and answers.txt (cat).  The
# tools run in the sandbox too (they read what the sandbox built); the
# grader only hands their output to the judge.  The flags that decide where
# an object lands (PIE, -fno-common) are fixed in labs/05-static/lab.mk.
#
# Map of the promises (harness/tables.h, the TODOs of tables.c and
# answers.txt) to the tests (judge property ids):
#   TODO 1 composite: no initializer, .bss, same name and size   step 1: bss, sizes, file
#   tables.h "sieve_build ... is_prime - whether n is prime;
#     n < SIEVE_LIMIT" (0 and 1 set at run time)                 step 1: sieve
#   TODO 2 banner, powers_of_ten: const, in .rodata              step 2: banner, powers
#   TODO 2 digit_names: const pointers, .rodata/.data.rel.ro     step 2: names
#   tables.h "power_of_ten ... returns 0 for a larger k",
#     "digit_name ... or \"?\"", "report_banner - the report's
#     first line"                                                 step 2: values
#   the same, without reading past a table (k, d = 10, 11, ...)  step 2: bounds
#   TODO 3 static storage, visible only inside count_calls       step 3: static
#   tables.h "count_calls ... 1 on the first call, then 2, 3"    step 3: counter
#   "must leave the report's output exactly as it is now"        step 3: report
#   TODO 4 a section for each quiz_* object, as readelf names it step 4: answers-complete,
#                                                                         answers-right

load lib/memlab

setup_file() {
  memlab_setup_lab "$BUILD/subject" "$BUILD/subject-asan" "$BUILD/subject-quiz"
  memlab_ready || return 0
  memlab_inputs
  memlab_lane memlab_observe asan --mem none -- \
    env ASAN_OPTIONS=detect_leaks=1:exitcode=23:hard_rss_limit_mb=1024 "$BUILD/subject-asan" --ask
  memlab_lane memlab_observe ask -- "$BUILD/subject" --ask
  memlab_lane memlab_observe report -- "$BUILD/subject"
  # The tools read the student's build: they run in the sandbox too.
  memlab_lane memlab_observe readelf -- readelf -SsW "$BUILD/subject" "$BUILD/subject-quiz"
  memlab_lane memlab_observe dwarf -- readelf --debug-dump=info "$BUILD/subject"
  memlab_lane memlab_observe size -- size -A "$BUILD/subject"
  memlab_lane memlab_observe bytes -- stat -c %s "$BUILD/subject"
  memlab_lane memlab_observe answers -- cat "$MEMLAB_LAB_DIR/answers.txt"
  memlab_verdict
}

setup() { memlab_require_build; }

@test "step 1: the sieve table is a 1 MiB object in .bss" {
  memlab_property bss
}

@test "step 1: size -A shows .data below 1 KiB and .bss of at least 1 MiB" {
  memlab_property sizes
}

@test "step 1: the executable file is under 256 KiB" {
  memlab_property file
}

@test "step 1: is_prime agrees with the judge's sieve at the boundaries and sampled n" {
  memlab_property sieve
}

@test "step 2: the banner string is const and in .rodata" {
  memlab_property banner
}

@test "step 2: the powers_of_ten table is const and in .rodata" {
  memlab_property powers
}

@test "step 2: the digit_names table is const and read-only (.rodata, or .data.rel.ro under PIE)" {
  memlab_property names
}

@test "step 2: power_of_ten, digit_name and report_banner return the same values as before" {
  memlab_property values
}

@test "step 2: power_of_ten and digit_name never read outside their tables (AddressSanitizer)" {
  memlab_property bounds
}

@test "step 3: the counter calls is a static local of count_calls" {
  memlab_property static
}

@test "step 3: count_calls counts every call (the counter outlives each call)" {
  memlab_property counter
}

@test "step 3: the report prints exactly what the starter printed" {
  memlab_property report
}

@test "step 4: answers.txt names a section for every object of subject-quiz.c" {
  memlab_property answers-complete
}

@test "step 4: every answer in answers.txt matches the quiz binary's sections" {
  memlab_property answers-right
}
