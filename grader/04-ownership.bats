#!/usr/bin/env bats
# grader/04-ownership.bats - ownership and lifetime: the kv store's checks.
#
# One memcheck run over every scenario of labs/04-ownership/scenarios.c (in
# this lab every leak kind counts, still-reachable included), read by each
# test for its own scenario; then that scenario alone, natively, for the
# properties memcheck cannot see (a pointer left NULL, a struct left zero):
# its exit status names the broken property (enum broken in scenarios.c).

load lib/memlab

setup_file() {
  memlab_setup_lab
  [[ $(cat "$BATS_FILE_TMPDIR/build.status") == ok ]] || return 0
  memlab_memcheck scen all -- "$BUILD/scenarios"
}

setup() { memlab_require_build; }

# property CODE - the "expected:" sentence of CODE in scenarios.c's enum.
property() {
  sed -n "s|^[[:space:]]*BROKEN_[A-Z_]* = $1, */\* expected: \(.*\) \*/\$|\1|p" \
    "$MEMLAB_LAB_DIR/scenarios.c"
}

# scenario_holds NAME WHAT - scenario_NAME is clean under memcheck, then runs
# natively to the end with status 0.  WHAT says what it does, for messages.
scenario_holds() {
  local name=$1 what=$2 err=$BATS_TEST_TMPDIR/stderr expected said fn
  memlab_assert_memcheck_clean scen "scenario_$name" "$what" || return 1
  # glibc writes its fatal messages ("double free detected") to the
  # terminal unless LIBC_FATAL_STDERR_ is set: we want them in the file.
  memlab_run --err "$err" -- env LIBC_FATAL_STDERR_=1 "$BUILD/scenarios" "$name"
  ((MEMLAB_STATUS == 0)) && return 0
  said=$(grep -v '^$' "$err" | tail -n 1)
  expected=$(property "$MEMLAB_STATUS")
  if [[ -n $expected ]]; then
    fn=$(grep -oE '^(buf|kv)_[a-z_]+' <<<"$expected")
    memlab_fail "$expected" "${said:-status $MEMLAB_STATUS}" \
      "${fn:+$fn in kv.c; }the check is scenario_$name in labs/$MEMLAB_LAB/scenarios.c"
    return
  fi
  memlab_fail "$what runs to the end without valgrind too" \
    "it ${MEMLAB_WHY:-exited with status $MEMLAB_STATUS}${said:+; it printed: $said}" \
    "run it yourself: make build LAB=04 && build/$MEMLAB_LAB/scenarios $name"
}

@test "step 1: buf_wipe never frees borrowed bytes (a string literal, a stack array)" {
  scenario_holds buf_borrowed "borrowing a literal and a stack array, then buf_wipe"
}

@test "step 1: buf_wipe frees the bytes a buf owns" {
  scenario_holds buf_owned "buf_init_copy, then buf_wipe"
}

@test "step 1: buf_wipe leaves {NULL, 0, false}, accepts NULL, and is harmless twice" {
  scenario_holds buf_wipe "buf_wipe twice on owned and borrowed bufs, then buf_wipe(NULL)"
}

@test "step 2: kv_wipe frees every entry and the array, and leaves the store all zero" {
  scenario_holds kv_wipe "kv_init, eight kv_set/kv_set_static, kv_wipe"
}

@test "step 2: kv_wipe accepts NULL, is harmless twice, and the store works again after it" {
  scenario_holds kv_wipe_twice "kv_wipe twice, kv_wipe(NULL), then kv_set and kv_wipe again"
}

@test "step 3: kv_delete frees the store and everything in it" {
  scenario_holds new_delete "kv_new, eight kv_set/kv_set_static, kv_delete"
}

@test "step 3: delete twice is safe and leaves the pointer NULL" {
  scenario_holds delete_twice "kv_delete(&kv) twice on the same pointer"
}

@test "step 3: kv_delete accepts NULL and a pointer to NULL" {
  scenario_holds delete_null "kv_delete(NULL), then kv_delete(&p) with p == NULL"
}

@test "step 4: replacing a value frees the old one if, and only if, the store owned it" {
  scenario_holds replace "setting one key four times (owned, owned, borrowed, owned)"
}

@test "step 5: kv_del never reads an entry after freeing it" {
  scenario_holds del "kv_del of every key, one by one"
}

@test "every block is freed and memcheck finds no error in the whole run" {
  memlab_assert_memcheck_clean scen "" "the whole run of every scenario"
}
