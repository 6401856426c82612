/*
 * mutant: the counters aligned to a line, and then a whole line of
 * padding after them "to keep neighbours away" - which the alignment
 * already does: 256 bytes where 192 are enough.
 * caught-by: step 3: struct conn is no bigger than separate lines for the counters require
 */
#ifndef CONN_H
#define CONN_H

#include <stdalign.h>
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
	alignas(CONN_LINE_SIZE) uint64_t rx_packets;
	uint64_t rx_bytes;
	uint32_t drops;
	char _pad[CONN_LINE_SIZE];
};

#endif
