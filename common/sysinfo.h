/*
 * sysinfo.h - sizes the memory system reports about itself.
 *
 * Never hard-code 4096 or 64: arm64 kernels may use 16 KiB or 64 KiB pages,
 * and some CPUs move 128-byte lines.  Read them on the running machine.
 */
#ifndef ML_SYSINFO_H
#define ML_SYSINFO_H

#include <stddef.h>

/* ml_page_size - the MMU page size, from sysconf(_SC_PAGESIZE). */
size_t ml_page_size(void);

/*
 * ml_cache_line_size - the L1 data cache line size in bytes.
 * Tries sysconf first (glibc reads CTR_EL0 on arm64 since 2.26), then sysfs
 * (for C libraries that answer 0);
 * returns 0 when neither knows.  *source, if not NULL, names where it came
 * from, so a demo can show the reader how to look it up themselves.
 */
size_t ml_cache_line_size(const char **source);

#endif
