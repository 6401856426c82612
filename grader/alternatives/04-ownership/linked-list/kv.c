/*
 * alternative: the store keeps its entries in a singly linked list instead
 * of an array of pointers; kv_wipe reads each entry's next pointer before
 * freeing the entry
 */
/*
 * kv.c - a key/value store whose every byte has a known owner, as a list.
 *
 *   struct kv          struct kv_entry (owned)      struct kv_entry (owned)
 *   +-----------+      +--------------------+       +--------------------+
 *   | head -----+----> | next --------------+-----> | next = NULL        |
 *   | len = 2   |      | key "color" owned  |       | key "lang" borrowed|
 *   +-----------+      | val "blue" borrowed|       | val "C" borrowed   |
 *                      +--------------------+       +--------------------+
 */
#include "kv.h"

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

/* owned_len - the bytes b owns. */
static size_t owned_len(const struct buf *b)
{
	return b->owned ? b->len : 0;
}

/* entry_unlink_delete - unlink *link's entry from the list, then free it and
 * what it owns.  *link takes the entry's successor. */
static void entry_unlink_delete(struct kv *kv, struct kv_entry **link)
{
	struct kv_entry *e = *link;

	*link = e->next;                /* read next while e is alive */
	kv->owned_bytes -= owned_len(&e->key) + owned_len(&e->val);
	kv->len--;
	buf_wipe(&e->key);
	buf_wipe(&e->val);
	free(e);
}

void kv_init(struct kv *kv)
{
	memset(kv, 0, sizeof(*kv));
}

void kv_wipe(struct kv *kv)
{
	if (!kv)
		return;
	/* Unlinking the head each time reads head->next before freeing head. */
	while (kv->head)
		entry_unlink_delete(kv, &kv->head);
	kv_init(kv);
}

struct kv *kv_new(void)
{
	struct kv *kv = calloc(1, sizeof(*kv));

	return kv;
}

void kv_delete(struct kv **kvp)
{
	if (kvp && *kvp) {
		kv_wipe(*kvp);
		free(*kvp);
		*kvp = NULL;
	}
}

/* kv_link - the link that points at key's entry (or the final NULL link). */
static struct kv_entry **kv_link(const struct kv *kv, const char *key)
{
	struct kv_entry **link = (struct kv_entry **)&kv->head;

	while (*link && strcmp((*link)->key.data, key) != 0)
		link = &(*link)->next;
	return link;
}

/* kv_put - map key to val, copying both or borrowing both. */
static int kv_put(struct kv *kv, const char *key, const char *val, bool copy)
{
	struct kv_entry *e = *kv_link(kv, key);
	struct buf nval;
	int err;

	err = copy ? buf_init_copy(&nval, val, strlen(val)) :
	             (buf_init_borrowed(&nval, val, strlen(val)), 0);
	if (err)
		return -1;
	if (!e) {
		e = calloc(1, sizeof(*e));
		if (!e || (copy ? buf_init_copy(&e->key, key, strlen(key)) :
		                  (buf_init_borrowed(&e->key, key, strlen(key)), 0)) < 0) {
			free(e);
			buf_wipe(&nval);
			return -1;
		}
		kv->owned_bytes += owned_len(&e->key);
		e->next = kv->head;
		kv->head = e;
		kv->len++;
	}
	kv->owned_bytes -= owned_len(&e->val);
	buf_wipe(&e->val);
	e->val = nval;
	kv->owned_bytes += owned_len(&e->val);
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
	struct kv_entry *e = *kv_link(kv, key);

	return e ? e->val.data : NULL;
}

int kv_del(struct kv *kv, const char *key)
{
	struct kv_entry **link = kv_link(kv, key);

	if (!*link)
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
