# grader/lib/sanitise.bash - the one sanitiser for text that reaches a report.
#
# Sourced by grader/lib/results.bash (and so by grader/grade and
# grader/batch).  Every string a report quotes that a submission could have
# shaped (a failure's expected/seen/where, bats' comment lines, an entry's
# name, an unpack error) goes through it, in two stages:
#
#   bytes       memlab_utf8: `iconv -c` drops what is not UTF-8, so that
#               jq, JSON and XML never see an invalid sequence;
#   characters  the jq function `sanitise` (MEMLAB_SANITISE_JQ): printable
#               characters only.  Control characters are shown, not obeyed:
#               ESC as ^[ (no escape sequence reaches a terminal), a newline
#               as ⏎ (a quoted line cannot start a line of its own), a tab
#               as \t, any other C0/C1 control or DEL as \xNN, and the
#               characters that reorder or hide text (bidi overrides, zero
#               width, line/paragraph separators, BOM, U+FFFE/U+FFFF) as
#               \u{NNNN}.  A field is cut at 4000 characters.
#
# What comes out is valid UTF-8 holding no character that XML 1.0 forbids,
# on one line.  Imitation of the grader's own lines ([pass], "labs passed",
# "ok N") is not searched for: the renderers (results.bash) write those lines
# from the grader's data and indent every quoted line, so no quoted text can
# stand where they do.

# MEMLAB_SANITISE_JQ - jq definitions: `sanitise` (a string to one safe line)
# and `sanitise_lines` (a multi-line string: each line sanitised, the line
# breaks kept, for text a renderer indents line by line).
# shellcheck disable=SC2016  # jq's $variables, not the shell's
MEMLAB_SANITISE_JQ='
def _hex($w): . as $n
  | [range($w - 1; -1; -1) as $i | (($n / pow(16; $i)) | floor) % 16]
  | map("0123456789abcdef"[.:. + 1]) | join("");
def _visible:
  if . == 10 then "⏎"
  elif . == 27 then "^["
  elif . == 9 then "\\t"
  elif . < 32 or . == 127 or (. >= 128 and . < 160) then "\\x" + _hex(2)
  elif (. >= 8203 and . <= 8207) or (. >= 8232 and . <= 8238)
    or (. >= 8288 and . <= 8297) or . == 65279 or . == 65534 or . == 65535
    then "\\u{" + _hex(4) + "}"
  else [.] | implode end;
def sanitise:
  (if type == "string" then . else tostring end)
  | (if length > 4000 then .[:4000] + " [... cut]" else . end)
  | explode | map(_visible) | join("");
def sanitise_lines:
  (if type == "string" then . else tostring end)
  | split("\n") | map(sanitise) | join("\n");
'

# memlab_utf8 - copy stdin to stdout without its invalid UTF-8 sequences.
# (iconv -c exits 1 when it dropped something: that is not an error here.)
memlab_utf8() {
  iconv -c -f UTF-8 -t UTF-8 || true
}

# memlab_sanitise - stdin, taken as one field, as one printable line.
memlab_sanitise() {
  memlab_utf8 | jq -Rrs "$MEMLAB_SANITISE_JQ"' sub("\n$"; "") | sanitise'
}
