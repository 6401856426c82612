/*
 * subject.c - the stub compiled with the student's conn.h (lab 02).
 *
 * It reports struct conn's layout as the compiler laid it out, one line
 * per fact, and decides nothing: harness/judge.c does, in another process,
 * from these lines and from pahole's reading of this program's DWARF (the
 * program is built with -g -fno-eliminate-unused-debug-types, so struct
 * conn is in it whole, padding members included).  The grader builds it
 * twice: `subject` with conn.h's own CONN_LINE_SIZE, and `subject-128`
 * with -DCONN_LINE_SIZE=128, the line of some arm64 and POWER cores.
 *
 *   line L                 CONN_LINE_SIZE as compiled
 *   size S A               sizeof and alignof struct conn
 *   member NAME OFF SIZE   one per member the starter has (offsetof, sizeof)
 */
#include <stdalign.h>
#include <stddef.h>
#include <stdio.h>

#include "conn.h"

/* A struct conn that exists, so that its DWARF is complete even where
 * -fno-eliminate-unused-debug-types would not be enough. */
struct conn subject_conn;

#define MEMBER(m) printf("member %s %zu %zu\n", #m, offsetof(struct conn, m), \
			 sizeof(((struct conn *)0)->m))

int main(void)
{
#ifdef CONN_LINE_SIZE
	printf("line %ld\n", (long)CONN_LINE_SIZE);
#else
	printf("line 0\n");
#endif
	printf("size %zu %zu\n", sizeof(struct conn), alignof(struct conn));
	MEMBER(rx_buf);
	MEMBER(ops);
	MEMBER(fd);
	MEMBER(rx_len);
	MEMBER(flags);
	MEMBER(state);
	MEMBER(name);
	MEMBER(created_ns);
	MEMBER(idle_timeout_ns);
	MEMBER(port);
	MEMBER(rx_packets);
	MEMBER(rx_bytes);
	MEMBER(drops);
	printf("end\n");
	return 0;
}
