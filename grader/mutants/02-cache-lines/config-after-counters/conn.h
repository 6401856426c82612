/*
 * mutant: the counters start a line of their own, but idle_timeout_ns
 * was moved after them "because it fits there": a config field the owner
 * reads now and then shares the line the workers write to.
 * caught-by: step 3: the counters' cache line holds only counters and padding
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
	int fd;
	uint32_t rx_len;
	uint8_t flags;
	uint8_t state;
	uint16_t port;
	char name[32];
	alignas(CONN_LINE_SIZE) uint64_t rx_packets;
	uint64_t rx_bytes;
	uint64_t idle_timeout_ns;
	uint32_t drops;
};

#endif
