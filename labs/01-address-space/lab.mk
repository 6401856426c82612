# labs/01-address-space/lab.mk - which pool does an address come from?
STUDENT_FILES   := classify.c
PROGRAMS        := demo subject subject-asan
demo_SRCS       := demo.c harness/pools.c classify.c harness/mapsvg.c
demo_LDLIBS     := -pthread -lm
# The subject: classify.c and the stub that runs the judge's script.  The
# maps classify.c reads through common/maps.h come through the stub
# (harness/subject.c): the judge's own lines, or the real ones.
MAPS_WRAP       := -Wl,--wrap=ml_maps_find,--wrap=ml_maps_each
subject_SRCS    := harness/subject.c classify.c
subject_COMMON  := probe/fault.c
subject_LDFLAGS := $(PROBE_LDFLAGS) $(MAPS_WRAP)
subject_LDLIBS  := -pthread
# The same subject under AddressSanitizer: the second observer of memory
# errors and leaks (the grader sets ASAN_OPTIONS; the report goes to stderr).
subject-asan_SRCS    := $(subject_SRCS)
subject-asan_COMMON  := probe/fault.c
subject-asan_CFLAGS  := -fsanitize=address -fno-omit-frame-pointer
subject-asan_LDFLAGS := $(PROBE_LDFLAGS) $(MAPS_WRAP) -fsanitize=address
subject-asan_LDLIBS  := -pthread
JUDGE_SRCS      := harness/judge.c harness/pools.c
# What classify.c may call beyond the C library's basics: the maps (only
# through common/maps.h), the executable's path, the loader's list of
# objects, the thread library's stack ranges.
ALLOWED_SYMBOLS := ml_maps_find ml_maps_each readlink realpath dl_iterate_phdr stat \
	pthread_getattr_np pthread_attr_getstack pthread_attr_destroy pthread_equal edata end
