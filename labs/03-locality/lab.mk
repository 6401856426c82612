# labs/03-locality/lab.mk - locality: the latency curve, loop order, tiling, hot/cold.
#
# The student edits loop_order.c, transpose.c and particles.c, one step
# each: the grader charges the cache misses of each file's functions to its
# step.  harness/ holds everything else.
STUDENT_FILES  := loop_order.c transpose.c particles.c
PROGRAMS       := demo latency subject subject-asan
# latency: the measuring tool (full run); the demo runs it quickly, then
# races the student's functions against the starter's (harness/baseline.c).
demo_SRCS      := demo.c harness/curve.c harness/cgout.c harness/baseline.c \
                  $(STUDENT_FILES)
latency_SRCS   := harness/latency.c harness/curve.c
# The subject: the student's files and the stub that runs the judge's
# script, under cachegrind (with the line size it simulates pretended);
# subject-asan the same under AddressSanitizer, on small sizes.
subject_SRCS   := harness/subject.c $(STUDENT_FILES)
subject_COMMON := probe/fault.c
subject_LDFLAGS := $(PROBE_LDFLAGS)
subject-asan_SRCS    := $(subject_SRCS)
subject-asan_COMMON  := probe/fault.c
subject-asan_CFLAGS  := -fsanitize=address -fno-omit-frame-pointer
subject-asan_LDFLAGS := $(PROBE_LDFLAGS) -fsanitize=address
JUDGE_SRCS     := harness/judge.c harness/cgout.c
# What the student's files may call beyond the C library's basics: the
# line size, and aligned allocations for arrays that start on a line.
ALLOWED_SYMBOLS := ml_cache_line_size sysconf aligned_alloc posix_memalign
