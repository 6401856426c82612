STUDENT_FILES := bump.c
PROGRAMS      := demo probe
demo_SRCS     := demo.c
probe_SRCS    := probe.c bump.c
