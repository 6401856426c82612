# grader/02-cache-lines.bats - lab 02: the layout of struct conn, read by pahole.
#
# No student code runs here: conn.h is a layout.  setup_file builds the lab
# and runs pahole once on conn_bench (memlab_pahole writes conn.layout: one
# row per member and per hole, with pahole's "forced" flag); every test
# reads that table.  Lines are judged 64 bytes wide on every machine, the
# width conn.h designs for (CONN_LINE_SIZE), so a verdict never depends on
# where the grader runs.  The student's own static_asserts count for
# nothing: only what pahole reads from the build does.

load lib/memlab

LINE=64

# The members conn.h must keep, as pahole prints them:
#   name role alignment declaration
# The alignments hold on every LP64 target the labs support (x86_64, arm64).
EXPECTED='
rx_buf          hot     8 uint8_t * rx_buf
ops             hot     8 const struct conn_ops * ops
fd              hot     4 int fd
rx_len          hot     4 uint32_t rx_len
flags           hot     1 uint8_t flags
state           hot     1 uint8_t state
name            config  1 char name[32]
created_ns      config  8 uint64_t created_ns
idle_timeout_ns config  8 uint64_t idle_timeout_ns
port            config  2 uint16_t port
rx_packets      counter 8 uint64_t rx_packets
rx_bytes        counter 8 uint64_t rx_bytes
drops           counter 4 uint32_t drops
'

setup_file() {
  # Only conn_bench: it is the one program that includes conn.h, and the
  # demo's build is not the student's concern (make check builds it).
  memlab_setup_lab "$BUILD/conn_bench"
  [[ $(cat "$BATS_FILE_TMPDIR/build.status") == ok ]] || return 0
  memlab_pahole "$BUILD/conn_bench" conn >"$BATS_FILE_TMPDIR/pahole.why" 2>&1 || true
}

setup() {
  memlab_require_build
  if [[ ! -s $BATS_FILE_TMPDIR/conn.layout ]]; then
    memlab_fail "pahole reads struct conn from build/$MEMLAB_LAB/conn_bench" \
      "$(head -n1 "$BATS_FILE_TMPDIR/pahole.why")" \
      "is pahole installed (make deps)? Is struct conn still named conn in conn.h?"
  fi
  load_layout
}

# load_layout - the layout table and the expected members, in arrays (no
# subshell here or in a passing test: this runs before each of them):
#   m_* : pahole's members in offset order (name, offset, size, declaration,
#         role: hot, config, counter, padding or unknown)
#   idx : member name -> its index in m_*
#   h_* : its holes (offset, bytes, forced, index of the member after it)
#   e_* : the expected members (name, role, alignment, declaration)
#   size: the struct's size
load_layout() {
  local line kind off bytes name decl forced role align i
  declare -gA idx=() e_role_of=()
  m_name=() m_off=() m_size=() m_decl=() m_role=() h_off=() h_bytes=() h_forced=() h_next=()
  e_name=() e_role=() e_align=() e_decl=() size=0
  while read -r name role align decl; do
    [[ -n $name ]] || continue
    e_name+=("$name") e_role+=("$role") e_align+=("$align") e_decl+=("$decl")
    e_role_of[$name]=$role
  done <<<"$EXPECTED"
  while IFS= read -r line; do
    # Tabs become '|' first: read collapses runs of a whitespace IFS, and
    # a hole's row has empty fields.
    IFS='|' read -r kind off bytes name decl forced <<<"${line//$'\t'/|}"
    case $kind in
      member)
        idx[$name]=${#m_name[@]}
        m_name+=("$name") m_off+=("$off") m_size+=("$bytes") m_decl+=("$decl")
        # A padding member: a char array named pad..., _pad..., __pad...
        if [[ -n ${e_role_of[$name]:-} ]]; then role=${e_role_of[$name]}
        elif [[ $name =~ ^_*pad && $decl =~ ^((un)?signed\ )?char\ |^u?int8_t\  ]]; then role=padding
        else role=unknown; fi
        m_role+=("$role") ;;
      hole) h_off+=("$off") h_bytes+=("$bytes") h_forced+=("$forced") h_next+=("${#m_name[@]}") ;;
      size) size=$off ;;
    esac
  done <"$BATS_FILE_TMPDIR/conn.layout"
}

# src_line NAME - "conn.h:N: <the line>" for the declaration of member NAME.
src_line() {
  local hit
  hit=$(grep -nE "[^A-Za-z0-9_]$1[[:space:]]*(\[[^]]*\][[:space:]]*)*(__attribute__.*)?;" \
    "$MEMLAB_LAB_DIR/conn.h" | head -n1)
  if [[ -n $hit ]]; then
    hit=${hit%%/\**}
    printf 'conn.h:%s\n' "$(sed -E 's/[[:space:]]+/ /g; s/ $//; s/:[[:space:]]*/: /' <<<"$hit")"
  else
    echo "conn.h, struct conn"
  fi
}

