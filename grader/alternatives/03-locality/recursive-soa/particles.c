/*
 * alternative: a struct of arrays, one array per field, all carved out of
 * a single calloc'ed block (the masses first).
 *
 * particles.c - step 3: keep the hot field apart from the cold ones.
 */
#include "locality.h"

#include <stdlib.h>
#include <string.h>

struct particles {
	size_t n;
	void *block;		/* the one allocation every array below lives in */
	double *mass;
	double (*pos)[3];
	double (*vel)[3];
	uint32_t *id;
	char (*name)[20];
};

struct particles *particles_new(size_t n)
{
	struct particles *ps = malloc(sizeof(*ps));
	size_t k = n ? n : 1;
	char *b;

	if (!ps)
		return NULL;
	/* doubles first, then the 4-byte ids, then the names: every array
	 * starts aligned for its type */
	b = calloc(k, sizeof(double) * 7 + sizeof(uint32_t) + 20);
	if (!b) {
		free(ps);
		return NULL;
	}
	ps->n = n;
	ps->block = b;
	ps->mass = (double *)b;
	ps->pos = (double (*)[3])(b + k * sizeof(double));
	ps->vel = (double (*)[3])(b + k * 4 * sizeof(double));
	ps->id = (uint32_t *)(b + k * 7 * sizeof(double));
	ps->name = (char (*)[20])(b + k * (7 * sizeof(double) + sizeof(uint32_t)));
	return ps;
}

void particles_delete(struct particles **pp)
{
	if (!pp || !*pp)
		return;
	free((*pp)->block);
	free(*pp);
	*pp = NULL;
}

void particles_set(struct particles *ps, size_t i, const struct particle *p)
{
	ps->mass[i] = p->mass;
	memcpy(ps->pos[i], p->pos, sizeof(ps->pos[i]));
	memcpy(ps->vel[i], p->vel, sizeof(ps->vel[i]));
	ps->id[i] = p->id;
	memcpy(ps->name[i], p->name, sizeof(ps->name[i]));
}

void particles_get(const struct particles *ps, size_t i, struct particle *out)
{
	out->mass = ps->mass[i];
	memcpy(out->pos, ps->pos[i], sizeof(out->pos));
	memcpy(out->vel, ps->vel[i], sizeof(out->vel));
	out->id = ps->id[i];
	memcpy(out->name, ps->name[i], sizeof(out->name));
}

double particles_total_mass(const struct particles *ps)
{
	double total = 0.0;

	for (size_t i = 0; i < ps->n; i++)
		total += ps->mass[i];
	return total;
}
