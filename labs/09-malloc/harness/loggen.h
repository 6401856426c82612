/*
 * loggen.h - the log lines every part of lab 09 agrees on, and its words.
 *
 * Line n of the log made from seed s is a pure function of (s, n), so the
 * subject, the judge and the logidx tool produce the same text without
 * passing megabytes around: an input says "lines 0 to 24999 of seed 1".
 * Harness code: linked into the subject and the tool, and the judge.
 */
#ifndef LOGGEN_H
#define LOGGEN_H

#include <stddef.h>
#include <stdint.h>

enum { LG_LINE_MAX = 160 };   /* no generated line is longer, '\n' included */

/*
 * lg_line - write line n of seed's log, ending in '\n', at out (room for
 * LG_LINE_MAX bytes); returns its length.  Now and then a line is empty or
 * has a word longer than 32 letters, so that the boundaries are sampled.
 */
size_t lg_line(uint64_t seed, uint32_t n, char *out);

/*
 * lg_next_word - the next word of text[*at .. len): skips to a letter or
 * digit, copies the lowercased run (cut to max bytes) to word with a '\0',
 * stops at a '\n' (returns 0 and leaves *at on the '\n') or the end
 * (returns 0).  Returns the length copied, and moves *at past the run.
 */
size_t lg_next_word(const char *text, size_t len, size_t *at, char *word, size_t max);

#endif
