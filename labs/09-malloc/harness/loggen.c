/* loggen.c - the lab's log lines and how words are cut (see loggen.h). */
#include "loggen.h"


static const char *const hosts[] = { "web1", "web2", "web3", "db1", "db2", "cache1",
	"mail", "gw" };
static const char *const users[] = { "alice", "bob", "carol", "dave", "erin", "frank",
	"grace", "heidi", "ivan", "judy", "mallory", "oscar", "peggy", "trent", "victor",
	"walter", "root", "admin", "oracle", "postgres" };

/* mix - a 64-bit hash of (seed, n, k): the line's k-th random number. */
static uint64_t mix(uint64_t seed, uint32_t n, uint32_t k)
{
	uint64_t x = seed * 0x9e3779b97f4a7c15u ^ ((uint64_t)n << 20 | k);

	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9u;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebu;
	return x ^ (x >> 31);
}

/* Appenders: snprintf cost most of the judge's verdict in lab 09 (1.5
 * million lines to regenerate), and the lines need nothing it offers. */
static char *put_s(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	return p;
}

static char *put_u(char *p, unsigned v)
{
	char d[10];
	int n = 0;

	do
		d[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (n)
		*p++ = d[--n];
	return p;
}

/* put_2u - v < 100 in two digits ("%02u"). */
static char *put_2u(char *p, unsigned v)
{
	*p++ = (char)('0' + v / 10);
	*p++ = (char)('0' + v % 10);
	return p;
}

/* put_ip - "10.a.b.c". */
static char *put_ip(char *p, unsigned a, unsigned b, unsigned c)
{
	p = put_u(put_s(p, "10."), a);
	p = put_u(put_s(p, "."), b);
	return put_u(put_s(p, "."), c);
}

size_t lg_line(uint64_t seed, uint32_t n, char *out)
{
	uint32_t k = 0;
#define R(m) ((unsigned)(mix(seed, n, k++) % (m)))
	unsigned kind = R(100), h = R(24), mi = R(60), s = R(60);
	const char *host = hosts[R(8)], *user = users[R(20)];
	unsigned pid = 1000 + R(400), a = R(4), b = R(64), port = 40000 + R(2000);
	char *p = out;   /* the longest line is under 100 bytes: LG_LINE_MAX holds it */

	if (kind == 0) {   /* a blank line: lines without words count too */
		out[0] = '\n';
		return 1;
	}
	p = put_2u(put_s(put_2u(put_s(put_2u(p, h), ":"), mi), ":"), s);
	p = put_s(put_s(put_s(p, " "), host), " ");
	if (kind < 40) {
		p = put_s(put_u(put_s(p, "sshd["), pid), "]: Accepted password for ");
		p = put_ip(put_s(put_s(p, user), " from "), a, b, R(256));
		p = put_s(put_u(put_s(p, " port "), port), " ssh2");
	} else if (kind < 60) {
		p = put_s(put_u(put_s(p, "sshd["), pid), "]: Failed password for invalid user ");
		p = put_ip(put_s(put_s(p, user), " from "), a, b, R(256));
	} else if (kind < 80) {
		p = put_s(put_u(put_s(p, "CRON["), pid), "]: session opened for user ");
		p = put_s(put_s(put_s(p, user), " by (uid=0) for user "), user);
	} else if (kind < 97) {
		p = put_s(put_u(put_s(p, "kernel: eth"), a), ": ");
		p = put_s(put_u(p, R(50)), " packets dropped, queue ");
		p = put_u(put_s(put_u(p, b), " of "), 64u);
	} else {   /* a word longer than LI_WORD_MAX (32): it is cut */
		p = put_s(put_u(put_s(p, "app["), pid), "]: token ");
		p = put_s(p, "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789XYZ");
		p = put_s(put_u(p, R(1000)), " expired");
	}
#undef R
	*p++ = '\n';
	return (size_t)(p - out);
}

/* is_word - ASCII letters and digits, whatever the locale says. */
static int is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

size_t lg_next_word(const char *text, size_t len, size_t *at, char *word, size_t max)
{
	size_t i = *at, n = 0;

	while (i < len && text[i] != '\n' && !is_word(text[i]))
		i++;
	while (i < len && is_word(text[i])) {
		char c = text[i++];

		if (n < max)
			word[n++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	word[n] = '\0';
	*at = i;
	return n;
}
