# Memory labs - top Makefile.  `make help` lists the targets.
#
# Labs are discovered by wildcard (labs/NN-slug/lab.mk): adding a lab never
# edits this file.  Build products go to build/ only.

SHELL := /bin/bash
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

LABS  := $(sort $(patsubst labs/%/lab.mk,%,$(wildcard labs/[0-9][0-9]-*/lab.mk)))
BUILD := build

# LAB=2, LAB=02 and LAB=02-cache-lines all name the same lab.
ifdef LAB
LAB_NUM  := $(shell n='$(LAB)'; n=$${n%%-*}; n=$$(echo "$$n" | sed 's/^0*//'); printf '%02d' "$${n:-0}" 2>/dev/null)
LAB_NAME := $(firstword $(filter $(LAB),$(LABS)) $(filter $(LAB_NUM)-%,$(LABS)))
endif

define need_lab
	@if [ -z "$(LAB_NAME)" ]; then \
	  echo "error: say which lab, e.g. make $@ LAB=02 (labs: $(LABS))" >&2; exit 2; fi
endef

.PHONY: help
help: ## list the targets
	@echo "Memory labs: make TARGET [LAB=NN] [V=1]"
	@echo
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | \
	  sed -E 's/^([a-z-]+):.*## (.*)/  \1\t\2/' | expand -t 18
	@echo
	@echo "Labs: $(LABS)"

.PHONY: deps
deps: ## install what the labs and grader need (as root), or say what is missing
	@grader/deps --install

.PHONY: build
build: ## build every lab's programs, or only LAB=NN
	@grader/deps --quiet build
	@set -e; for lab in $(or $(LAB_NAME),$(LABS)); do \
	  $(MAKE) --no-print-directory -f labs/lab.mk LAB_DIR=labs/$$lab O=$(BUILD)/$$lab; done

.PHONY: run
run: ## build LAB=NN and run its demo
	$(need_lab)
	@grader/deps --quiet build
	@$(MAKE) --no-print-directory -f labs/lab.mk LAB_DIR=labs/$(LAB_NAME) O=$(BUILD)/$(LAB_NAME)
	@cd labs/$(LAB_NAME) && ../../$(BUILD)/$(LAB_NAME)/demo

.PHONY: grade
grade: ## grade your work in labs/ (all labs, or LAB=NN; SEED=S replays a sample)
	@grader/deps --quiet grade
	@grader/grade $(if $(SEED),--seed $(SEED)) $(LAB)

.PHONY: check
check: ## the project's self-tests (all, or only LAB=NN's): solutions pass, starters and mutants fail
	@grader/deps --quiet check
	@grader/selftest $(LAB_NAME)

.PHONY: mutation-score
mutation-score: ## grade mechanical mutants of the solutions (all labs, or LAB=NN): killed/survived
	@grader/deps --quiet check
	@grader/mutation-score $(LAB_NAME)

.PHONY: bench-grader
bench-grader: ## time grading each lab's solution against the floor of its tools
	@grader/deps --quiet grade
	@grader/bench $(LAB)

.PHONY: hint
hint: ## the hint of LAB=NN's first unfinished step (or STEP=N)
	$(need_lab)
	@grader/deps --quiet grade
	@grader/hint $(LAB_NAME) $(STEP)

.PHONY: next
next: ## the first lab and step you have not finished, with its handout section
	@grader/deps --quiet grade
	@grader/hint --next

.PHONY: map
map: ## lab 01: draw this machine's address space, build/01-address-space/map.svg
	@$(MAKE) --no-print-directory run LAB=01 | sed -n '/^== A picture/,/^$$/p'

.PHONY: slides
slides: ## render every deck to offline HTML in build/slides/ (index.html links them)
	@grader/slides $(BUILD)/slides

.PHONY: tour
tour: ## every lab's demo, in course order, each under a header line
	@grader/deps --quiet build
	@set -e; for lab in $(LABS); do \
	  $(MAKE) --no-print-directory -f labs/lab.mk LAB_DIR=labs/$$lab O=$(BUILD)/$$lab $(BUILD)/$$lab/demo; \
	  printf '\n######## %s: make run LAB=%s (the handout: labs/%s/README.md)\n\n' "$$lab" "$${lab%%-*}" "$$lab"; \
	  (cd labs/$$lab && ../../$(BUILD)/$$lab/demo); done

.PHONY: watch
watch: ## grade LAB=NN again at every save of its files (inotify-tools): first failure and a summary
	$(need_lab)
	@grader/deps --quiet grade
	@grader/watch $(LAB_NAME)

.PHONY: compile_commands.json
compile_commands.json: ## for editors and clangd: how every C file of every lab is compiled
	@for lab in $(LABS); do \
	  $(MAKE) --no-print-directory -s -f labs/lab.mk LAB_DIR=labs/$$lab O=$(BUILD)/$$lab print-compdb; \
	done | sort -u -t '	' -k1,1 | awk -F'\t' -v dir="$(CURDIR)" ' \
	  function q(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); return "\"" s "\"" } \
	  BEGIN { print "[" } \
	  { printf "%s  {\"directory\": %s, \"file\": %s, \"command\": %s}", (NR > 1 ? ",\n" : ""), q(dir), q($$1), q($$2) } \
	  END { print "\n]" }' >$@.tmp && mv $@.tmp $@
	@echo "wrote compile_commands.json ($$(grep -c '"file"' $@) files)"

.PHONY: student-pack
student-pack: ## build/memory-labs-student.tar.gz: the labs without solutions or mutants
	@grader/pack $(BUILD)/memory-labs-student.tar.gz

.PHONY: clean
clean: ## remove build products
	rm -rf $(BUILD)
