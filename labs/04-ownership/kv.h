/*
 * kv.h - a small key/value store that says who owns every byte.
 *
 * What you will learn: who must free a chunk of memory (its owner) and until
 * when it may be used (its lifetime); the lifecycle quartet
 * init/wipe/new/delete; a buffer that owns or borrows its bytes, told apart
 * by a flag stored beside the pointer.
 * You edit this file too: its comments (step 6), after kv.c (TODO 1 to 5).
 * Check your work: make grade LAB=04 (from the project's root).
 * Man pages: malloc(3), free(3), strdup(3), valgrind(1).
 *
 * Ownership is written at each prototype, on a line that starts with
 * "owns:".  Two ways to know who frees a chunk:
 *   - implicitly, by a convention written down here: "the store owns every
 *     entry it holds";
 *   - explicitly, by a flag kept beside the pointer: struct buf's `owned`.
 */
#ifndef KV_H
#define KV_H

#include <stdbool.h>
#include <stddef.h>

/*
 * struct buf - bytes that are either owned or borrowed.
 * When `owned` is true, the bytes were allocated for this buf and buf_wipe
 * frees them; when false, somebody else owns them and must keep them alive
 * at least as long as the buf.  A wiped buf is {NULL, 0, false}.
 */
struct buf {
	const char *data;
	size_t len;             /* bytes in data, not counting a final '\0' */
	bool owned;             /* true: this buf must free data */
};

/*
 * buf_init_borrowed - make b point at s[0..len) without copying.
 * owns: nothing; s stays the caller's, and must outlive b (a string literal,
 *       a static array, or a caller's buffer that lives longer than b).
 */
void buf_init_borrowed(struct buf *b, const char *s, size_t len);

/*
 * buf_init_copy - make b hold its own copy of s[0..len), plus a final '\0'.
 * owns: b owns the copy (buf_wipe frees it); s stays the caller's.
 * Returns 0, or -1 when out of memory (b is then wiped: {NULL, 0, false}).
 */
int buf_init_copy(struct buf *b, const char *s, size_t len);

/*
 * buf_wipe - free b's bytes if b owns them, then leave b as {NULL, 0, false}.
 * owns: ends b's ownership.  Accepts NULL; calling it twice is harmless.
 */
void buf_wipe(struct buf *b);

/*
 * struct kv - the store.  Its fields are private to kv.c: callers use the
 * functions below.  An empty store is all zero bytes, and kv_wipe leaves it
 * that way, so a store used after kv_wipe fails at once instead of reaching
 * freed memory.
 */
struct kv_entry;
struct kv {
	struct kv_entry **entries;  /* owned array of cap pointers to owned entries */
	size_t len;                 /* entries in use */
	size_t cap;                 /* entries allocated */
	size_t owned_bytes;         /* key and value bytes the store allocated */
};

/*
 * kv_init - make *kv an empty store (all zero; nothing is allocated).
 * owns: the caller owns *kv itself (often a local or a member); the store
 *       will own what kv_set copies into it.
 */
void kv_init(struct kv *kv);

/*
 * kv_wipe - free everything the store owns; leave *kv all zero, as kv_init
 * does, ready to use again.  The bytes it borrowed are never freed.
 * owns: ends the store's ownership of its entries; *kv stays the caller's.
 * Accepts NULL; calling it twice is harmless.
 */
void kv_wipe(struct kv *kv);

/*
 * kv_new - allocate and init a store.
 * owns: the caller owns the result and frees it with kv_delete.
 * Returns NULL when out of memory.
 */
struct kv *kv_new(void);

/*
 * kv_delete - wipe and free the store *kvp, then set *kvp to NULL.
 * owns: ends the caller's ownership of *kvp; the pointer left behind is
 *       NULL, so a later use faults at once instead of reading freed memory.
 * Accepts kvp == NULL and *kvp == NULL; calling it twice is harmless.
 */
void kv_delete(struct kv **kvp);

/*
 * TODO 6: the four prototypes below say what they do but not who owns
 * what.  Add an "owns:" line to each, like the ones above: who owns key and
 * val after the call, who frees a value that is replaced or deleted, and
 * until when a pointer kv_get returns may be used.  The grader cannot judge
 * prose: this one is for your reviewer (and for whoever calls your code).
 */

/*
 * kv_set - map key to a copy of val; replace the value if key is present.
 * Returns 0, or -1 when out of memory (the store is then unchanged).
 */
int kv_set(struct kv *kv, const char *key, const char *val);

/*
 * kv_set_static - map key to val without copying either.
 * Returns 0, or -1 when out of memory (the store is then unchanged).
 */
int kv_set_static(struct kv *kv, const char *key, const char *val);

/*
 * kv_get - the value mapped to key, or NULL if there is none.
 */
const char *kv_get(const struct kv *kv, const char *key);

/*
 * kv_del - remove key and its value.
 * Returns 0, or -1 if key was not there.
 */
int kv_del(struct kv *kv, const char *key);

/* kv_len - the number of keys in the store. */
size_t kv_len(const struct kv *kv);

/* kv_owned_bytes - key and value bytes the store allocated (and must free). */
size_t kv_owned_bytes(const struct kv *kv);

#endif
