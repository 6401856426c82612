# labs/05-static/lab.mk - the static pool: sections, segments, mappings.
STUDENT_FILES := tables.c answers.txt
PROGRAMS      := demo facts quiz
demo_SRCS     := demo.c selfelf.c
facts_SRCS    := facts.c tables.c
quiz_SRCS     := quiz.c

# Where an object lands depends on these flags, so the lab states them
# instead of inheriting the distribution's defaults: a position-independent
# executable (tables of pointers then go to .data.rel.ro), no COMMON symbols
# (a tentative definition such as `int x;` goes to .bss, as gcc >= 10 does by
# default), and zero-initialized objects in .bss (gcc's default).
STATIC_FLAGS  := -fPIE -pie -fno-common -fzero-initialized-in-bss
demo_CFLAGS   := $(STATIC_FLAGS)
facts_CFLAGS  := $(STATIC_FLAGS)
quiz_CFLAGS   := $(STATIC_FLAGS)
