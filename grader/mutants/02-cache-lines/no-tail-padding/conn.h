/*
 * mutant: explicit padding puts the counters at the start of line 2, but
 * nothing pads the line after them: struct conn ends at byte 152, and the
 * next struct conn of an array starts on the counters' line.
 * caught-by: step 3: struct conn ends on a line boundary after its counters (no neighbour on their line)
 */
#ifndef CONN_H
#define CONN_H

#include <stdint.h>

#define CONN_LINE_SIZE 64

struct conn_ops;

struct conn {
	uint8_t *rx_buf;
	const struct conn_ops *ops;
	uint64_t created_ns;
	uint64_t idle_timeout_ns;
	int fd;
	uint32_t rx_len;
	uint8_t flags;
	uint8_t state;
	uint16_t port;
	char name[32];
	char _pad[2 * CONN_LINE_SIZE - 76]; /* up to the next line */
	uint64_t rx_packets;
	uint64_t rx_bytes;
	uint32_t drops;
};

#endif
