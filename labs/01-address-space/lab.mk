# labs/01-address-space/lab.mk - which pool does an address come from?
STUDENT_FILES := classify.c
PROGRAMS      := demo probe
demo_SRCS     := demo.c pools.c classify.c harness/mapsvg.c
probe_SRCS    := probe.c pools.c classify.c
demo_LDLIBS   := -pthread -lm
probe_LDLIBS  := -pthread
