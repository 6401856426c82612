/* heapwalk.c - walk glibc's main heap and draw it as SVG (see heapwalk.h). */
#include "heapwalk.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "maps.h"

enum { ROW_BYTES = 64 * 1024, ROW_PX = 1024, ROW_H = 6, TOP_MARGIN = 64 };

static const char *const colour[HW_STATES] = {
	"#1f4e79", "#9dc3e6", "#e2efda", "#7f7f7f", "#fff2cc",
};
static const char *const label[HW_STATES] = {
	"in use (the workload's)", "freed, kept aside (tcache/fastbin)",
	"free, in glibc's bins", "in use (stdio, glibc's own)", "top chunk",
};

__attribute__((noinline)) size_t chunk_size_field(const void *p)
{
	return *(const size_t *)((uintptr_t)p - sizeof(size_t));
}

/* heap_bounds - the [heap] mapping's start and end. */
static bool find_heap(const struct ml_map *m, void *arg)
{
	uintptr_t *bounds = arg;

	if (strcmp(m->path, "[heap]") != 0)
		return true;
	bounds[0] = m->start;
	bounds[1] = m->end;
	return false;
}

/*
 * The picture is built in a static buffer and written with write(2): stdio
 * would call malloc and change the heap while we walk it.
 */
static char svg[8 << 20];
static size_t svg_len;
static bool svg_full;

/* put - append printf-style text to svg (sets svg_full when it is). */
__attribute__((format(printf, 1, 2)))
static void put(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(svg + svg_len, sizeof(svg) - svg_len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(svg) - svg_len)
		svg_full = true;
	else
		svg_len += (size_t)n;
}

/* band - one chunk [off, off + len) of state s, cut at row ends. */
static void band(size_t off, size_t len, enum hw_state s)
{
	while (len > 0) {
		size_t row = off / ROW_BYTES, in = off % ROW_BYTES;
		size_t take = len < ROW_BYTES - in ? len : ROW_BYTES - in;
		double x = (double)in * ROW_PX / ROW_BYTES;
		double w = (double)take * ROW_PX / ROW_BYTES;

		/* a hair of white between chunks, when they are wide enough */
		put("<rect x='%.2f' y='%zu' width='%.2f' height='%d' fill='%s'/>\n", x,
		        TOP_MARGIN + row * ROW_H, w > 1.5 ? w - 0.3 : w, ROW_H - 1, colour[s]);
		off += take;
		len -= take;
	}
}

bool hw_svg(const char *path, const char *title, hw_owner_fn owner, struct hw_totals *t)
{
	uintptr_t bounds[2] = { 0, 0 }, end, at;
	struct hw_totals tot;
	size_t rows;
	int fd;

	memset(&tot, 0, sizeof(tot));
	if (!ml_maps_each(find_heap, bounds) || !bounds[0])
		return false;
	end = (uintptr_t)sbrk(0);
	if (end <= bounds[0] || end > bounds[1])
		return false;
	/* First pass: check that the walk lands exactly on the break. */
	for (at = bounds[0]; at < end;) {
		size_t size = *(const size_t *)(at + sizeof(size_t)) & ~(size_t)7;

		if (size < 4 * sizeof(size_t) || size > end - at)
			return false;
		at += size;
	}
	if (at != end)
		return false;
	svg_len = 0;
	svg_full = false;
	rows = (end - bounds[0] + ROW_BYTES - 1) / ROW_BYTES;
	put("<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%zu' "
	        "font-family='sans-serif' font-size='12'>\n", ROW_PX + 20,
	        TOP_MARGIN + rows * ROW_H + 10);
	put("<rect width='100%%' height='100%%' fill='white'/>\n");
	put("<text x='0' y='14' font-weight='bold'>%s</text>\n", title);
	for (int s = 0; s < HW_STATES; s++) {
		int x = s % 3 * 340, y = 22 + s / 3 * 16;

		put("<rect x='%d' y='%d' width='10' height='10' fill='%s' stroke='#444'/>"
		    "<text x='%d' y='%d'>%s</text>\n", x, y, colour[s], x + 14, y + 9, label[s]);
	}
	put("<text x='0' y='%d' font-size='10'>one row = %d KiB of [heap], "
	        "from its start (top left) to the break</text>\n", TOP_MARGIN - 4,
	        ROW_BYTES / 1024);
	for (at = bounds[0]; at < end;) {
		size_t size = *(const size_t *)(at + sizeof(size_t)) & ~(size_t)7;
		uintptr_t next = at + size;
		const void *block = (const void *)(at + 2 * sizeof(size_t));
		enum hw_state s;

		if (next == end)
			s = HW_TOP;
		else if (!(*(const size_t *)(next + sizeof(size_t)) & 1))
			s = HW_FREE;
		else
			switch (owner(block)) {
			case 0: s = HW_LIVE; break;
			case 1: s = HW_CACHED; break;
			default: s = HW_OTHER; break;
			}
		band(at - bounds[0], size, s);
		tot.chunks++;
		tot.bytes[s] += size;
		at = next;
	}
	put("</svg>\n");
	if (svg_full)
		return false;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return false;
	if (write(fd, svg, svg_len) != (ssize_t)svg_len) {
		close(fd);
		return false;
	}
	if (close(fd) != 0)
		return false;
	if (t)
		*t = tot;
	return true;
}
