/*
 * mutant: steps 1 and 2 done, step 3 skipped: packed by alignment with no
 * hole, the counters fill the end of line 0, right beside the hot fields
 * the owner reads for every packet.
 * caught-by: step 3: the counters' cache line holds only counters and padding
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
	uint32_t drops;
	uint64_t rx_packets;
	uint64_t rx_bytes;
	char name[32];
};

#endif
