# labs/05-static/lab.mk - the static pool: sections, segments, mappings.
STUDENT_FILES := tables.c answers.txt
PROGRAMS      := demo subject subject-asan subject-quiz
demo_SRCS     := demo.c harness/selfelf.c
# The subject: the report, and the answers to the judge's questions, from
# tables.c.  The binutils the grader runs read its sections too.
subject_SRCS  := harness/subject.c tables.c
# The same under AddressSanitizer: a read past the end of a table that
# happens to find a zero in the -O2 build is still a read past the end.
subject-asan_SRCS := $(subject_SRCS)
# The quiz of step 4: no student code; only read by readelf.
subject-quiz_SRCS := harness/subject-quiz.c
JUDGE_SRCS    := harness/judge.c

# Where an object lands depends on these flags, so the lab states them
# instead of inheriting the distribution's defaults: a position-independent
# executable (tables of pointers then go to .data.rel.ro), no COMMON symbols
# (a tentative definition such as `int x;` goes to .bss, as gcc >= 10 does by
# default), and zero-initialized objects in .bss (gcc's default).
STATIC_FLAGS  := -fPIE -pie -fno-common -fzero-initialized-in-bss
demo_CFLAGS   := $(STATIC_FLAGS)
subject_CFLAGS := $(STATIC_FLAGS)
subject-asan_CFLAGS := $(STATIC_FLAGS) -fsanitize=address -fno-omit-frame-pointer
subject-asan_LDFLAGS := -fsanitize=address
subject-quiz_CFLAGS := $(STATIC_FLAGS)
# tables.c calls nothing beyond the C library's basics.
ALLOWED_SYMBOLS :=
