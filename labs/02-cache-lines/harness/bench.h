/*
 * bench.h - run two functions at once, each pinned to its own CPU, and time
 * them.  Used by the demo (false sharing between two counters) and by
 * conn_bench (a reader of struct conn's hot fields against a writer of its
 * counters).
 *
 * Times are wall-clock and belong to demos only: they are printed as medians
 * and ratios measured in one run, never graded.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdbool.h>
#include <stdint.h>

/*
 * bench_pick_cpus - the first two CPUs in this process's affinity mask.
 * Returns false (and sets *count) when fewer than two are available, in which
 * case nothing can be measured: two threads on one CPU take turns and never
 * fight over a cache line at the same moment.
 */
bool bench_pick_cpus(int cpu[2], int *count);

/*
 * bench_pair - start fn[0](arg[0]) pinned to cpu[0] and fn[1](arg[1]) pinned
 * to cpu[1], release both at the same moment, wait for both to return.
 * Returns the nanoseconds from release to the last return, or 0 when a
 * thread could not be created or pinned (the reason is printed on stderr).
 */
uint64_t bench_pair(const int cpu[2], void (*const fn[2])(void *), void *const arg[2]);

/* bench_median - the median of n values (n >= 1); sorts v in place. */
uint64_t bench_median(uint64_t *v, int n);

#endif
