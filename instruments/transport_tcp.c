/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Raw SCPI over a TCP socket (port 5025 by convention): connect and read
 * timeouts, a message ends with "\n". */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "transport.h"
#include "wbg/error.h"

struct tcp_transport {
	wbgi_transport base;
	int fd;
	bool closed; /* the instrument closed or reset the connection */
	char name[300];
};

/* The connection is gone: from now on every write fails at once. A send
 * into a socket whose peer has closed can still succeed (the data only
 * reaches the local buffer), which must never pass for a delivered
 * command, least of all the off sequence. */
static int peer_gone(struct tcp_transport *tt, const char *what)
{
	tt->closed = true;
	return wbg_ctx_error(tt->base.ctx, WBG_ERR_NO_DEVICE,
	                     "%s: the instrument closed the connection (%s)", tt->name, what);
}

static int ms_of(double s)
{
	if (s <= 0.0)
		return 0;
	if (s > 1e6)
		return 1000000000;
	return (int)(s * 1000.0 + 0.999);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Has the instrument closed its end? Its FIN (or RST) makes the socket
 * readable with nothing to read; a pending reply is left where it is. */
static bool closed_by_peer(struct tcp_transport *tt)
{
	struct pollfd p = {.fd = tt->fd, .events = POLLIN};
	char c;
	ssize_t n;

	if (poll(&p, 1, 0) <= 0)
		return false;
	if (p.revents & (POLLHUP | POLLERR))
		return true;
	if (!(p.revents & POLLIN))
		return false;
	n = recv(tt->fd, &c, 1, MSG_PEEK);
	return n == 0 || (n < 0 && errno == ECONNRESET);
}

static int tcp_write(wbgi_transport *t, const uint8_t *data, size_t len, double timeout_s)
{
	struct tcp_transport *tt = (struct tcp_transport *)t;
	double deadline = now_s() + timeout_s;
	size_t done = 0;

	if (tt->closed || closed_by_peer(tt))
		return peer_gone(tt, "seen before sending");
	while (done < len) {
		struct pollfd p = {.fd = tt->fd, .events = POLLOUT};
		ssize_t n;
		int pr = poll(&p, 1, ms_of(deadline - now_s()));
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr == 0)
			return wbg_ctx_error(t->ctx, WBG_ERR_TIMEOUT, "%s: write timed out after %zu of %zu bytes",
			                     tt->name, done, len);
		n = send(tt->fd, data + done, len - done, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			if (errno == EPIPE || errno == ECONNRESET)
				return peer_gone(tt, strerror(errno));
			return wbg_ctx_error(t->ctx, WBG_ERR_IO, "%s: send: %s", tt->name, strerror(errno));
		}
		done += (size_t)n;
	}
	return WBG_OK;
}

static int tcp_read(wbgi_transport *t, uint8_t *buf, size_t cap, size_t *out_len, bool *out_end,
                    double timeout_s)
{
	struct tcp_transport *tt = (struct tcp_transport *)t;
	double deadline = now_s() + timeout_s;

	*out_len = 0;
	*out_end = false;
	if (tt->closed)
		return peer_gone(tt, "earlier");
	if (cap == 0)
		return WBG_OK;
	for (;;) {
		struct pollfd p = {.fd = tt->fd, .events = POLLIN};
		ssize_t n;
		int pr = poll(&p, 1, ms_of(deadline - now_s()));
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr < 0)
			return wbg_ctx_error(t->ctx, WBG_ERR_IO, "%s: poll: %s", tt->name, strerror(errno));
		if (pr == 0)
			return WBG_ERR_TIMEOUT;
		n = recv(tt->fd, buf, cap, 0);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			if (errno == ECONNRESET)
				return peer_gone(tt, strerror(errno));
			return wbg_ctx_error(t->ctx, WBG_ERR_IO, "%s: recv: %s", tt->name, strerror(errno));
		}
		if (n == 0)
			return peer_gone(tt, "end of stream");
		*out_len = (size_t)n;
		*out_end = buf[n - 1] == '\n';
		return WBG_OK;
	}
}

