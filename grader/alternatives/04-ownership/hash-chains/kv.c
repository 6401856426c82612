/*
 * alternative: a hash table with chaining: kv->entries is an array of
 * bucket heads, each a singly linked list; the table doubles (rehashing
 * every entry) when it holds more keys than buckets, and a failed growth
 * leaves the table as it was; kv_new uses calloc
 */
/*
 * kv.c - a key/value store whose every byte has a known owner, in buckets.
 *
 * You edit this file: the contract is harness/kv.h.
 *
 *   struct kv           buckets (owned)       struct kv_entry (owned)
 *   +-------------+     +---+                 +--------------------+
 *   | entries ----+---> | *-+---------------> | next --------------+--> ... --> NULL
 *   | len = 3     |     | 0 |                 | key, val (bufs)    |
 *   | cap = 4     |     | *-+--> ...          +--------------------+
 *   | owned_bytes |     | 0 |
 *   +-------------+     +---+
 */
#include "kv.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void buf_init_borrowed(struct buf *b, const char *s, size_t len)
{
	*b = (struct buf){ .data = s, .len = len, .owned = false };
}

int buf_init_copy(struct buf *b, const char *s, size_t len)
{
	char *copy = malloc(len + 1);

	if (!copy) {
		*b = (struct buf){ 0 };
		return -1;
	}
	memcpy(copy, s, len);
	copy[len] = '\0';
	*b = (struct buf){ .data = copy, .len = len, .owned = true };
	return 0;
}

void buf_wipe(struct buf *b)
{
	if (!b)
		return;
	if (b->owned)
		free((char *)b->data);
	*b = (struct buf){ 0 };
}

struct kv_entry {
	struct kv_entry *next;
	struct buf key;
	struct buf val;
};

static size_t owned_len(const struct buf *b)
{
	return b->owned ? b->len : 0;
}

/* hash - FNV-1a of the whole key. */
static size_t hash(const char *s)
{
	uint64_t h = 14695981039346656037u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return (size_t)h;
}

/* entry_unlink_delete - unlink *link's entry, then free it and what it
 * owns; *link takes its successor (read while the entry is alive). */
static void entry_unlink_delete(struct kv *kv, struct kv_entry **link)
{
	struct kv_entry *e = *link;

	*link = e->next;
	kv->owned_bytes -= owned_len(&e->key) + owned_len(&e->val);
	kv->len--;
	buf_wipe(&e->key);
	buf_wipe(&e->val);
	free(e);
}

void kv_init(struct kv *kv)
{
	*kv = (struct kv){ 0 };
}

void kv_wipe(struct kv *kv)
{
	if (!kv)
		return;
	for (size_t b = 0; b < kv->cap; b++)
		while (kv->entries[b])
			entry_unlink_delete(kv, &kv->entries[b]);
	free(kv->entries);
	kv_init(kv);
}

struct kv *kv_new(void)
{
	return calloc(1, sizeof(struct kv));
}

void kv_delete(struct kv **kvp)
{
	if (kvp && *kvp) {
		kv_wipe(*kvp);
		free(*kvp);
		*kvp = NULL;
	}
}

/* kv_link - the link that points at key's entry, or the NULL link ending
 * its bucket; NULL when the table has no bucket yet. */
static struct kv_entry **kv_link(const struct kv *kv, const char *key)
{
	struct kv_entry **link;

	if (!kv->cap)
		return NULL;
	link = &kv->entries[hash(key) % kv->cap];
	while (*link && strcmp((*link)->key.data, key) != 0)
		link = &(*link)->next;
	return link;
}

/* grow - make room for one more key: double the buckets and move every
 * entry.  -1 when out of memory, the table untouched. */
static int grow(struct kv *kv)
{
	size_t cap = kv->cap ? 2 * kv->cap : 8;
	struct kv_entry **b = calloc(cap, sizeof(*b));

	if (!b)
		return -1;
	for (size_t i = 0; i < kv->cap; i++) {
		while (kv->entries[i]) {
			struct kv_entry *e = kv->entries[i];
			size_t h = hash(e->key.data) % cap;

			kv->entries[i] = e->next;
			e->next = b[h];
			b[h] = e;
		}
	}
	free(kv->entries);
	kv->entries = b;
	kv->cap = cap;
	return 0;
}

static int kv_put(struct kv *kv, const char *key, const char *val, bool copy)
{
	struct kv_entry **link = kv_link(kv, key), *e = link ? *link : NULL;
	struct buf nval;

	if (copy) {
		if (buf_init_copy(&nval, val, strlen(val)) < 0)
			return -1;
	} else {
		buf_init_borrowed(&nval, val, strlen(val));
	}
	if (!e) {
		if (kv->len >= kv->cap && grow(kv) < 0)
			goto fail;
		e = calloc(1, sizeof(*e));
		if (!e)
			goto fail;
		if (copy) {
			if (buf_init_copy(&e->key, key, strlen(key)) < 0) {
				free(e);
				goto fail;
			}
		} else {
			buf_init_borrowed(&e->key, key, strlen(key));
		}
		link = &kv->entries[hash(key) % kv->cap];
		e->next = *link;
		*link = e;
		kv->len++;
		kv->owned_bytes += owned_len(&e->key);
	}
	/* nval was built from val before this: val may be the old value. */
	kv->owned_bytes -= owned_len(&e->val);
	buf_wipe(&e->val);
	e->val = nval;
	kv->owned_bytes += owned_len(&e->val);
	return 0;
fail:
	buf_wipe(&nval);
	return -1;
}

int kv_set(struct kv *kv, const char *key, const char *val)
{
	return kv_put(kv, key, val, true);
}

int kv_set_static(struct kv *kv, const char *key, const char *val)
{
	return kv_put(kv, key, val, false);
}

const char *kv_get(const struct kv *kv, const char *key)
{
	struct kv_entry **link = kv_link(kv, key);

	return link && *link ? (*link)->val.data : NULL;
}

int kv_del(struct kv *kv, const char *key)
{
	struct kv_entry **link = kv_link(kv, key);

	if (!link || !*link)
		return -1;
	entry_unlink_delete(kv, link);
	return 0;
}

size_t kv_len(const struct kv *kv)
{
	return kv->len;
}

size_t kv_owned_bytes(const struct kv *kv)
{
	return kv->owned_bytes;
}
