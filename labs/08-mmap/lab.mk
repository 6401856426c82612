STUDENT_FILES := mapfile.c
PROGRAMS      := demo mapcheck
demo_SRCS     := demo.c
mapcheck_SRCS := mapcheck.c mapfile.c
