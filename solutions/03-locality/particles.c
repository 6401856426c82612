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
 * Layout: a hot/cold split.
 *
 *   mass -> | m0 m1 m2 m3 m4 m5 m6 m7 | m8 ...         (hot: 8 bytes each)
 *   cold -> | pos vel id name (72 bytes) | pos vel ... (cold: read now and then)
 */
#include "locality.h"

#include <stdlib.h>
#include <string.h>

/* Everything but the mass, in the order of struct particle. */
struct particle_cold {
	double pos[3];
	double vel[3];
	uint32_t id;
	char name[20];
};

/* The hot loop reads mass[] only: every line it loads is masses alone. */
struct particles {
	size_t n;
	double *mass;
	struct particle_cold *cold;
};

struct particles *particles_new(size_t n)
{
	struct particles *ps = malloc(sizeof(*ps));

	if (!ps)
		return NULL;
	ps->n = n;
	/* calloc gives the zeroed particles the contract promises; n ? n : 1
	 * keeps a NULL from meaning "empty" rather than "out of memory". */
	ps->mass = calloc(n ? n : 1, sizeof(*ps->mass));
	ps->cold = calloc(n ? n : 1, sizeof(*ps->cold));
	if (!ps->mass || !ps->cold) {
		free(ps->mass);
		free(ps->cold);
		free(ps);
		return NULL;
	}
	return ps;
}

void particles_delete(struct particles **pp)
{
	if (!pp || !*pp)
		return;
	free((*pp)->mass);
	free((*pp)->cold);
	free(*pp);
	*pp = NULL;
}

void particles_set(struct particles *ps, size_t i, const struct particle *p)
{
	struct particle_cold *c = &ps->cold[i];

	ps->mass[i] = p->mass;
	memcpy(c->pos, p->pos, sizeof(c->pos));
	memcpy(c->vel, p->vel, sizeof(c->vel));
	c->id = p->id;
	memcpy(c->name, p->name, sizeof(c->name));
}

void particles_get(const struct particles *ps, size_t i, struct particle *out)
{
	const struct particle_cold *c = &ps->cold[i];

	out->mass = ps->mass[i];
	memcpy(out->pos, c->pos, sizeof(out->pos));
	memcpy(out->vel, c->vel, sizeof(out->vel));
	out->id = c->id;
	memcpy(out->name, c->name, sizeof(out->name));
}

double particles_total_mass(const struct particles *ps)
{
	double total = 0.0;

	/* 16 masses per 128-byte line (8 per 64-byte line): one miss feeds
	 * that many iterations, where the array of structs needed one each. */
	for (size_t i = 0; i < ps->n; i++)
		total += ps->mass[i];
	return total;
}
