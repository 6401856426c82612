STUDENT_FILES   := logindex.c
PROGRAMS        := demo allocbench logidx subject subject-asan
demo_SRCS       := demo.c frag.c heapwalk.c threads.c allocators.c
demo_LDLIBS     := -pthread
allocbench_SRCS := allocbench.c
# The student's file and the tools around it: every malloc, calloc, realloc
# and free of logindex.c goes through harness/tally.c (counted, and failed
# on request).
TALLY_WRAP      := -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free
logidx_SRCS     := logidx.c logindex.c harness/loggen.c harness/tally.c
logidx_LDFLAGS  := $(TALLY_WRAP)
subject_SRCS    := harness/subject.c logindex.c harness/loggen.c harness/tally.c
subject_LDFLAGS := $(TALLY_WRAP)
JUDGE_SRCS      := harness/judge.c harness/loggen.c
ALLOWED_SYMBOLS := malloc_usable_size memchr
# The same subject under AddressSanitizer: the second observer of memory
# errors and leaks (the grader sets ASAN_OPTIONS; the report goes to stderr).
subject-asan_SRCS    := $(subject_SRCS)
subject-asan_CFLAGS  := -fsanitize=address -fno-omit-frame-pointer
subject-asan_LDFLAGS := $(TALLY_WRAP) -fsanitize=address
