/*
 * mutant: holes removed and counters aligned, but the config (name first)
 * was put before the small hot fields: fd, rx_len, flags and state land in
 * cache line 1, so every packet touches two lines.
 * caught-by: step 2: every hot field lies in cache line 0 (bytes 0-63)
 */
#ifndef CONN_H
#define CONN_H

#include <stdalign.h>
#include <stdint.h>

#define CONN_LINE_SIZE 64

struct conn_ops;

struct conn {
	uint64_t created_ns;
	uint64_t idle_timeout_ns;
	char name[32];
	uint8_t *rx_buf;
	const struct conn_ops *ops;
	int fd;
	uint32_t rx_len;
	uint8_t flags;
	uint8_t state;
	uint16_t port;
	alignas(CONN_LINE_SIZE) uint64_t rx_packets;
	uint64_t rx_bytes;
	uint32_t drops;
};

#endif
