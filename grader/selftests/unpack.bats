#!/usr/bin/env bats
# grader/selftests/unpack.bats - grader/unpack refuses what it must, before
# anything is written, and never runs what an entry names.
#
# Run from the project root (as root, as make check does, or as a user):
#   bats grader/selftests/unpack.bats
# The hostile entries are made here, with git and zip, and the zip ones
# patched byte by byte to lie (sizes, host systems, file types).

bats_require_minimum_version 1.5.0

setup_file() {
  export ROOT=${BATS_TEST_DIRNAME%/*/*}
  local t=$BATS_FILE_TMPDIR g
  # A git clone whose own config names a smudge filter, with ident and eol
  # attributes too: unpacking must give the committed bytes, untouched.
  g=$t/filtered
  mkdir -p "$g/04-ownership"
  printf 'good $Id$\nline\n' >"$g/04-ownership/kv.c"
  printf '*.c filter=evil ident text eol=crlf\n' >"$g/.gitattributes"
  mkgit "$g"
  git -C "$g" config filter.evil.smudge "sed s/good/EVIL/"
  git -C "$g" config filter.evil.required true
  printf '#!/bin/sh\ntouch "$GIT_DIR/../hooked"\n' >"$g/.git/hooks/post-checkout"
  chmod +x "$g/.git/hooks/post-checkout"
  # A 20 KiB repository whose tree names one blob 12,000 times.
  mkbomb "$t/bomb-count" 12000 16
  # ... and one whose 2,000 names of one 64 KiB blob make 128 MiB.
  mkbomb "$t/bomb-bytes" 2000 65536
  # A symlink committed in git (a bare repository: no working tree to tar).
  g=$t/gitlink
  mkdir -p "$g/04-ownership" && ln -s /etc/passwd "$g/04-ownership/kv.c" && mkgit "$g"
  git clone -q --bare "$g" "$t/gitlink.git"
  # Zips: plain, then patched copies of one that holds 8 MiB of zeros.
  mkdir -p "$t/z/04-ownership"
  echo 'int x;' >"$t/z/04-ownership/kv.c"
  (cd "$t/z" && zip -qr "$t/plain.zip" .)
  head -c $((8 << 20)) /dev/zero >"$t/z/04-ownership/kv.c"
  (cd "$t/z" && zip -q -9 -r "$t/zeros.zip" 04-ownership/kv.c)
  # The uncompressed size, in the local header and the central directory.
  cp "$t/zeros.zip" "$t/lie.zip"
  patch_le32 "$t/lie.zip" 22 100
  patch_le32 "$t/lie.zip" $(($(central "$t/lie.zip") + 24)) 100
  # "Made by" VMS (host 2), whose attributes unzip maps its own way.
  cp "$t/plain.zip" "$t/vms.zip"
  printf '\002' | dd of="$t/vms.zip" bs=1 seek=$(($(central "$t/vms.zip") + 5)) conv=notrunc status=none
  # A unix FIFO (mode 010644 in the external attributes' high half).
  cp "$t/plain.zip" "$t/fifo.zip"
  printf '\244\021' | dd of="$t/fifo.zip" bs=1 seek=$(($(central "$t/fifo.zip") + 40)) conv=notrunc status=none
  # A symlink, stored as one (zip -y).
  mkdir -p "$t/zl/04-ownership" && ln -s /etc/passwd "$t/zl/04-ownership/kv.c"
  (cd "$t/zl" && zip -qry "$t/link.zip" .)
}

# mkgit DIR - commit everything in DIR as a fresh repository.
mkgit() {
  git -C "$1" init -q
  git -C "$1" add -A
  git -C "$1" -c user.name=s -c user.email=s@example.org commit -qm work
}

# mkbomb DIR N BYTES - a repository whose tree names one BYTES-byte blob N times.
mkbomb() {
  local oid tree commit
  git init -q --bare "$1"
  oid=$(head -c "$3" /dev/zero | git --git-dir="$1" hash-object -w --stdin)
  tree=$(for ((i = 0; i < $2; i++)); do printf '100644 blob %s\tf%05d.c\n' "$oid" "$i"; done |
    git --git-dir="$1" mktree)
  commit=$(git --git-dir="$1" -c user.name=s -c user.email=s@example.org commit-tree -m bomb "$tree")
  git --git-dir="$1" update-ref refs/heads/main "$commit"
  git --git-dir="$1" symbolic-ref HEAD refs/heads/main
}

# central ZIP - the offset of the first central directory header.
central() { LC_ALL=C grep -obUaP 'PK\x01\x02' "$1" | head -n1 | cut -d: -f1; }

# patch_le32 FILE OFFSET VALUE - write VALUE as 4 little-endian bytes.
patch_le32() {
  printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $(($3 & 255)) $(($3 >> 8 & 255)) $(($3 >> 16 & 255)) $(($3 >> 24 & 255)))" |
    dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

@test "a plain zip unpacks to its files" {
  run -0 "$ROOT/grader/unpack" "$BATS_FILE_TMPDIR/plain.zip" "$BATS_TEST_TMPDIR/d"
  [[ $(cat "$BATS_TEST_TMPDIR/d/tree/04-ownership/kv.c") == 'int x;' ]]
}

@test "a git entry gives the committed bytes: no smudge filter, ident, eol or hook of its own runs" {
  run -0 "$ROOT/grader/unpack" "$BATS_FILE_TMPDIR/filtered" "$BATS_TEST_TMPDIR/d"
  cmp "$BATS_TEST_TMPDIR/d/tree/04-ownership/kv.c" <(printf 'good $Id$\nline\n')
  [[ ! -e $BATS_TEST_TMPDIR/d/tree/hooked && ! -e $BATS_FILE_TMPDIR/hooked ]]
}

@test "a git tree bomb of 12,000 names for one blob is refused by the file count, before writing" {
  run -1 "$ROOT/grader/unpack" "$BATS_FILE_TMPDIR/bomb-count" "$BATS_TEST_TMPDIR/d"
  [[ $output == *"12000 files (at most 10000)"* ]]
  [[ ! -e $BATS_TEST_TMPDIR/d/box/head/f00000.c ]]
}

@test "a git tree bomb of 128 MiB from one 64 KiB blob is refused by the size limit" {
  run -1 "$ROOT/grader/unpack" "$BATS_FILE_TMPDIR/bomb-bytes" "$BATS_TEST_TMPDIR/d"
  [[ $output == *"unpacks to 131072000 bytes"* ]]
}

@test "a symlink committed in git is refused" {
  run -1 "$ROOT/grader/unpack" "$BATS_FILE_TMPDIR/gitlink.git" "$BATS_TEST_TMPDIR/d"
  [[ $output == *"it holds a link: 04-ownership/kv.c"* ]]
}

@test "a zip whose directory says 100 bytes for 8 MiB of data is refused before extraction" {
  run -1 "$ROOT/grader/unpack" "$BATS_FILE_TMPDIR/lie.zip" "$BATS_TEST_TMPDIR/d"
  [[ $output == *"more bytes than its directory says"* ]]
  [[ ! -e $BATS_TEST_TMPDIR/d/box/raw/04-ownership/kv.c ]]
}

@test "a zip entry made on VMS is refused" {
  run -1 "$ROOT/grader/unpack" "$BATS_FILE_TMPDIR/vms.zip" "$BATS_TEST_TMPDIR/d"
  [[ $output == *"special file"* ]]
}

@test "a zip entry that is a unix FIFO is refused" {
  run -1 "$ROOT/grader/unpack" "$BATS_FILE_TMPDIR/fifo.zip" "$BATS_TEST_TMPDIR/d"
  [[ $output == *"special file"* ]]
}

@test "a symlink stored in a zip is refused" {
  run -1 "$ROOT/grader/unpack" "$BATS_FILE_TMPDIR/link.zip" "$BATS_TEST_TMPDIR/d"
  [[ $output == *"it holds a link"* ]]
}
