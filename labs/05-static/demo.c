/*
 * demo.c - the static pool on this machine: which section holds each kind
 * of static object, what a section costs in the file and in memory, and
 * how the loader turns sections into segments and segments into mappings.
 *
 * Run: make run LAB=05.  Compare with what binutils say about the same file:
 *     readelf -SW build/05-static/demo     (sections)
 *     readelf -lW build/05-static/demo     (segments, and which sections each holds)
 *     size -A build/05-static/demo
 * Sections come from this program's own headers (selfelf.c reads
 * /proc/self/exe); mappings from /proc/self/maps (common/maps.h).
 */
#include "maps.h"
#include "selfelf.h"
#include "sysinfo.h"

#include <elf.h>
#include <stdio.h>
#include <string.h>

/* One object of each kind.  The comments say where the textbook rule puts
 * them; the demo prints where they really are. */
#define BIG_BYTES (1u << 20)
int answer = 42;                              /* initialized: .data */
int zeroed;                                   /* no initializer: .bss */
int explicit_zero = 0;                        /* zero: .bss too */
const int primes[8] = { 2, 3, 5, 7, 11, 13, 17, 19 };   /* constant: .rodata */
const char *const colors[] = { "red", "green", "blue" }; /* constant pointers */
char big[BIG_BYTES];                          /* 1 MiB of zeros: .bss */

/* tick - count calls in a static local: one object for the whole run. */
static unsigned *tick(void)
{
	static unsigned calls;

	calls++;
	return &calls;
}

/* short_map - "r--p demo" or "rw-p (anonymous)": the mapping holding addr. */
static const char *short_map(const void *addr, char *buf, size_t len)
{
	struct ml_map m;

	if (!ml_maps_find(addr, &m)) {
		snprintf(buf, len, "(no mapping)");
		return buf;
	}
	const char *name = strrchr(m.path, '/');

	snprintf(buf, len, "%s %.64s", m.perms,
	         m.path[0] ? (name ? name + 1 : m.path) : "(anonymous)");
	return buf;
}

/* show - one row: what the object is, its address, section and mapping. */
static void show(const struct selfelf *e, const char *what, const volatile void *p)
{
	const struct se_section *s = selfelf_section_of(e, (const void *)p);
	char map[96];

	printf("  %-42s %#14jx  %-13s %s\n", what, (uintmax_t)(uintptr_t)p,
	       s ? s->name : "(none)", short_map((const void *)p, map, sizeof(map)));
}

/* part_objects - section and mapping of one object of each kind. */
static void part_objects(const struct selfelf *e)
{
	unsigned *c = NULL;

	printf("== 1. One static object of each kind (load base %#jx)\n\n",
	       (uintmax_t)e->base);
	printf("  %-42s %14s  %-13s %s\n", "object", "address", "section", "mapping");
	show(e, "int main(void)  (code)", (const void *)part_objects);
	show(e, "\"a string literal\"", "a string literal");
	show(e, "const int primes[8] = {2, 3, ...}", primes);
	show(e, "const char *const colors[] = {\"red\", ...}", colors);
	show(e, "int answer = 42", &answer);
	show(e, "int zeroed", &zeroed);
	show(e, "int explicit_zero = 0", &explicit_zero);
	show(e, "static unsigned calls  (in tick())", tick());
	show(e, "char big[1 MiB], first byte", &big[0]);
	show(e, "char big[1 MiB], last byte", &big[BIG_BYTES - 1]);
	for (int i = 0; i < 2; i++)
		c = tick();
	printf("\n  tick() was called 3 times: calls = %u, still at %p (one object, alive\n"
	       "  for the whole run: its owner is the loader, not a call)\n\n", *c, (void *)c);
}

/* part_sizes - what the data sections cost in the file and in memory. */
static void part_sizes(const struct selfelf *e)
{
	static const char *const names[] = { ".text", ".rodata", ".data.rel.ro", ".data", ".bss" };
	uint64_t in_file = 0, in_memory = 0;

	printf("== 2. Bytes in the file and bytes in memory\n\n");
	printf("  %-13s %-9s %12s %14s\n", "section", "type", "file bytes", "memory bytes");
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const struct se_section *s = selfelf_section(e, names[i]);
		uint64_t file = s && s->type != SHT_NOBITS ? s->size : 0;

		if (!s)
			continue;
		printf("  %-13s %-9s %12ju %14ju\n", s->name,
		       s->type == SHT_NOBITS ? "NOBITS" : "PROGBITS", (uintmax_t)file,
		       (uintmax_t)s->size);
		in_file += file;
		in_memory += s->size;
	}
	printf("\n  these sections take %ju bytes of memory but only %ju of the file;\n"
	       "  the whole file (/proc/self/exe) is %ju bytes.  .bss is NOBITS: the\n"
	       "  file records its size only, and the loader provides zero pages.\n\n",
	       (uintmax_t)in_memory, (uintmax_t)in_file, (uintmax_t)e->file_size);
}

/* segment_sections - print the names of the sections inside segment g. */
static void segment_sections(const struct selfelf *e, const struct se_segment *g)
{
	for (size_t i = 0; i < e->nsect; i++) {
		const struct se_section *s = &e->sect[i];

		if (s->addr && !(s->flags & SHF_TLS) && s->addr >= g->addr &&
		    s->addr + s->size <= g->addr + g->memsz && s->size)
			printf(" %s", s->name);
	}
	printf("\n");
}

