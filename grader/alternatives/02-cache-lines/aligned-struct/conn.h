/*
 * alternative: padding before the counters, and the struct itself aligned
 * to a line, so the compiler pads the tail and every struct conn (static,
 * in an array, or from aligned_alloc) starts on a line boundary.
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
	char _pad[2 * CONN_LINE_SIZE - 76]; /* up to line 2 */
	uint64_t rx_packets;
	uint64_t rx_bytes;
	uint32_t drops;
} __attribute__((aligned(CONN_LINE_SIZE)));

#endif
