// SPDX-License-Identifier: GPL-2.0
/*
 * The line buffer of lines.h.  An open line as long as the buffer goes out
 * as it is (no line of QEMU's or a guest's comes near 64 KiB).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "lines.h"

void lines_init(struct line_buf *lb, int fd, int out)
{
	lb->fd = fd;
	lb->out = out;
	lb->len = 0;
}

/* put: N bytes of P to the output, whole.  A reader gone (EPIPE: vmrun
 * ignores SIGPIPE) is not vmrun's error: the VM's limit still holds. */
static void put(int out, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(out, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w, n -= (size_t)w;
	}
}

/* flush_whole: out with every whole line held; the open one moves to the front. */
static void flush_whole(struct line_buf *lb)
{
	char *nl = memrchr(lb->buf, '\n', lb->len);
	size_t whole;

	if (!nl) {
		if (lb->len < sizeof(lb->buf))
			return;
		nl = lb->buf + lb->len - 1; /* full and no newline: out as it is */
	}
	whole = (size_t)(nl - lb->buf) + 1;
	put(lb->out, lb->buf, whole);
	memmove(lb->buf, lb->buf + whole, lb->len - whole);
	lb->len -= whole;
}

/* end: the open line out with its newline, the stream closed. */
static void end(struct line_buf *lb)
{
	if (lb->len > 0) {
		lb->buf[lb->len++] = '\n'; /* room: a full buffer went out already */
		put(lb->out, lb->buf, lb->len);
		lb->len = 0;
	}
	close(lb->fd);
	lb->fd = -1;
}

/* read_once: one read; 1 when it gave bytes, 0 at the end, -1 for nothing now. */
static int read_once(struct line_buf *lb)
{
	ssize_t n = read(lb->fd, lb->buf + lb->len, sizeof(lb->buf) - lb->len);

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return -1;
	if (n <= 0)
		return 0;
	lb->len += (size_t)n;
	flush_whole(lb);
	return 1;
}

void lines_read(struct line_buf *lb)
{
	if (lb->fd >= 0 && read_once(lb) == 0)
		end(lb);
}

void lines_drain(struct line_buf *lb)
{
	if (lb->fd < 0)
		return;
	fcntl(lb->fd, F_SETFL, fcntl(lb->fd, F_GETFL) | O_NONBLOCK);
	while (read_once(lb) > 0)
		;
	end(lb);
}