# pahole_line NAME - pahole's own line for member NAME, spaces squeezed.
pahole_line() {
  grep -E "^[[:space:]].*[ *]$1(\[[0-9]+\])*( __attribute__.*)?;" "$BATS_FILE_TMPDIR/conn.pahole" |
    head -n1 | sed -E 's/[[:space:]]+/ /g; s/^ //'
}

# bytes I - "bytes A-B (line L)" for member index I.
bytes() {
  local a=${m_off[$1]} b=$((m_off[$1] + m_size[$1] - 1))
  if ((a == b)); then echo "byte $a (line $((a / LINE)))"
  elif ((a / LINE == b / LINE)); then echo "bytes $a-$b (line $((a / LINE)))"
  else echo "bytes $a-$b (lines $((a / LINE))-$((b / LINE)))"; fi
}

# plural N WORD - "1 WORD" or "N WORDs".
plural() { if (($1 == 1)); then echo "1 $2"; else echo "$1 ${2}s"; fi; }

# and_more N - " (and N more)" when N > 0.
and_more() { (($1 > 0)) && printf ' (and %d more)' "$1"; return 0; }

@test "step 1: struct conn keeps its 13 members, with the same types" {
  local problems=() where='' i j
  for i in "${!e_name[@]}"; do
    j=${idx[${e_name[i]}]:-}
    if [[ -z $j ]]; then
      problems+=("member ${e_decl[i]} is gone")
    elif [[ ${m_decl[j]} != "${e_decl[i]}" ]]; then
      problems+=("'${m_decl[j]}' where the starter has '${e_decl[i]}'")
      [[ -n $where ]] || where=$(src_line "${e_name[i]}")
    fi
  done
  for j in "${!m_name[@]}"; do
    if [[ ${m_role[j]} == unknown ]]; then
      problems+=("an extra member '${m_decl[j]}' (padding must be a char array named pad... or _pad...)")
      [[ -n $where ]] || where=$(src_line "${m_name[j]}")
    fi
  done
  ((${#problems[@]} == 0)) ||
    memlab_fail "the starter's 13 members, same names and types, in any order (plus padding arrays)" \
      "${problems[0]}$(and_more $((${#problems[@]} - 1)))" "${where:-conn.h, struct conn}"
}

@test "step 1: every member starts at an offset its alignment allows (nothing packed)" {
  local i j where
  for i in "${!e_name[@]}"; do
    j=${idx[${e_name[i]}]:-}; [[ -n $j ]] || continue
    if ((m_off[j] % e_align[i] != 0)); then
      # Point at the packed attribute or pragma when there is one.
      where=$(grep -nE '__attribute__.*packed|#[[:space:]]*pragma[[:space:]]+pack' "$MEMLAB_LAB_DIR/conn.h" | head -n1 |
        sed -E 's/[[:space:]]+/ /g; s/^([0-9]+): ?/conn.h:\1: /')
      memlab_fail "each member at a multiple of its alignment; a packed struct has no holes only because its loads are misaligned" \
        "${e_decl[i]} at offset ${m_off[j]}, not a multiple of ${e_align[i]}" \
        "${where:-$(src_line "${e_name[i]}")}   (remove the packed attribute or pragma)"
    fi
  done
}

@test "step 1: struct conn has no holes between its members" {
  local i bad=() first='' after before
  for i in "${!h_off[@]}"; do
    # The one kind of hole allowed: opened by an alignment attribute (pahole
    # says "forced") to start a member on a new cache line.
    if ((h_forced[i] == 1 && (h_off[i] + h_bytes[i]) % LINE == 0)); then continue; fi
    bad+=("$i")
  done
  ((${#bad[@]} == 0)) && return 0
  i=${bad[0]}
  after=${h_next[i]}
  before=$((after - 1))
  first="${h_bytes[i]} bytes hole at offset ${h_off[i]}"
  if ((before >= 0)); then first+=", after '${m_decl[before]}'"; fi
  first+=" and before '${m_decl[after]}'"
  ((h_forced[i] == 1)) && first+=" (an alignment attribute opened it, but not to start a cache line)"
  local total=0
  for i in "${bad[@]}"; do total=$((total + h_bytes[i])); done
  memlab_fail "no hole: each member starts where its alignment allows anyway" \
    "$first; $(plural ${#bad[@]} hole), $total bytes in all" \
    "$(src_line "${m_name[after]}")   (pahole: /* XXX ${h_bytes[${bad[0]}]} bytes hole, try to pack */)"
}

@test "step 2: every hot field lies in cache line 0 (bytes 0-63)" {
  local i j out=() where='' seen
  for i in "${!e_name[@]}"; do
    [[ ${e_role[i]} == hot ]] || continue
    j=${idx[${e_name[i]}]:-}; [[ -n $j ]] || continue
    if ((m_off[j] + m_size[j] > LINE)); then
      out+=("${e_name[i]} at $(bytes "$j")")
      [[ -n $where ]] || where="$(src_line "${e_name[i]}")   (pahole: $(pahole_line "${e_name[i]}"))"
    fi
  done
  ((${#out[@]} == 0)) && return 0
  seen=$(printf '%s; ' "${out[@]}")
  memlab_fail "rx_buf, ops, fd, rx_len, flags and state all within bytes 0-$((LINE - 1))" \
    "${seen%; }" "$where"
}

@test "step 3: the counters' cache line holds only counters and padding" {
  local i j k role lines=() l first last
  # The lines any counter byte is on.
  for i in "${!e_name[@]}"; do
    [[ ${e_role[i]} == counter ]] || continue
    j=${idx[${e_name[i]}]:-}; [[ -n $j ]] || continue
    for ((l = m_off[j] / LINE; l <= (m_off[j] + m_size[j] - 1) / LINE; l++)); do lines[l]=${e_name[i]}; done
  done
  for k in "${!m_name[@]}"; do
    role=${m_role[k]}
    [[ $role == counter || $role == padding ]] && continue
    first=$((m_off[k] / LINE)) last=$(((m_off[k] + m_size[k] - 1) / LINE))
    for ((l = first; l <= last; l++)); do
      [[ -n ${lines[l]:-} ]] || continue
      j=${idx[${lines[l]}]}
      memlab_fail "no hot or config field on a line a counter uses: each counter add steals that line from the cores reading it" \
        "${role} field '${m_decl[k]}' at $(bytes "$k") shares line $l with counter '${m_decl[j]}' at $(bytes "$j")" \
        "$(src_line "${m_name[k]}")   (pahole: $(pahole_line "${m_name[k]}"))"
    done
  done
}

@test "step 3: struct conn ends on a line boundary after its counters (no neighbour on their line)" {
  local i j last=-1 l name=''
  for i in "${!e_name[@]}"; do
    [[ ${e_role[i]} == counter ]] || continue
    j=${idx[${e_name[i]}]:-}; [[ -n $j ]] || continue
    l=$(((m_off[j] + m_size[j] - 1) / LINE))
    if ((l >= last)); then last=$l name=${e_name[i]}; fi
  done
  ((last < 0 || size >= (last + 1) * LINE)) && return 0
  memlab_fail "struct conn at least $(((last + 1) * LINE)) bytes, so that line $last (counter $name) is the struct's alone" \
    "struct conn is $size bytes: it ends inside line $last, and in an array the next struct conn's first fields would share the counters' line" \
    "$(src_line "$name")   (pad the tail after the counters, or align them with alignas)"
}

@test "step 3: struct conn is no bigger than separate lines for the counters require" {
  local i j hc=0 cnt=0 bound worst='' worst_n=0
  for i in "${!e_name[@]}"; do
    j=${idx[${e_name[i]}]:-}; [[ -n $j ]] || continue
    if [[ ${e_role[i]} == counter ]]; then cnt=$((cnt + m_size[j])); else hc=$((hc + m_size[j])); fi
  done
  bound=$(((hc + LINE - 1) / LINE * LINE + (cnt + LINE - 1) / LINE * LINE))
  ((size <= bound)) && return 0
  # Point at the biggest gap: a hole, or a padding member.
  for i in "${!h_off[@]}"; do
    if ((h_bytes[i] > worst_n)); then
      worst_n=${h_bytes[i]}
      worst="pahole: /* XXX ${h_bytes[i]} bytes hole */ before '${m_decl[h_next[i]]}'"
    fi
  done
  for j in "${!m_name[@]}"; do
    if [[ ${m_role[j]} == padding ]] && ((m_size[j] > worst_n)); then
      worst_n=${m_size[j]}
      worst="$(src_line "${m_name[j]}") ($worst_n bytes)"
    fi
  done
  memlab_fail "at most $bound bytes: $hc bytes of hot and config fields in $(((hc + LINE - 1) / LINE)) line(s), $cnt bytes of counters in $(((cnt + LINE - 1) / LINE))" \
    "struct conn is $size bytes ($(((size + LINE - 1) / LINE)) lines)" \
    "${worst:-conn.h, struct conn}"
}
