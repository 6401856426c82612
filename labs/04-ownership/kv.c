/*
 * kv.c - a key/value store whose every byte has a known owner.
 *
 * You edit this file (and no other: the grader takes only kv.c from you).
 *
 * What you will learn: who must free a chunk of memory (its owner) and until
 * when it may be used (its lifetime); owned versus borrowed bytes; the
 * lifecycle quartet init/wipe/new/delete, whose wiping functions leave NULL
 * behind them; and how memcheck and AddressSanitizer find the leaks,
 * use-after-free and double free that this code still has.
 * What to edit: TODO 1 to TODO 6 below, the steps of README.md.  The
 * contract, with an "owns:" line at each prototype, is harness/kv.h: read it
 * first; it is the grader's, you do not edit it.
 * Check your work: make grade LAB=04 (from the project's root); run the
 * demo first: make run LAB=04.
 * Man pages: malloc(3), free(3), valgrind(1).
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
	/*
	 * TODO 1: free the bytes only if b owns them, then reset b to
	 * {NULL, 0, false}.  Accept b == NULL.  Wiping twice must be harmless:
	 * after the reset, a second call finds nothing to free.
	 * Today this frees whatever data points at: a borrowed string literal
	 * makes glibc abort ("free(): invalid pointer"), and memcheck reports
	 * "Invalid free()" in buf_wipe.
	 */
	free((char *)b->data);
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

/* entry_owned_len - the key and value bytes e owns. */
static size_t entry_owned_len(const struct kv_entry *e)
{
	return buf_owned_len(&e->key) + buf_owned_len(&e->val);
}

/* entry_free - free e and the bytes it owns. */
static void entry_free(struct kv_entry *e)
{
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
	/*
	 * TODO 2: free everything the store owns - every entry, then the
	 * array of pointers - and leave *kv all zero, as kv_init does.
	 * Accept kv == NULL.  Wiping twice must be harmless.
	 * Today the array leaks ("definitely lost", allocated in kv_add), and a
	 * second wipe frees every entry again: memcheck reports "Invalid read"
	 * and "Invalid free()" in kv_wipe; natively glibc aborts.
	 */
	for (size_t i = 0; i < kv->len; i++)
		entry_free(kv->entries[i]);
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
	/*
	 * TODO 3: wipe and free the store *kvp, then set *kvp = NULL, so that
	 * deleting twice does nothing and a use after delete faults at once.
	 * Accept kvp == NULL and *kvp == NULL.
	 * Today the caller's pointer still holds the freed address after the
	 * call, and kv_delete(NULL) crashes.
	 */
	kv_wipe(*kvp);
	free(*kvp);
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
 * TODO 6: kv.h says who owns what at each public function; the helpers
 * below have no "owns:" line yet.  Write one for kv_add and one for kv_put,
 * like those in harness/kv.h: who owns the entry kv_add returns, and its
 * key's bytes; in kv_put, who owns nval on each path (when kv_add fails,
 * when the old value is replaced), and who frees it.  The grader cannot
 * judge prose: this step is for your reviewer, and for you next year.
 */

/* kv_add - append a new entry for key, with no value yet ({NULL, 0, false}).
 * Returns the entry, or NULL when out of memory (the store is unchanged). */
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

/* kv_put - map key to val, copying both or borrowing both. */
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
	/*
	 * TODO 4: when key was already there, e->val holds the old value:
	 * release it before overwriting it (free it if the store owns it, and
	 * stop counting its bytes in owned_bytes).
	 * Today the old value is simply overwritten: memcheck reports it as
	 * "definitely lost" (allocated in buf_init_copy), and kv_owned_bytes()
	 * keeps counting it.
	 */
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
	entry_free(kv->entries[i]);
	/*
	 * TODO 5: the next line reads the entry that entry_free has just
	 * freed: a use-after-free.  memcheck reports "Invalid read ... inside
	 * a block of size N free'd" here; natively it reads whatever malloc
	 * has since written into the freed block, and kv_owned_bytes() goes
	 * wrong.  Read an entry only while it is alive.
	 */
	kv->owned_bytes -= entry_owned_len(kv->entries[i]);
	/* Keep the array dense: the last entry fills the hole. */
	kv->entries[i] = kv->entries[--kv->len];
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
