/*
 * latency.c - lab 03's latency tool: this machine's cache hierarchy,
 * measured by pointer chasing, as the article's table, a CSV and a plot.
 *
 * usage: build/03-locality/latency [--quick] [-o DIR]
 *   --quick  the demo's short run (about 2 s) instead of the full one (< 10 s)
 *   -o DIR   where latency.csv, latency.gp, latency.svg and latency.png go
 *            (default: the folder this program is in, build/03-locality/)
 * Exit status: 0, 1 when memory could not be mapped or the CSV written,
 * 2 on a usage error.
 */
#include "curve.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *to)
{
	fprintf(to, "usage: latency [--quick] [-o DIR]\n");
}

int main(int argc, char **argv)
{
	static struct curve c;	/* 8 KiB of points: not for the stack */
	char dirbuf[PATH_MAX];
	const char *dir = NULL;
	bool quick = false;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--quick") == 0) {
			quick = true;
		} else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
			dir = argv[++i];
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "latency: unknown argument '%s'\n", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	if (!dir)
		dir = curve_build_dir(dirbuf, sizeof(dirbuf));
	if (curve_measure(&c, quick)) {
		fprintf(stderr, "latency: cannot map the buffer: %s\n", strerror(errno));
		return 1;
	}
	curve_print_table(&c);
	return curve_write(&c, dir) ? 1 : 0;
}
