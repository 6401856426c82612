/*
 * conn_race.h - the demo's last part (lab 02): a reader of struct conn's
 * hot fields timed alone and beside a writer of its counters.
 */
#ifndef CONN_RACE_H
#define CONN_RACE_H

/* conn_race - print the layout by line, then time the reader alone and
 * beside the writer (on two CPUs).  Returns 0, or 1 if memory ran out. */
int conn_race(void);

#endif
