# labs/lab.mk - build rules shared by every lab.
#
# Used as:  make -f labs/lab.mk LAB_DIR=labs/NN-slug O=build/NN-slug [TARGET]
# (the top Makefile and the grader both call it this way; the grader points
# LAB_DIR at a scratch copy, so nothing here may assume the project tree).
#
# Each lab describes itself in LAB_DIR/lab.mk (docs/lab-contract.md):
#   STUDENT_FILES   files the student edits (the only ones the grader takes
#                   from a submission; everything else is harness)
#   PROGRAMS        programs built with the student's code; `demo` is what
#                   `make run` starts
#   <prog>_SRCS     that program's .c files, relative to LAB_DIR
#                   (harness/subject.c bump.c)
#   <prog>_CFLAGS, <prog>_LDFLAGS, <prog>_LDLIBS   extra flags (optional)
#   <prog>_COMMON   files of common/'s sub-folders it also needs
#                   (probe/fault.c, with $(PROBE_LDFLAGS) in _LDFLAGS)
#   JUDGE_SRCS      the judge's .c files (harness/judge.c): built by the
#                   target `judge`, never with the student's files
#   ALLOWED_SYMBOLS what the student's objects may call, beyond BASE_SYMBOLS
# Every program is linked with common/*.c; the judge with common/judge/*.c.

ifndef LAB_DIR
$(error LAB_DIR is not set: use the top Makefile, e.g. `make run LAB=02`)
endif
O ?= $(LAB_DIR)/build
COMMON ?= $(LAB_DIR)/../../common

# A subject linked with common/probe/fault.c sends these calls through it
# (common/probe/fault.h): the judge can make any of them fail, and can make
# the machine look like one with other page and line sizes.
PROBE_LDFLAGS := -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup \
	-Wl,--wrap=mmap,--wrap=mprotect,--wrap=open,--wrap=pthread_create \
	-Wl,--wrap=sbrk,--wrap=sysconf,--wrap=getpagesize

include $(LAB_DIR)/lab.mk

CC      ?= cc
WARN    := -std=gnu11 -O2 -g -Wall -Wextra -Werror
CFLAGS  := $(WARN) -I$(abspath $(COMMON)) -I$(abspath $(COMMON))/probe -I$(abspath $(LAB_DIR)) \
	-I$(abspath $(LAB_DIR))/harness
LDLIBS  :=

