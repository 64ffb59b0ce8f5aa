/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Whole lines from a stream: what a read gives is passed on up to its last
 * newline, in one write; the rest waits for its newline (or the end).
 */
#ifndef FAULTLINE_RUNNER_LINES_H
#define FAULTLINE_RUNNER_LINES_H

#include <stddef.h>

#define LINE_BUF_SIZE 65536

struct line_buf {
	int fd;			/* the stream; -1 once it ended */
	int out;		/* where whole lines go */
	size_t len;		/* bytes held: the open line */
	char buf[LINE_BUF_SIZE];
};

void lines_init(struct line_buf *lb, int fd, int out);
/* lines_read: one read of the stream; at its end the open line goes out
 * with a newline, and the stream is closed. */
void lines_read(struct line_buf *lb);
/* lines_drain: what the stream holds now, without waiting for more, then
 * the open line with a newline; the stream is closed. */
void lines_drain(struct line_buf *lb);

#endif
