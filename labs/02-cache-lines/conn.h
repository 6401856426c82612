/*
 * conn.h - the record of one network connection, as a server keeps it.
 * You edit this file: the layout of struct conn is the exercise of lab 02.
 *
 * What you will learn: how the compiler lays a struct out in memory (holes
 * that alignment opens between members), how to read that layout with
 * pahole, and how to place fields by cache line: the fields every packet
 * reads together in line 0, and the counters other threads write on a line
 * of their own.
 *
 * What to edit: only the layout of struct conn below.  Keep every member,
 * with its name and its type; you may reorder them, add an alignment
 * attribute, and add padding members (char arrays whose name starts with
 * "pad" or "_pad").  No bitfields, no unions, no nested structs, no
 * _Atomic (pahole 1.24 cannot read it): the demo updates the counters
 * with __atomic builtins.  Write every size that depends on the line as
 * CONN_LINE_SIZE: the grader builds your layout for 64-byte lines and
 * again with -DCONN_LINE_SIZE=128, and both must be right.
 *
 * How to check your work:
 *   make build LAB=02
 *   pahole --cacheline_size=64 -C conn build/02-cache-lines/subject
 *   pahole --cacheline_size=128 -C conn build/02-cache-lines/subject-128
 *   build/02-cache-lines/demo conn   (a reader and a writer thread, timed)
 *   make grade LAB=02
 *
 * Man pages: pahole(1), sysconf(3), aligned_alloc(3), gcc's "Common
 * Variable Attributes" (aligned, packed).
 *
 * Who touches what (the demo, harness/conn_race.c, does exactly this):
 *   hot      read by the owner thread for every packet it handles
 *   config   set when the connection opens, read now and then
 *   counter  written by worker threads for every packet (atomic adds)
 *
 * TODO 1: Remove every hole without changing the members.  Reorder them so
 *         that each one starts where its alignment allows anyway.
 *         pahole then prints no "XXX ... bytes hole" line, and the size
 *         drops from 120 bytes to 96, the sum of the members' sizes.
 *
 * TODO 2: Put every hot field in cache line 0 (bytes 0 to 63), still with
 *         no holes.  pahole's "--- cacheline 1 boundary ---" line then comes
 *         after the last hot field.
 *
 * TODO 3: Give the counters a cache line of their own: no hot or config
 *         field on the line(s) the counters use, and nothing after them on
 *         their line, not even the next struct conn of an array.  Do it
 *         with an alignment attribute (the C11 way is alignas, from
 *         <stdalign.h>) or with explicit padding members, and waste no more
 *         than that needs.  conn_bench's reader then stops slowing down
 *         when the writer runs.
 */
#ifndef CONN_H
#define CONN_H

#include <stdint.h>

/*
 * CONN_LINE_SIZE - the cache-line size the layout is designed for.
 * An alignment must be known when the program is compiled, so this one
 * number is a constant: 64 bytes is the L1d line of current x86_64 and of
 * most arm64 cores; some arm64 and POWER cores have 128.  `make run LAB=02`
 * prints the size this machine really has, and warns when it differs.
 * The grader defines it as 128 for its second build: keep the #ifndef.
 */
#ifndef CONN_LINE_SIZE
#define CONN_LINE_SIZE 64
#endif

struct conn_ops;	/* the protocol's callbacks, defined by whoever uses conn */

struct conn {
	char name[32];			/* config: the peer's name, for logs */
	uint16_t port;			/* config: the peer's port */
	int fd;				/* hot: the socket */
	uint64_t created_ns;		/* config: when the connection opened */
	uint8_t state;			/* hot: where the protocol is */
	uint64_t rx_packets;		/* counter: packets received */
	uint8_t flags;			/* hot: options checked per packet */
	uint8_t *rx_buf;		/* hot: where the next packet lands */
	uint32_t rx_len;		/* hot: bytes waiting in rx_buf */
	uint64_t rx_bytes;		/* counter: bytes received */
	uint32_t drops;			/* counter: packets dropped */
	uint64_t idle_timeout_ns;	/* config: close after this much silence */
	const struct conn_ops *ops;	/* hot: the protocol's callbacks */
};

#endif