COMMON_SRCS := $(wildcard $(COMMON)/*.c)
HEADERS     := $(wildcard $(COMMON)/*.h $(LAB_DIR)/*.h $(LAB_DIR)/harness/*.h)

# What any C file may reference: the C library's basics and what gcc emits
# on its own.  A lab adds what its topic needs in ALLOWED_SYMBOLS.
BASE_SYMBOLS := _GLOBAL_OFFSET_TABLE_ __stack_chk_fail __stack_chk_guard \
	memcpy memmove memset memcmp strlen strcmp strncmp strchr strrchr \
	__errno_location __assert_fail abort \
	malloc calloc realloc free \
	printf fprintf snprintf vsnprintf puts fputs putchar fputc fwrite \
	__printf_chk __fprintf_chk __snprintf_chk __vsnprintf_chk __memcpy_chk \
	__memset_chk __memmove_chk __strcpy_chk stderr stdout

STUDENT_C := $(filter %.c,$(STUDENT_FILES))



.DELETE_ON_ERROR:
.PHONY: all judge print-allowed
all: $(addprefix $(O)/,$(PROGRAMS)) $(addprefix $(O)/student/,$(STUDENT_C:.c=.o))

ifeq ($(V),1)
Q :=
else
Q := @
endif

# Each source is compiled on its own, then each program is linked from its
# objects: only what changed is compiled again, and the grader can lay the
# harness's objects, built once from the pristine harness, beside the
# student's (grader/lib/memlab.bash): grading then compiles the student's
# files only.  A program without _CFLAGS of its own shares its objects with
# the others (O/obj/base/); one with flags has a folder of its own
# (O/obj/PROG/).  LAB_DIR/x.c becomes obj/V/lab/x.o, COMMON/x.c obj/V/common/x.o.
variant  = $(if $(strip $($(1)_CFLAGS)),$(1),base)
objs_of  = $(patsubst %.c,$(O)/obj/$(call variant,$(1))/lab/%.o,$($(1)_SRCS)) \
	$(patsubst %.c,$(O)/obj/$(call variant,$(1))/common/%.o,$($(1)_COMMON) \
		$(patsubst $(COMMON)/%,%,$(COMMON_SRCS)))
VARIANTS := $(sort $(foreach p,$(PROGRAMS),$(call variant,$(p))))
VFLAGS_base :=

define variant_rules
$(O)/obj/$(1)/lab/%.o: $(LAB_DIR)/%.c $$(HEADERS) $$(wildcard $(COMMON)/probe/*.h)
	@mkdir -p $$(@D)
	@$$(if $$(Q),echo "  CC      $$(notdir $$@)")
	$$(Q)$$(CC) $$(CFLAGS) $$(VFLAGS_$(1)) -c -o $$@ $$<
$(O)/obj/$(1)/common/%.o: $(COMMON)/%.c $$(HEADERS) $$(wildcard $(COMMON)/probe/*.h)
	@mkdir -p $$(@D)
	@$$(if $$(Q),echo "  CC      $$(notdir $$@)")
	$$(Q)$$(CC) $$(CFLAGS) $$(VFLAGS_$(1)) -c -o $$@ $$<
endef
$(foreach p,$(PROGRAMS),$(if $(strip $($(p)_CFLAGS)),$(eval VFLAGS_$(p) := $($(p)_CFLAGS))))
$(foreach v,$(VARIANTS),$(eval $(call variant_rules,$(v))))

define program_rule
$(O)/$(1): $$(call objs_of,$(1)) | $(O)
	@$$(if $$(Q),echo "  LD      $$(notdir $$@)")
	$$(Q)$$(CC) $$(CFLAGS) $$($(1)_CFLAGS) $$($(1)_LDFLAGS) -o $$@ \
		$$(call objs_of,$(1)) $$(LDLIBS) $$($(1)_LDLIBS)
endef
$(foreach p,$(PROGRAMS),$(eval $(call program_rule,$(p))))

# The objects of the harness (every program's, the student's files aside):
# what the grader builds once, outside the sandbox, and lays ready-made.
HARNESS_OBJS := $(filter-out $(foreach f,$(STUDENT_C),%/lab/$(f:.c=.o)), \
	$(sort $(foreach p,$(PROGRAMS),$(call objs_of,$(p)))))
.PHONY: harness-objects
harness-objects: $(HARNESS_OBJS)

# The judge: the lab's harness and common/judge/ only.  No -I$(LAB_DIR): a
# judge that includes a student file does not build.
JUDGE_LIB := $(filter-out %/noexec.c,$(wildcard $(COMMON)/judge/*.c))
judge: $(O)/judge $(O)/noexec
$(O)/judge: $(addprefix $(LAB_DIR)/,$(JUDGE_SRCS)) $(JUDGE_LIB) $(wildcard $(COMMON)/judge/*.h $(LAB_DIR)/harness/*.h) | $(O)
	@$(if $(Q),echo "  CC      judge")
	$(Q)$(CC) $(WARN) -I$(COMMON)/judge -I$(LAB_DIR)/harness -o $@ \
		$(addprefix $(LAB_DIR)/,$(JUDGE_SRCS)) $(JUDGE_LIB) -lm
# The launcher of the native AddressSanitizer runs (common/judge/noexec.c).
$(O)/noexec: $(COMMON)/judge/noexec.c | $(O)
	$(Q)$(CC) $(WARN) -o $@ $<

# The student's objects, alone: the grader lists the symbols they reference
# (nm -u, in the sandbox) and compares them with `make print-allowed`.
$(O)/student/%.o: $(LAB_DIR)/%.c $(HEADERS)
	@mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<
print-allowed:
	@printf '%s\n' $(BASE_SYMBOLS) $(ALLOWED_SYMBOLS) | sort -u

# print-compdb: one line per source file, "FILE<TAB>COMMAND", for the top
# Makefile's compile_commands.json (editors and clangd find the headers).
compdb_line = printf '%s\t%s\n' '$(abspath $(2))' '$(CC) $(CFLAGS) $($(1)_CFLAGS) -c $(abspath $(2))';
.PHONY: print-compdb
print-compdb:
	@$(foreach p,$(PROGRAMS),$(foreach f,$(addprefix $(LAB_DIR)/,$($(p)_SRCS)) \
		$(addprefix $(COMMON)/,$($(p)_COMMON)),$(call compdb_line,$(p),$(f))))
	@$(foreach f,$(COMMON_SRCS),printf '%s\t%s\n' '$(abspath $(f))' '$(CC) $(CFLAGS) -c $(abspath $(f))';)
	@$(foreach f,$(JUDGE_SRCS),printf '%s\t%s\n' '$(abspath $(LAB_DIR)/$(f))' \
		'$(CC) $(WARN) -I$(abspath $(COMMON))/judge -I$(abspath $(LAB_DIR))/harness -c $(abspath $(LAB_DIR)/$(f))';)

$(O):
	$(Q)mkdir -p $@
