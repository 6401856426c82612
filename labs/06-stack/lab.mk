# lab 06: the stack.  The student edits walk.c only.
STUDENT_FILES := walk.c
PROGRAMS      := demo check check-asan frames
demo_SRCS     := demo.c stackinfo.c
demo_LDLIBS   := -pthread
# check: the harness, judged natively under `ulimit -Ss 256`.
check_SRCS    := check.c stackinfo.c walk.c
check_LDLIBS  := -pthread
# check-asan: the same, for AddressSanitizer's stack-use-after-return.
check-asan_SRCS   := check.c stackinfo.c walk.c
check-asan_CFLAGS := -O1 -fsanitize=address -fno-omit-frame-pointer
check-asan_LDLIBS := -pthread -fsanitize=address
# frames: never run; built at -O0 for its -fstack-usage report
# (build/06-stack/frames-walk.su: one line per function of walk.c).
frames_SRCS   := check.c stackinfo.c walk.c
frames_CFLAGS := -O0 -fstack-usage
frames_LDLIBS := -pthread
