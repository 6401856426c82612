/* loggen.c - the lab's log lines and how words are cut (see loggen.h). */
#include "loggen.h"

#include <stdio.h>

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

size_t lg_line(uint64_t seed, uint32_t n, char *out)
{
	uint32_t k = 0;
#define R(m) ((unsigned)(mix(seed, n, k++) % (m)))
	unsigned kind = R(100), h = R(24), mi = R(60), s = R(60);
	const char *host = hosts[R(8)], *user = users[R(20)];
	unsigned pid = 1000 + R(400), a = R(4), b = R(64), port = 40000 + R(2000);
	int len;

	if (kind == 0) {   /* a blank line: lines without words count too */
		out[0] = '\n';
		return 1;
	}
	len = snprintf(out, LG_LINE_MAX, "%02u:%02u:%02u %s ", h, mi, s, host);
	if (kind < 40)
		len += snprintf(out + len, LG_LINE_MAX - (size_t)len,
		                "sshd[%u]: Accepted password for %s from 10.%u.%u.%u port %u ssh2",
		                pid, user, a, b, R(256), port);
	else if (kind < 60)
		len += snprintf(out + len, LG_LINE_MAX - (size_t)len,
		                "sshd[%u]: Failed password for invalid user %s from 10.%u.%u.%u",
		                pid, user, a, b, R(256));
	else if (kind < 80)
		len += snprintf(out + len, LG_LINE_MAX - (size_t)len,
		                "CRON[%u]: session opened for user %s by (uid=0) for user %s",
		                pid, user, user);
	else if (kind < 97)
		len += snprintf(out + len, LG_LINE_MAX - (size_t)len,
		                "kernel: eth%u: %u packets dropped, queue %u of %u", a, R(50),
		                b, 64u);
	else   /* a word longer than LI_WORD_MAX (32): it is cut */
		len += snprintf(out + len, LG_LINE_MAX - (size_t)len,
		                "app[%u]: token %s%sXYZ%u expired", pid,
		                "AbCdEfGhIjKlMnOpQrStUvWxYz", "0123456789", R(1000));
#undef R
	out[len++] = '\n';
	return (size_t)len;
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
