/*
 * mutant: rx_bytes shrunk to 32 bits to save 4 bytes: it wraps after
 * 4 GiB, which a busy connection receives in seconds.
 * caught-by: step 1: struct conn keeps its 13 members, with the same types
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
	uint32_t rx_bytes;
	uint32_t drops;
};

#endif
