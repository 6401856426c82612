/*
 * alternative: the 8-byte config fields first and the hot fields after
 * them (still all in line 0), the GNU attribute instead of C11's alignas,
 * and each size class followed by one that fits: no hole but the forced one.
 */
#ifndef CONN_H
#define CONN_H

#include <stdint.h>

#ifndef CONN_LINE_SIZE
#define CONN_LINE_SIZE 64
#endif

struct conn_ops;

struct conn {
	uint64_t idle_timeout_ns;
	uint64_t created_ns;
	const struct conn_ops *ops;
	uint8_t *rx_buf;
	uint32_t rx_len;
	int fd;
	uint16_t port;
	uint8_t state;
	uint8_t flags;
	char name[32];
	uint64_t rx_packets __attribute__((aligned(CONN_LINE_SIZE)));
	uint64_t rx_bytes;
	uint32_t drops;
};

#endif
