/* maps.c - parse /proc/self/maps one line at a time. */
#include "maps.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* Parse one maps line; the path field is optional (anonymous mappings). */
static bool parse_line(const char *line, struct ml_map *m)
{
	uintmax_t start, end;
	int path_at = 0;

	memset(m, 0, sizeof(*m));
	if (sscanf(line, "%jx-%jx %4s %llx %*s %*s %n",
	           &start, &end, m->perms, &m->offset, &path_at) < 4)
		return false;
	m->start = (uintptr_t)start;
	m->end = (uintptr_t)end;
	if (path_at > 0)
		snprintf(m->path, sizeof(m->path), "%s", line + path_at);
	snprintf(m->line, sizeof(m->line), "%s", line);
	m->path[strcspn(m->path, "\n")] = '\0';
	m->line[strcspn(m->line, "\n")] = '\0';
	return true;
}

bool ml_maps_each(bool (*fn)(const struct ml_map *m, void *arg), void *arg)
{
	/* A line longer than buf (a very long path) is cut: its tail is
	 * skipped below so that the next fgets starts on the next line. */
	char buf[512];
	struct ml_map m;
	FILE *f = fopen("/proc/self/maps", "re");

	if (!f)
		return false;
	while (fgets(buf, sizeof(buf), f)) {
		bool whole = strchr(buf, '\n') != NULL;
		bool go_on = !parse_line(buf, &m) || fn(&m, arg);

		while (!whole && fgets(buf, sizeof(buf), f))   /* skip the rest */
			whole = strchr(buf, '\n') != NULL;
		if (!go_on)
			break;
	}
	fclose(f);
	return true;
}

struct find_arg {
	uintptr_t addr;
	struct ml_map *out;
	bool found;
};

static bool match(const struct ml_map *m, void *arg)
{
	struct find_arg *fa = arg;

	if (fa->addr >= m->start && fa->addr < m->end) {
		*fa->out = *m;
		fa->found = true;
		return false;
	}
	return fa->addr >= m->end;   /* lines are sorted: stop once past it */
}

bool ml_maps_find(const void *addr, struct ml_map *out)
{
	struct find_arg fa = { (uintptr_t)addr, out, false };

	return ml_maps_each(match, &fa) && fa.found;
}
