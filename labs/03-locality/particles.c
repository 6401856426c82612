/*
 * particles.c - step 3: keep the hot field apart from the cold ones.
 *
 * You edit this file.
 * What you will learn: a loop that needs one field of a big struct loads
 * the whole cache line around it; storing that field in an array of its
 * own (hot/cold split, or one array per field: struct of arrays) makes
 * every byte the loop loads one it uses.
 * What to edit: struct particles and the functions below it, at TODO 3
 * (step 3 of README.md).  Keep the contract of locality.h (harness/).
 * Check your work: make grade LAB=03 (from the project's root); see the
 * effect with make run LAB=03.
 * Man pages: calloc(3), free(3).
 *
 * Layout today: an array of structs (AoS), 80 bytes a particle.
 *
 *   items -> | mass pos pos pos vel vel vel id name.. | mass pos ... | ...
 *              ^^^^ the only 8 bytes of 80 the hot loop wants
 */
#include "locality.h"

#include <stdlib.h>

/*
 * TODO 3: lay the store out so that particles_total_mass reads only
 * masses: put them in an array of their own (double *mass), and the
 * cold fields in another array (a struct of the rest) or in one array
 * per field.  particles_set, particles_get, particles_new and
 * particles_delete follow the new layout; their contract stays.
 * Today each particle is one 80-byte struct: the hot loop loads every
 * line of the array for 8 bytes in 80, and the grader counts about one
 * L1d miss per particle on every pass; with the masses apart, one per
 * line of masses (16 particles on its 128-byte lines).
 */
struct particles {
	size_t n;
	struct particle *items;
};

struct particles *particles_new(size_t n)
{
	struct particles *ps = malloc(sizeof(*ps));

	if (!ps)
		return NULL;
	ps->n = n;
	ps->items = calloc(n ? n : 1, sizeof(*ps->items));
	if (!ps->items) {
		free(ps);
		return NULL;
	}
	return ps;
}

void particles_delete(struct particles **pp)
{
	if (!pp || !*pp)
		return;
	free((*pp)->items);
	free(*pp);
	*pp = NULL;
}

void particles_set(struct particles *ps, size_t i, const struct particle *p)
{
	ps->items[i] = *p;
}

void particles_get(const struct particles *ps, size_t i, struct particle *out)
{
	*out = ps->items[i];
}

double particles_total_mass(const struct particles *ps)
{
	double total = 0.0;

	for (size_t i = 0; i < ps->n; i++)
		total += ps->items[i].mass;
	return total;
}
