/* sysinfo.c - page and cache-line sizes read from the running system. */
#include "sysinfo.h"

#include <stdio.h>
#include <unistd.h>

size_t ml_page_size(void)
{
	long n = sysconf(_SC_PAGESIZE);

	return n > 0 ? (size_t)n : 0;
}

/* The first data or unified cache of CPU 0 is its L1d. */
static size_t line_size_from_sysfs(void)
{
	char path[96];
	unsigned long size = 0;

	for (int i = 0; i < 8; i++) {
		char type[32] = "";
		FILE *f;

		snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu0/cache/index%d/type", i);
		f = fopen(path, "r");
		if (!f)
			break;
		if (fscanf(f, "%31s", type) != 1)
			type[0] = '\0';
		fclose(f);
		if (type[0] == 'I')   /* Instruction: not the one data goes through */
			continue;
		snprintf(path, sizeof(path),
		         "/sys/devices/system/cpu/cpu0/cache/index%d/coherency_line_size", i);
		f = fopen(path, "r");
		if (!f)
			break;
		if (fscanf(f, "%lu", &size) != 1)
			size = 0;
		fclose(f);
		break;
	}
	return size;
}

size_t ml_cache_line_size(const char **source)
{
	long n = sysconf(_SC_LEVEL1_DCACHE_LINESIZE);
	size_t s;

	if (n > 0) {
		if (source)
			*source = "sysconf(_SC_LEVEL1_DCACHE_LINESIZE)";
		return (size_t)n;
	}
	s = line_size_from_sysfs();
	if (source)
		*source = s ? "/sys/devices/system/cpu/cpu0/cache/index*/coherency_line_size"
		            : "unknown";
	return s;
}
