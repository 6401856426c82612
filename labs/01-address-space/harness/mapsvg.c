/*
 * mapsvg.c - the address-space picture (see mapsvg.h).
 *
 *   high addresses                         label: range, perms, path, size
 *   +--------+ [stack]                     <- a local of main
 *   |        |
 *   +--------+
 *   ~~ gap: 43 TiB ~~                      (a squeezed row)
 *   +--------+ libc.so.6 ...               <- a libc function
 *   ...
 *   low addresses
 */
#include "mapsvg.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "maps.h"

#define MAX_MAPS 512
#define WIDTH 1100
#define BAND_X 20
#define BAND_W 150
#define ROW_GAP 18

static const char *const colours[] = {
	"#eeeeee", "#e6550d", "#fd8d3c", "#fdae6b", "#fdd0a2", "#9e9ac8", "#31a354",
	"#74c476", "#a1d99b", "#3182bd", "#6baed6", "#756bb1", "#bdbdbd",
};

static struct ml_map maps[MAX_MAPS];
static size_t nmaps;

static bool collect(const struct ml_map *m, void *arg)
{
	(void)arg;
	if (nmaps < MAX_MAPS)
		maps[nmaps++] = *m;
	return true;
}

/* xml - s with & < > " escaped, into buf. */
static const char *xml(const char *s, char *buf, size_t size)
{
	size_t o = 0;

	for (; *s && o + 7 < size; s++) {
		const char *e = *s == '&' ? "&amp;" : *s == '<' ? "&lt;" : *s == '>' ? "&gt;" :
				*s == '"' ? "&quot;" : NULL;

		if (e) {
			memcpy(buf + o, e, strlen(e));
			o += strlen(e);
		} else if ((unsigned char)*s >= 0x20) {
			buf[o++] = *s;
		}
	}
	buf[o] = '\0';
	return buf;
}

/* human - a size as "4 KiB", "1.5 MiB", "43.2 TiB". */
static const char *human(uint64_t n, char *buf, size_t size)
{
	static const char *const unit[] = { "bytes", "KiB", "MiB", "GiB", "TiB", "PiB" };
	double v = (double)n;
	int u = 0;

	while (v >= 1024 && u < 5) {
		v /= 1024;
		u++;
	}
	snprintf(buf, size, u == 0 ? "%.0f %s" : "%.1f %s", v, unit[u]);
	return buf;
}

/* band_height - taller for bigger mappings (a log scale), and tall
 * enough for the marks beside it. */
static int band_height(const struct ml_map *m, int marks)
{
	double pages = (double)(m->end - m->start) / 4096.0;
	int h = 14 + (int)(5.0 * log2(pages < 1 ? 1 : pages));

	if (h > 70)
		h = 70;
	if (h < 14 * marks + 4)
		h = 14 * marks + 4;
	return h;
}

static int marks_in(const struct ml_map *m, const struct map_mark *marks, size_t n)
{
	int k = 0;

	for (size_t i = 0; i < n; i++)
		k += marks[i].addr >= m->start && marks[i].addr < m->end;
	return k;
}

bool map_svg(const char *path, const struct map_mark *marks, size_t nmarks)
{
	FILE *f;
	int y = 50, height = 60;
	char a[600], b[64];

	nmaps = 0;
	if (!ml_maps_each(collect, NULL))
		return false;
	for (size_t i = 0; i < nmaps; i++)
		height += band_height(&maps[i], marks_in(&maps[i], marks, nmarks)) +
			  (i + 1 < nmaps && maps[i + 1].start > maps[i].end ? ROW_GAP : 0);
	height += 40 + 18 * ((POOL_COUNT + 3) / 4);
	f = fopen(path, "w");
	if (!f)
		return false;
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		"font-family=\"DejaVu Sans Mono, monospace\" font-size=\"11\">\n", WIDTH, height);
	fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
		"<text x=\"%d\" y=\"24\" font-size=\"15\" font-family=\"DejaVu Sans, sans-serif\">"
		"This process's address space, high addresses at the top (%zu mappings; "
		"colours: the pool your classify() says)</text>\n", BAND_X, nmaps);
	/* From the highest mapping down. */
	for (size_t k = nmaps; k-- > 0;) {
		const struct ml_map *m = &maps[k];
		int nm = marks_in(m, marks, nmarks), h = band_height(m, nm), line = 0;
		enum pool p = classify((const void *)m->start);
		const char *fill = (int)p >= 0 && p < POOL_COUNT && (size_t)p < sizeof(colours) / sizeof(colours[0]) ?
				   colours[p] : "#ffffff";

		fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#333\"/>\n",
			BAND_X, y, BAND_W, h, fill);
		/* The range and the file on one line; the size and the pool on
		 * the next when the band is tall enough, else after a dash. */
		fprintf(f, "<text x=\"%d\" y=\"%d\">%012lx-%012lx %s %s%s", BAND_X + BAND_W + 10, y + 12,
			(unsigned long)m->start, (unsigned long)m->end, m->perms, xml(m->path, a, sizeof(a)),
			h >= 28 ? "</text>\n" : "");
		const char *pool = (int)p >= 0 && p < POOL_COUNT ? pool_name(p) : "not classified";

		if (h >= 28)
			fprintf(f, "<text x=\"%d\" y=\"%d\" fill=\"#555\">%s, %s</text>\n",
				BAND_X + BAND_W + 10, y + 25, human(m->end - m->start, b, sizeof(b)), pool);
		else
			fprintf(f, "<tspan fill=\"#555\"> (%s, %s)</tspan></text>\n",
				human(m->end - m->start, b, sizeof(b)), pool);
		for (size_t i = 0; i < nmarks; i++) {
			if (marks[i].addr < m->start || marks[i].addr >= m->end)
				continue;
			fprintf(f, "<text x=\"%d\" y=\"%d\" fill=\"#b00\">&#9664; %s at %#lx</text>\n", 700,
				y + 12 + 14 * line++, xml(marks[i].what, a, sizeof(a)), (unsigned long)marks[i].addr);
		}
		y += h;
		if (k > 0 && m->start > maps[k - 1].end) {
			fprintf(f, "<text x=\"%d\" y=\"%d\" fill=\"#888\" font-style=\"italic\">"
				"~ gap of %s (not to scale) ~</text>\n", BAND_X + 8, y + 13,
				human(m->start - maps[k - 1].end, b, sizeof(b)));
			y += ROW_GAP;
		}
	}
	y += 20;
	for (int p = 0; p < POOL_COUNT; p++) {
		int x = BAND_X + (p % 4) * 270, yy = y + (p / 4) * 18;

		fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"12\" fill=\"%s\" stroke=\"#333\"/>"
			"<text x=\"%d\" y=\"%d\">%s</text>\n", x, yy,
			(size_t)p < sizeof(colours) / sizeof(colours[0]) ? colours[p] : "#fff", x + 20, yy + 10,
			pool_name(p));
	}
	fprintf(f, "</svg>\n");
	return fclose(f) == 0;
}
