/*
 * alternative: line 0 holds the hot fields and the small config, the
 * counters take line 1, and the peer's name goes to line 2: two holes,
 * both forced by alignas to start a line, and still 192 bytes.
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
	alignas(CONN_LINE_SIZE) uint64_t rx_packets;
	uint64_t rx_bytes;
	uint32_t drops;
	alignas(CONN_LINE_SIZE) char name[32];
};

#endif
