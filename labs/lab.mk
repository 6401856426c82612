# labs/lab.mk - build rules shared by every lab.
#
# Used as:  make -f labs/lab.mk LAB_DIR=labs/NN-slug O=build/NN-slug
# (the top Makefile and the grader both call it this way; the grader points
# LAB_DIR at a scratch copy, so nothing here may assume the project tree).
#
# Each lab describes itself in LAB_DIR/lab.mk:
#   STUDENT_FILES := files the student edits (the grader takes only these
#                    from a submission; everything else is harness)
#   PROGRAMS      := programs to build; `demo` is what `make run` starts
#   <prog>_SRCS   := the lab's .c files for that program
#   <prog>_CFLAGS, <prog>_LDLIBS := extra flags for that program (optional)
# Every program is also linked with common/*.c, the only C shared by labs.

ifndef LAB_DIR
$(error LAB_DIR is not set: use the top Makefile, e.g. `make run LAB=02`)
endif
O ?= $(LAB_DIR)/build
COMMON ?= $(LAB_DIR)/../../common

include $(LAB_DIR)/lab.mk

CC      ?= cc
CFLAGS  := -std=gnu11 -O2 -g -Wall -Wextra -Werror -I$(COMMON) -I$(LAB_DIR)
# main() is wrapped by common/done.c: a harness proves it reached its verdict.
LDFLAGS := -Wl,--wrap=main
LDLIBS  :=

COMMON_SRCS := $(wildcard $(COMMON)/*.c)
HEADERS     := $(wildcard $(COMMON)/*.h $(LAB_DIR)/*.h)

.DELETE_ON_ERROR:
.PHONY: all
all: $(addprefix $(O)/,$(PROGRAMS))

ifeq ($(V),1)
Q :=
else
Q := @
endif

# One rule per program: its own sources plus common/, compiled in one step
# (the programs are small; one gcc call keeps the rules obvious).
define program_rule
$(O)/$(1): $$(addprefix $(LAB_DIR)/,$$($(1)_SRCS)) $$(COMMON_SRCS) $$(HEADERS) | $(O)
	@$$(if $$(Q),echo "  CC      $$(notdir $$@)")
	$(Q)$$(CC) $$(CFLAGS) $$($(1)_CFLAGS) $$(LDFLAGS) -o $$@ \
		$$(addprefix $(LAB_DIR)/,$$($(1)_SRCS)) $$(COMMON_SRCS) $$(LDLIBS) $$($(1)_LDLIBS)
endef
$(foreach p,$(PROGRAMS),$(eval $(call program_rule,$(p))))

$(O):
	$(Q)mkdir -p $@