/* No device clear on a raw socket: drop whatever input is pending, so that
 * the rest of an abandoned reply does not answer the next query. */
static int tcp_clear(wbgi_transport *t)
{
	struct tcp_transport *tt = (struct tcp_transport *)t;
	uint8_t junk[4096];
	int i;

	for (i = 0; i < 4096; i++) {
		struct pollfd p = {.fd = tt->fd, .events = POLLIN};
		ssize_t n;
		if (poll(&p, 1, 20) <= 0)
			break;
		n = recv(tt->fd, junk, sizeof(junk), 0);
		if (n <= 0)
			break;
	}
	return WBG_OK;
}

static void tcp_close(wbgi_transport *t)
{
	struct tcp_transport *tt = (struct tcp_transport *)t;

	if (tt->fd >= 0)
		close(tt->fd);
	free(tt);
}

static const struct wbgi_transport_ops tcp_ops = {
	.name = "tcp",
	.message_framed = false,
	.write = tcp_write,
	.read = tcp_read,
	.clear = tcp_clear,
	.read_stb = NULL,
	.set_remote = NULL,
	.close = tcp_close,
};

/* Connect with a timeout: non-blocking connect, poll for writability. */
static int connect_timeout(int fd, const struct sockaddr *sa, socklen_t salen, double timeout_s)
{
	int flags = fcntl(fd, F_GETFL), err = 0;
	socklen_t el = sizeof(err);
	struct pollfd p = {.fd = fd, .events = POLLOUT};
	int pr;

	if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
		return errno;
	if (connect(fd, sa, salen) == 0)
		return 0;
	if (errno != EINPROGRESS)
		return errno;
	do
		pr = poll(&p, 1, ms_of(timeout_s));
	while (pr < 0 && errno == EINTR);
	if (pr == 0)
		return ETIMEDOUT;
	if (pr < 0)
		return errno;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) < 0)
		return errno;
	return err;
}

int wbgi_tcp_open(wbgi_transport **out, const char *host, unsigned port, double timeout_s,
                  wbg_ctx *ctx)
{
	struct addrinfo hints, *ai = NULL, *a;
	struct tcp_transport *tt;
	char portstr[16];
	int rc, err = 0, one = 1;

	if (!out || !host || port == 0 || port > 65535)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbgi_tcp_open: bad argument");
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	snprintf(portstr, sizeof(portstr), "%u", port);
	rc = getaddrinfo(host, portstr, &hints, &ai);
	if (rc != 0)
		return wbg_ctx_error(ctx, WBG_ERR_NOT_FOUND, "TCPIP::%s::%u: cannot resolve host: %s", host,
		                     port, gai_strerror(rc));
	tt = calloc(1, sizeof(*tt));
	if (!tt) {
		freeaddrinfo(ai);
		return wbg_ctx_error(ctx, WBG_ERR_NOMEM, "TCPIP::%s::%u", host, port);
	}
	tt->fd = -1;
	snprintf(tt->name, sizeof(tt->name), "TCPIP::%s::%u::SOCKET", host, port);
	for (a = ai; a; a = a->ai_next) {
		tt->fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
		if (tt->fd < 0) {
			err = errno;
			continue;
		}
		err = connect_timeout(tt->fd, a->ai_addr, a->ai_addrlen, timeout_s);
		if (err == 0)
			break;
		close(tt->fd);
		tt->fd = -1;
	}
	freeaddrinfo(ai);
	if (tt->fd < 0) {
		rc = wbg_ctx_error(ctx,
		                   err == ETIMEDOUT ? WBG_ERR_TIMEOUT
		                   : err == ECONNREFUSED ? WBG_ERR_NOT_FOUND
		                                         : WBG_ERR_IO,
		                   "%s: cannot connect: %s; check the address, the port (5025 for raw "
		                   "SCPI) and that the instrument's socket server is enabled",
		                   tt->name, strerror(err));
		free(tt);
		return rc;
	}
	(void)setsockopt(tt->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	tt->base.ops = &tcp_ops;
	tt->base.ctx = ctx;
	*out = &tt->base;
	return WBG_OK;
}