/* segment_of - the PT_LOAD segment holding section name, or -1. */
static int segment_of(const struct selfelf *e, const char *name)
{
	const struct se_section *s = selfelf_section(e, name);
	int n = 0;

	for (size_t i = 0; s && i < e->nseg; i++) {
		const struct se_segment *g = &e->seg[i];

		if (g->type != PT_LOAD)
			continue;
		n++;
		if (s->addr >= g->addr && s->addr < g->addr + g->memsz)
			return n;
	}
	return -1;
}

/* print_mapping - ml_maps_each callback: print this executable's lines, and
 * the anonymous line right after them (the rest of .bss). */
static bool print_mapping(const struct ml_map *m, void *arg)
{
	const struct selfelf *e = arg;
	const struct se_section *bss = selfelf_section(e, ".bss");
	uintptr_t bss_end = bss ? bss->addr + bss->size : 0;
	bool ours = m->start >= e->base && (m->path[0] == '/' || m->start < bss_end);

	if (ours)
		printf("  %s\n", m->line);
	return m->start < bss_end;
}

/* part_segments - sections grouped into segments, segments into mappings. */
static void part_segments(const struct selfelf *e)
{
	int n = 0, text, rodata;

	printf("== 3. Sections are grouped into segments; each segment is mapped\n\n");
	for (size_t i = 0; i < e->nseg; i++) {
		const struct se_segment *g = &e->seg[i];

		if (g->type != PT_LOAD && g->type != PT_GNU_RELRO)
			continue;
		if (g->type == PT_LOAD)
			printf("  LOAD %-4d", ++n);
		else
			printf("  GNU_RELRO");
		printf(" %c%c%c  file %7ju bytes  memory %7ju bytes :",
		       g->flags & PF_R ? 'R' : '-', g->flags & PF_W ? 'W' : '-',
		       g->flags & PF_X ? 'E' : '-', (uintmax_t)g->filesz, (uintmax_t)g->memsz);
		segment_sections(e, g);
	}
	printf("\n  /proc/self/maps, this executable's lines:\n");
	ml_maps_each(print_mapping, (void *)e);
	text = segment_of(e, ".text");
	rodata = segment_of(e, ".rodata");
	printf("\n  .text is in LOAD segment %d, .rodata in LOAD segment %d: ", text, rodata);
	if (text != rodata)
		printf("separate segments, so separate\n"
		       "  mappings (r-xp for code, r--p for constants).  The article describes\n"
		       "  one r-x mapping for both; GNU ld has split them by default on x86_64\n"
		       "  since binutils 2.31 (2018, -z separate-code), so constants are no\n"
		       "  longer executable.\n");
	else
		printf("one segment, one r-x mapping\n"
		       "  for code and constants, as the article describes (this linker does\n"
		       "  not use -z separate-code by default).\n");
	printf("  GNU_RELRO covers .data.rel.ro and the GOT: the loader writes the\n"
	       "  relocated pointers there, then mprotect()s it read-only (r--p above).\n\n");
}

/* part_bss - where .bss starts and ends among the mappings. */
static void part_bss(const struct selfelf *e)
{
	const struct se_section *bss = selfelf_section(e, ".bss");
	const struct se_section *data = selfelf_section(e, ".data");
	size_t page = ml_page_size();
	struct ml_map first, last;
	const unsigned char *p;
	size_t nonzero = 0;

	if (!bss || !data || !ml_maps_find((void *)bss->addr, &first) ||
	    !ml_maps_find((void *)(bss->addr + bss->size - 1), &last)) {
		printf("== 4. (no .bss found)\n");
		return;
	}
	printf("== 4. .bss: the tail of .data's last page, then anonymous memory\n\n");
	printf("  page size %zu; .data ends at %#jx, .bss runs from %#jx to %#jx\n",
	       page, (uintmax_t)(data->addr + data->size), (uintmax_t)bss->addr,
	       (uintmax_t)(bss->addr + bss->size));
	printf("  first byte of .bss: %s\n", first.line);
	printf("  last byte of .bss:  %s\n", last.line);
	if (first.start != last.start) {
		printf("  %ju bytes of .bss share the file-backed page(s) of .data (the loader\n"
		       "  zeroed that part of the page); the other %ju bytes are anonymous memory.\n",
		       (uintmax_t)(first.end - bss->addr),
		       (uintmax_t)(bss->addr + bss->size - first.end));
	} else {
		printf("  .bss fits in the mapping of .data: no mapping of its own.\n");
	}
	for (p = (const unsigned char *)bss->addr; p < (const unsigned char *)(bss->addr + bss->size); p++)
		nonzero += *p != 0;
	printf("  bytes of .bss that are not zero right now: %zu of %ju (tick()'s counter\n"
	       "  and whatever the program has written since it started)\n",
	       nonzero, (uintmax_t)bss->size);
}

int main(void)
{
	struct selfelf e;

	if (selfelf_init(&e) < 0) {
		perror("demo: reading /proc/self/exe");
		return 1;
	}
	part_objects(&e);
	part_sizes(&e);
	part_segments(&e);
	part_bss(&e);
	selfelf_wipe(&e);
	return 0;
}
