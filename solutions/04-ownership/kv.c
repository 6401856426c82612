/*
 * kv.c - a key/value store whose every byte has a known owner.
 *
 * You edit this file (and no other: the grader takes only kv.c from you).
 * The contract it implements is harness/kv.h.
 *
 * Layout (one store with two entries):
 *
 *   struct kv             entries (owned)        struct kv_entry (owned)
 *   +-------------+       +-----+-----+----+     +----------------------+
 *   | entries ----+-----> |  *  |  *  |    | --> | key {data, len, owned=1} --> "color\0" (owned copy)
 *   | len = 2     |       +-----+-----+----+     | val {data, len, owned=0} --> "blue"    (borrowed literal)
 *   | cap = 4     |                              +----------------------+
 *   | owned_bytes |
 *   +-------------+
 *
 * The store owns, implicitly (a convention written in harness/kv.h): the array of
 * pointers and every entry.  An entry's key and value say for themselves
 * whether the store owns their bytes (struct buf's `owned` flag): kv_set
 * copies, kv_set_static borrows.
 *
 * Every release goes through a wiping function (buf_wipe, entry_delete,
 * kv_wipe, kv_delete): it frees what is owned and resets the pointers to
 * NULL, so that a second call does nothing and a use after release faults at
 * address 0 instead of reading memory that malloc gave to someone else.
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
	char *copy = malloc(len + 1);

	if (!copy) {
		*b = (struct buf){ 0 };
		return -1;
	}
	memcpy(copy, s, len);
	copy[len] = '\0';
	b->data = copy;
	b->len = len;
	b->owned = true;
	return 0;
}

void buf_wipe(struct buf *b)
{
	if (!b)
		return;
	/* Only the owner frees: borrowed bytes belong to someone else, and a
	 * string literal was never malloc'ed at all. */
	if (b->owned)
		free((char *)b->data);
	/* Reset, so that wiping again finds owned == false and data == NULL:
	 * idempotent, and a stale use reads address 0 and faults at once. */
	b->data = NULL;
	b->len = 0;
	b->owned = false;
}

/* One key and its value; the store owns the struct, the bufs say who owns
 * their bytes. */
struct kv_entry {
	struct buf key;
	struct buf val;
};

/* buf_owned_len - the bytes b owns (0 for borrowed bytes). */
static size_t buf_owned_len(const struct buf *b)
{
	return b->owned ? b->len : 0;
}

/* entry_delete - free *ep and the bytes it owns; leave *ep NULL. */
static void entry_delete(struct kv_entry **ep)
{
	if (!*ep)
		return;
	buf_wipe(&(*ep)->key);
	buf_wipe(&(*ep)->val);
	free(*ep);
	*ep = NULL;
}

void kv_init(struct kv *kv)
{
	memset(kv, 0, sizeof(*kv));
}

void kv_wipe(struct kv *kv)
{
	if (!kv)
		return;
	/* Children first, then the array that points at them: freeing the
	 * array first would leave no way to reach the entries. */
	for (size_t i = 0; i < kv->len; i++)
		entry_delete(&kv->entries[i]);
	free(kv->entries);
	/* All zero again, as kv_init left it: a second wipe sees len == 0 and
	 * entries == NULL, and frees nothing twice. */
	kv_init(kv);
}

struct kv *kv_new(void)
{
	/* sizeof(*kv), not sizeof(struct kv *): the pointee's size. */
	struct kv *kv = malloc(sizeof(*kv));

	if (kv)
		kv_init(kv);
	return kv;
}

void kv_delete(struct kv **kvp)
{
	/* NULL and a pointer to NULL are both "nothing to delete". */
	if (!kvp || !*kvp)
		return;
	kv_wipe(*kvp);
	free(*kvp);
	/* The caller's own pointer: after this, deleting again is a no-op and
	 * using it faults at once. */
	*kvp = NULL;
}

/* kv_find - the index of key, or kv->len if it is absent. */
static size_t kv_find(const struct kv *kv, const char *key)
{
	size_t i;

	for (i = 0; i < kv->len; i++)
		if (strcmp(kv->entries[i]->key.data, key) == 0)
			break;
	return i;
}

/*
 * kv_add - append a new entry for key, with no value yet ({NULL, 0, false}).
 * owns: the store owns the entry from the moment it is in the array; its
 *       key bytes are a copy the entry owns (copy) or the caller's (borrowed).
 *       The caller gets a borrowed pointer to fill in the value.
 * Returns the entry, or NULL when out of memory (the store is unchanged,
 * except that the array may have grown: still the store's, still empty).
 */
static struct kv_entry *kv_add(struct kv *kv, const char *key, bool copy)
{
	struct kv_entry *e;

	if (kv->len == kv->cap) {
		size_t cap = kv->cap ? 2 * kv->cap : 4;
		struct kv_entry **grown = realloc(kv->entries, cap * sizeof(*grown));

		if (!grown)
			return NULL;
		kv->entries = grown;
		kv->cap = cap;
	}
	e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	if (copy) {
		if (buf_init_copy(&e->key, key, strlen(key)) < 0) {
			free(e);
			return NULL;
		}
	} else {
		buf_init_borrowed(&e->key, key, strlen(key));
	}
	kv->owned_bytes += buf_owned_len(&e->key);
	kv->entries[kv->len++] = e;
	return e;
}

/*
 * kv_put - map key to val, copying both or borrowing both.
 * owns: nval is kv_put's own until it is stored in the entry; if kv_add
 *       fails, kv_put frees it (buf_wipe frees only a copy).  Once stored,
 *       the entry owns it, and the value it replaced is freed here if the
 *       store owned it.
 */
static int kv_put(struct kv *kv, const char *key, const char *val, bool copy)
{
	size_t i = kv_find(kv, key);
	struct kv_entry *e = i < kv->len ? kv->entries[i] : NULL;
	struct buf nval;

	/* Build the new value first: if that fails, nothing has changed. */
	if (copy) {
		if (buf_init_copy(&nval, val, strlen(val)) < 0)
			return -1;
	} else {
		buf_init_borrowed(&nval, val, strlen(val));
	}
	if (!e) {
		e = kv_add(kv, key, copy);
		if (!e) {
			buf_wipe(&nval);
			return -1;
		}
	}
	/* The old value is replaced: the store frees it if it owned it
	 * (buf_wipe reads the flag), or it would leak.  A new entry's value
	 * is {NULL, 0, false}: nothing to free, nothing to count. */
	kv->owned_bytes -= buf_owned_len(&e->val);
	buf_wipe(&e->val);
	e->val = nval;
	kv->owned_bytes += buf_owned_len(&e->val);
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
	size_t i = kv_find(kv, key);

	return i < kv->len ? kv->entries[i]->val.data : NULL;
}

int kv_del(struct kv *kv, const char *key)
{
	size_t i = kv_find(kv, key);

	if (i == kv->len)
		return -1;
	/* Account before freeing: after entry_delete the entry is gone, and
	 * its lengths with it. */
	kv->owned_bytes -= buf_owned_len(&kv->entries[i]->key) +
	                   buf_owned_len(&kv->entries[i]->val);
	entry_delete(&kv->entries[i]);
	/* Keep the array dense: the last entry fills the hole. */
	kv->entries[i] = kv->entries[--kv->len];
	kv->entries[kv->len] = NULL;
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
