# grader/lib/pahole.bash - a struct's layout, as pahole sees it in the build.
#
# The program must be built with -g -fno-eliminate-unused-debug-types (a type
# the program never uses has no DWARF otherwise).  pahole 1.24 quirks this
# works around: `pahole -C X` exits 0 when X is missing, so we check its
# output; `--reorganize` is wrong, so we never ask it for a layout.

# memlab_pahole BIN STRUCT - write the layout of STRUCT in BIN to
# $BATS_FILE_TMPDIR/STRUCT.pahole (pahole's own text) and STRUCT.layout:
#   member<TAB>offset<TAB>size<TAB>name<TAB>declaration<TAB>forced
#   hole<TAB>offset<TAB>bytes<TAB>-<TAB>-<TAB>forced
#   size<TAB>bytes
#   padding<TAB>bytes        (at the end, when pahole reports any)
# A member's cache line is its offset / 64 (pahole runs with 64-byte lines).
# "forced" is 1 for a member with an alignment attribute, and for the hole
# that attribute opens before it.  Returns 1 (printing why) when pahole
# fails or does not know STRUCT.
memlab_pahole() {
  local bin=$1 type=$2 raw=$BATS_FILE_TMPDIR/$2.pahole
  memlab_run --cpu 20 --wall 60 --out "$raw" --err "$raw.err" -- \
    pahole --cacheline_size=64 -C "$type" "$bin"
  if ((MEMLAB_STATUS != 0)) || ! grep -q "^struct $type {" "$raw"; then
    echo "pahole found no 'struct $type' in ${bin##*/}: $(head -n1 "$raw.err")"
    return 1
  fi
  memlab_pahole_parse <"$raw" >"$BATS_FILE_TMPDIR/$type.layout"
}

# memlab_pahole_parse - pahole text on stdin, the layout table on stdout.
memlab_pahole_parse() {
  awk '
    function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); gsub(/[ \t]+/, " ", s); return s }
    depth == 0 && /^struct [A-Za-z_0-9]+ \{/ { depth = 1; next }
    depth == 0 { next }
    /^\};|^\} __attribute__/ { exit }
    /XXX [0-9]+ bytes hole/ {
      match($0, /[0-9]+ bytes/); hole = substr($0, RSTART, RLENGTH) + 0; next
    }
    /\/\* size: [0-9]+/ { match($0, /size: [0-9]+/); print "size\t" substr($0, RSTART + 6, RLENGTH - 6); next }
    /\/\* padding: [0-9]+/ { match($0, /padding: [0-9]+/); print "padding\t" substr($0, RSTART + 9, RLENGTH - 9); next }
    /;[ \t]*\/\*[ \t]*[0-9]+[ \t]+[0-9]+[ \t]*\*\// {
      line = $0
      forced = (line ~ /__aligned__/) ? 1 : 0
      sub(/[ \t]*__attribute__\(\(__aligned__\([0-9]+\)\)\)/, "", line)
      match(line, /\/\*[ \t]*[0-9]+[ \t]+[0-9]+[ \t]*\*\//)
      split(trim(substr(line, RSTART + 2, RLENGTH - 4)), nums, " ")
      decl = trim(substr(line, 1, index(line, ";") - 1))
      if (match(decl, /\(\*[A-Za-z_0-9]+\)/)) name = substr(decl, RSTART + 2, RLENGTH - 3)
      else { name = decl; sub(/(\[[0-9]*\])+$/, "", name); sub(/.*[ *]/, "", name) }
      if (hole > 0) { print "hole\t" (nums[1] - hole) "\t" hole "\t-\t-\t" forced; hole = 0 }
      print "member\t" nums[1] "\t" nums[2] "\t" name "\t" decl "\t" forced
    }
  '
}
