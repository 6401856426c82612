/*
 * alternative: explicit padding members instead of an alignment attribute:
 * _pad ends line 1, _pad_tail fills the counters' line.  The struct stays
 * 8-byte aligned, so an array or a malloc'd conn must be put on a line
 * boundary by hand (aligned_alloc): the harness does.
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
	char _pad[CONN_UP(76) - 76]; /* 76 bytes of hot and config so far */
	uint64_t rx_packets;
	uint64_t rx_bytes;
	uint32_t drops;
	unsigned char _pad_tail[CONN_UP(20) - 20]; /* 20 bytes of counters */
};

#endif
