/*
 * mutant: the hot fields first in their own order, then the config by size:
 * port ends at byte 28 and created_ns must start at 32, a 4-byte hole.
 * caught-by: step 1: struct conn has no holes between its members
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
	int fd;
	uint32_t rx_len;
	uint8_t flags;
	uint8_t state;
	uint16_t port;
	uint64_t created_ns;
	uint64_t idle_timeout_ns;
	char name[32];
	alignas(CONN_LINE_SIZE) uint64_t rx_packets;
	uint64_t rx_bytes;
	uint32_t drops;
};

#endif
