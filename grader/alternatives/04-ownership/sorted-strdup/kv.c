/*
 * alternative: the array of entries is kept sorted by key and searched by
 * bisection; copies are made with strdup and the lengths computed once;
 * kv_del closes the hole with memmove (order kept); the array grows by 50 %
 * and never shrinks until kv_wipe
 */
/*
 * kv.c - a key/value store whose every byte has a known owner, sorted.
 *
 * You edit this file: the contract is harness/kv.h.
 *
 * entries[0..len) are sorted by strcmp of their keys; kv_find returns
 * where a key is or would be inserted.
 */
#include "kv.h"

#include <stdlib.h>
#include <string.h>

void buf_init_borrowed(struct buf *b, const char *s, size_t len)
{
	b->data = s;
	b->len = len;
	b->owned = false;
}

int buf_init_copy(struct buf *b, const char *s, size_t len)
{
	/* s[0..len) may be the start of a longer string: not strdup here. */
	char *copy = malloc(len + 1);

	*b = (struct buf){ 0 };
	if (!copy)
		return -1;
	memcpy(copy, s, len);
	copy[len] = '\0';
	*b = (struct buf){ copy, len, true };
	return 0;
}

void buf_wipe(struct buf *b)
{
	if (b) {
		if (b->owned)
			free((void *)b->data);
		memset(b, 0, sizeof(*b));
	}
}

struct kv_entry {
	struct buf key;
	struct buf val;
};

/* give - a buf that owns a strdup'ed copy of s (or borrows s). */
static int give(struct buf *b, const char *s, bool copy)
{
	if (!copy) {
		buf_init_borrowed(b, s, strlen(s));
		return 0;
	}
	char *d = strdup(s);

	if (!d)
		return -1;
	*b = (struct buf){ d, strlen(d), true };
	return 0;
}

static size_t mine(const struct buf *b)
{
	return b->owned ? b->len : 0;
}

void kv_init(struct kv *kv)
{
	memset(kv, 0, sizeof(*kv));
}

void kv_wipe(struct kv *kv)
{
	if (!kv)
		return;
	while (kv->len) {
		struct kv_entry *e = kv->entries[--kv->len];

		buf_wipe(&e->key);
		buf_wipe(&e->val);
		free(e);
	}
	free(kv->entries);
	kv_init(kv);
}

struct kv *kv_new(void)
{
	struct kv *kv = malloc(sizeof(*kv));

	if (kv)
		kv_init(kv);
	return kv;
}

void kv_delete(struct kv **kvp)
{
	if (!kvp)
		return;
	kv_wipe(*kvp);
	free(*kvp);
	*kvp = NULL;
}

/* kv_find - the first index whose key is not below key; *found says if it
 * is key itself. */
static size_t kv_find(const struct kv *kv, const char *key, bool *found)
{
	size_t lo = 0, hi = kv->len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(kv->entries[mid]->key.data, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < kv->len && strcmp(kv->entries[lo]->key.data, key) == 0;
	return lo;
}

static int kv_put(struct kv *kv, const char *key, const char *val, bool copy)
{
	bool found;
	size_t i = kv_find(kv, key, &found);
	struct kv_entry *e;
	struct buf v;

	if (give(&v, val, copy) < 0)
		return -1;
	if (found) {
		e = kv->entries[i];
		kv->owned_bytes -= mine(&e->val);
		buf_wipe(&e->val);
		e->val = v;
		kv->owned_bytes += mine(&v);
		return 0;
	}
	if (kv->len == kv->cap) {
		size_t cap = kv->cap < 4 ? 4 : kv->cap + kv->cap / 2;
		struct kv_entry **a = realloc(kv->entries, cap * sizeof(*a));

		if (!a) {
			buf_wipe(&v);
			return -1;
		}
		kv->entries = a;
		kv->cap = cap;
	}
	e = malloc(sizeof(*e));
	if (!e || give(&e->key, key, copy) < 0) {
		free(e);
		buf_wipe(&v);
		return -1;
	}
	e->val = v;
	memmove(&kv->entries[i + 1], &kv->entries[i], (kv->len - i) * sizeof(*kv->entries));
	kv->entries[i] = e;
	kv->len++;
	kv->owned_bytes += mine(&e->key) + mine(&e->val);
	return 0;
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
	bool found;
	size_t i = kv_find(kv, key, &found);

	return found ? kv->entries[i]->val.data : NULL;
}

int kv_del(struct kv *kv, const char *key)
{
	bool found;
	size_t i = kv_find(kv, key, &found);
	struct kv_entry *e;

	if (!found)
		return -1;
	e = kv->entries[i];
	kv->owned_bytes -= mine(&e->key) + mine(&e->val);
	memmove(&kv->entries[i], &kv->entries[i + 1], (kv->len - i - 1) * sizeof(*kv->entries));
	kv->len--;
	buf_wipe(&e->key);
	buf_wipe(&e->val);
	free(e);
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
