/*
 * alternative: a hot/cold split whose two arrays share the store's own
 * allocation (a flexible array member holds the masses; the cold structs
 * follow them).
 *
 * particles.c - step 3: keep the hot field apart from the cold ones.
 */
#include "locality.h"

#include <stdlib.h>
#include <string.h>

struct cold {
	double pos[3], vel[3];
	uint32_t id;
	char name[20];
};

struct particles {
	size_t n;
	struct cold *cold;	/* right after mass[n - 1] */
	double mass[];
};

struct particles *particles_new(size_t n)
{
	size_t k = n ? n : 1;
	struct particles *ps = calloc(1, sizeof(*ps) + k * sizeof(double) + k * sizeof(struct cold));

	if (!ps)
		return NULL;
	ps->n = n;
	ps->cold = (struct cold *)&ps->mass[k];	/* 8-byte aligned, as struct cold needs */
	return ps;
}

void particles_delete(struct particles **pp)
{
	if (!pp)
		return;
	free(*pp);
	*pp = NULL;
}

void particles_set(struct particles *ps, size_t i, const struct particle *p)
{
	ps->mass[i] = p->mass;
	memcpy(ps->cold[i].pos, p->pos, sizeof(p->pos));
	memcpy(ps->cold[i].vel, p->vel, sizeof(p->vel));
	ps->cold[i].id = p->id;
	memcpy(ps->cold[i].name, p->name, sizeof(p->name));
}

void particles_get(const struct particles *ps, size_t i, struct particle *out)
{
	out->mass = ps->mass[i];
	memcpy(out->pos, ps->cold[i].pos, sizeof(out->pos));
	memcpy(out->vel, ps->cold[i].vel, sizeof(out->vel));
	out->id = ps->cold[i].id;
	memcpy(out->name, ps->cold[i].name, sizeof(out->name));
}

double particles_total_mass(const struct particles *ps)
{
	double total = 0.0;

	for (size_t i = 0; i < ps->n; i++)
		total += ps->mass[i];
	return total;
}
