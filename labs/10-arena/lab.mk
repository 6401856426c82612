STUDENT_FILES := arena.c
PROGRAMS      := demo bench misuse misuse-plain misuse-asan
demo_SRCS     := demo.c
# The sequence measured against glibc: client requests compiled out, as in
# a production build (valgrind.h's NVALGRIND).
bench_SRCS    := harness/bench.c arena.c
bench_CFLAGS  := -DNVALGRIND
# The planted misuses: with the student's client requests, without them
# (the demo's comparison), and under AddressSanitizer.
misuse_SRCS         := harness/misuse.c arena.c
misuse-plain_SRCS   := harness/misuse.c arena.c
misuse-plain_CFLAGS := -DNVALGRIND
misuse-asan_SRCS    := harness/misuse.c arena.c
misuse-asan_CFLAGS  := -fsanitize=address -fno-omit-frame-pointer
misuse-asan_LDFLAGS := -fsanitize=address
ALLOWED_SYMBOLS := mmap munmap calloc __asan_poison_memory_region __asan_unpoison_memory_region
