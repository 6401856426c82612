/* selfelf.c - parse /proc/self/exe's section and program headers. */
#define _GNU_SOURCE
#include "selfelf.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* first_object - dl_iterate_phdr callback: the first object it reports is
 * the executable itself; keep its load base and stop. */
static int first_object(struct dl_phdr_info *info, size_t size, void *arg)
{
	(void)size;
	*(uintptr_t *)arg = (uintptr_t)info->dlpi_addr;
	return 1;
}

/* read_at - read exactly len bytes at off.  Returns 0, or -1 with errno. */
static int read_at(int fd, void *buf, size_t len, off_t off)
{
	ssize_t n = pread(fd, buf, len, off);

	if (n < 0)
		return -1;
	if ((size_t)n != len) {
		errno = EINVAL;        /* a truncated file */
		return -1;
	}
	return 0;
}

/* load_sections - the section headers and their names (.shstrtab). */
static int load_sections(int fd, const ElfW(Ehdr) *eh, struct selfelf *e)
{
	ElfW(Shdr) *sh = calloc(eh->e_shnum, sizeof(*sh));
	char *names = NULL;
	int ret = -1;

	if (!sh || read_at(fd, sh, eh->e_shnum * sizeof(*sh), (off_t)eh->e_shoff) < 0)
		goto out;
	if (eh->e_shstrndx >= eh->e_shnum) {
		errno = EINVAL;
		goto out;
	}
	names = calloc(1, sh[eh->e_shstrndx].sh_size + 1);  /* +1: always a '\0' */
	e->sect = calloc(eh->e_shnum, sizeof(*e->sect));
	if (!names || !e->sect ||
	    read_at(fd, names, sh[eh->e_shstrndx].sh_size, (off_t)sh[eh->e_shstrndx].sh_offset) < 0)
		goto out;
	for (size_t i = 0; i < eh->e_shnum; i++) {
		struct se_section *s = &e->sect[i];
		size_t at = sh[i].sh_name < sh[eh->e_shstrndx].sh_size ? sh[i].sh_name : 0;

		snprintf(s->name, sizeof(s->name), "%s", names + at);
		s->type = sh[i].sh_type;
		s->flags = sh[i].sh_flags;
		s->addr = (sh[i].sh_flags & SHF_ALLOC) ? e->base + sh[i].sh_addr : 0;
		s->offset = sh[i].sh_offset;
		s->size = sh[i].sh_size;
	}
	e->nsect = eh->e_shnum;
	ret = 0;
out:
	free(names);
	free(sh);
	return ret;
}

/* load_segments - the program headers. */
static int load_segments(int fd, const ElfW(Ehdr) *eh, struct selfelf *e)
{
	ElfW(Phdr) *ph = calloc(eh->e_phnum, sizeof(*ph));
	int ret = -1;

	e->seg = calloc(eh->e_phnum, sizeof(*e->seg));
	if (!ph || !e->seg || read_at(fd, ph, eh->e_phnum * sizeof(*ph), (off_t)eh->e_phoff) < 0)
		goto out;
	for (size_t i = 0; i < eh->e_phnum; i++) {
		e->seg[i] = (struct se_segment){
			.type = ph[i].p_type, .flags = ph[i].p_flags,
			.offset = ph[i].p_offset, .filesz = ph[i].p_filesz,
			.addr = e->base + ph[i].p_vaddr, .memsz = ph[i].p_memsz,
		};
	}
	e->nseg = eh->e_phnum;
	ret = 0;
out:
	free(ph);
	return ret;
}

int selfelf_init(struct selfelf *e)
{
	ElfW(Ehdr) eh;
	struct stat st;
	int fd, ret = -1, saved;

	memset(e, 0, sizeof(*e));
	dl_iterate_phdr(first_object, &e->base);
	fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || read_at(fd, &eh, sizeof(eh), 0) < 0)
		goto out;
	if (memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_shentsize != sizeof(ElfW(Shdr)) ||
	    eh.e_phentsize != sizeof(ElfW(Phdr))) {
		errno = ENOEXEC;       /* not an ELF file of this word size */
		goto out;
	}
	e->file_size = (uint64_t)st.st_size;
	if (load_sections(fd, &eh, e) < 0 || load_segments(fd, &eh, e) < 0)
		goto out;
	ret = 0;
out:
	saved = errno;
	close(fd);
	if (ret < 0)
		selfelf_wipe(e);
	errno = saved;
	return ret;
}

void selfelf_wipe(struct selfelf *e)
{
	if (!e)
		return;
	free(e->sect);
	free(e->seg);
	memset(e, 0, sizeof(*e));
}

const struct se_section *selfelf_section_of(const struct selfelf *e, const void *addr)
{
	uintptr_t a = (uintptr_t)addr;

	for (size_t i = 0; i < e->nsect; i++) {
		const struct se_section *s = &e->sect[i];

		/* TLS sections hold each thread's initial image, not the
		 * objects at those addresses: skip them. */
		if (s->addr && !(s->flags & SHF_TLS) && a >= s->addr && a < s->addr + s->size)
			return s;
	}
	return NULL;
}

const struct se_section *selfelf_section(const struct selfelf *e, const char *name)
{
	for (size_t i = 0; i < e->nsect; i++)
		if (strcmp(e->sect[i].name, name) == 0)
			return &e->sect[i];
	return NULL;
}
