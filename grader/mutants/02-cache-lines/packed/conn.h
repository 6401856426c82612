/*
 * mutant: the starter's order, with the holes squeezed out by a packed
 * attribute: no hole, but rx_packets, rx_buf and the rest are misaligned.
 * caught-by: step 1: every member starts at an offset its alignment allows (nothing packed)
 */
#ifndef CONN_H
#define CONN_H

#include <stdint.h>

#define CONN_LINE_SIZE 64

struct conn_ops;

struct conn {
	char name[32];
	uint16_t port;
	int fd;
	uint64_t created_ns;
	uint8_t state;
	uint64_t rx_packets;
	uint8_t flags;
	uint8_t *rx_buf;
	uint32_t rx_len;
	uint64_t rx_bytes;
	uint32_t drops;
	uint64_t idle_timeout_ns;
	const struct conn_ops *ops;
} __attribute__((packed));

#endif
