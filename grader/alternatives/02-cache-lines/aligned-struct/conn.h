/*
 * alternative: padding before the counters, and the struct itself aligned
 * to a line, so the compiler pads the tail and every struct conn (static,
 * in an array, or from aligned_alloc) starts on a line boundary.
 */
#ifndef CONN_H
#define CONN_H

#include <stdint.h>

#ifndef CONN_LINE_SIZE
#define CONN_LINE_SIZE 64
#endif
/* The bytes before the counters, rounded up to a line. */
#define CONN_UP(n) (((n) + CONN_LINE_SIZE - 1) / CONN_LINE_SIZE * CONN_LINE_SIZE)

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
	char _pad[CONN_UP(76) - 76]; /* up to the next line */
	uint64_t rx_packets;
	uint64_t rx_bytes;
	uint32_t drops;
} __attribute__((aligned(CONN_LINE_SIZE)));

#endif
