/*
 * content.h - the bytes of the lab 08 test files, shared by the judge and
 * the subject (lab 08).
 *
 * The judge only names a file (size, seed, kind, last byte); the subject
 * writes those bytes into the file it gives mf_open, and the judge counts
 * the same bytes itself to know the right answer.  Both compute them with
 * the functions below, so no file content travels between them.
 *
 *   kind   what the bytes are
 *   ----   -------------------------------------------------------------
 *   mixed  letters, the six blanks " \t\n\v\f\r", zero bytes, bytes above
 *          127, digits: what a student's counter meets in real files
 *   vfr    words separated by \v, \f and \r only (and a few spaces):
 *          a counter that knows " \t\n" only sees one long word
 *   word   no blank at all: one word the size of the file
 *   blank  blanks only: no word
 *   nul    words of letters and zero bytes between blanks: a counter
 *          built on str*() functions stops at the first zero
 */
#ifndef CONTENT_H
#define CONTENT_H

#include <stddef.h>
#include <stdint.h>

enum ct_kind { CT_MIXED, CT_VFR, CT_WORD, CT_BLANK, CT_NUL, CT_NKINDS };

/* ct_next - one step of splitmix64 on *s. */
static inline uint64_t ct_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* ct_byte - the next byte of a file of kind k, from generator state *s. */
static inline unsigned char ct_byte(uint64_t *s, int k)
{
	static const char blanks[] = " \t\n\v\f\r", vfr[] = "\v\f\r ";
	uint64_t r = ct_next(s);
	unsigned pick = (unsigned)(r % 100);

	r >>= 8;
	switch (k) {
	case CT_VFR:
		return pick < 70 ? (unsigned char)('a' + r % 26) : (unsigned char)vfr[r % 4];
	case CT_WORD:
		return (unsigned char)(pick < 90 ? 'a' + r % 26 : 0x80 + r % 128);
	case CT_BLANK:
		return (unsigned char)blanks[r % 6];
	case CT_NUL:
		return pick < 50 ? (unsigned char)('a' + r % 26) : pick < 70 ? 0 :
		       (unsigned char)blanks[r % 6];
	default:
		if (pick < 55)
			return (unsigned char)('a' + r % 26);
		if (pick < 68)
			return ' ';
		if (pick < 76)
			return '\n';
		if (pick < 84)
			return (unsigned char)blanks[r % 6];
		if (pick < 87)
			return 0;
		if (pick < 93)
			return (unsigned char)(0x80 + r % 128);
		return (unsigned char)('0' + r % 10);
	}
}

/* ct_fill - the bytes [from, from + n) of the file (size, seed, kind,
 * last) into buf; *s carries the generator between calls, starting at
 * seed (bytes come in order: call with from = 0, n, 2n, ...).  last >= 0
 * replaces the file's final byte. */
static inline void ct_fill(unsigned char *buf, size_t from, size_t n, size_t size,
			   uint64_t *s, int kind, int last)
{
	for (size_t i = 0; i < n; i++) {
		buf[i] = ct_byte(s, kind);
		if (last >= 0 && from + i == size - 1)
			buf[i] = (unsigned char)last;
	}
}

#endif
