/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The SCPI layer over any wbgi_transport: the public wbg_instr handle. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "transport.h"
#include "wbg/error.h"
#include "wbg/instrument.h"

struct wbg_instr {
	wbgi_transport *t; /* NULL while the link is down (a failed wbg_instr_reopen) */
	wbg_ctx *ctx;
	double timeout_s;
	size_t max_response;
	char resource[512];
	wbg_resource res;  /* what to look for again after a disconnect */
	wbg_idn idn;       /* the first *IDN? reply, the identity a reopen must match */
	bool have_idn;
};

/* Slack for a block header (#9 + 9 digits) and a terminator around the data. */
#define HEADER_SLACK 16
#define READ_SLACK 1024
#define ERROR_DRAIN_MAX 100

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The link is down: every call fails the same way until a reopen. */
static int link_down(const wbg_instr *instr)
{
	return wbg_ctx_error(instr->ctx, WBG_ERR_NO_DEVICE,
	                     "%s: the link to the instrument is down (it was disconnected and did "
	                     "not come back); reconnect it and open it again",
	                     instr->resource);
}

static int open_transport(wbgi_transport **out, const wbg_resource *res, double timeout_s,
                          wbg_ctx *ctx)
{
	switch (res->kind) {
	case WBG_RESOURCE_USB:
		return wbgi_usbtmc_open(out, res, timeout_s, ctx);
	case WBG_RESOURCE_TCPIP:
		return wbgi_tcp_open(out, res->host, res->port, timeout_s, ctx);
	case WBG_RESOURCE_SIM:
		return wbgi_sim_open(out, res->model, res->dut[0] ? res->dut : NULL, ctx);
	}
	return wbg_ctx_error(ctx, WBG_ERR_INTERNAL, "resource kind %d", (int)res->kind);
}

int wbg_instr_open(wbg_instr **out, const char *resource, wbg_ctx *ctx)
{
	wbg_resource res;
	wbg_instr *in;
	int rc;

	if (!out || !resource)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_instr_open: NULL argument");
	rc = wbg_resource_parse(&res, resource, ctx);
	if (rc != WBG_OK)
		return rc;
	in = calloc(1, sizeof(*in));
	if (!in)
		return wbg_ctx_error(ctx, WBG_ERR_NOMEM, "opening %s", resource);
	in->ctx = ctx;
	in->timeout_s = WBG_INSTR_DEFAULT_TIMEOUT_S;
	in->max_response = WBG_INSTR_DEFAULT_MAX_RESPONSE;
	in->res = res;
	if (wbg_resource_format(in->resource, sizeof(in->resource), &res) != WBG_OK)
		snprintf(in->resource, sizeof(in->resource), "%s", resource);
	rc = open_transport(&in->t, &res, in->timeout_s, ctx);
	if (rc != WBG_OK) {
		free(in);
		return rc;
	}
	wbg_log(ctx, WBG_LOG_DEBUG, "scpi", "opened %s over %s", in->resource, in->t->ops->name);
	*out = in;
	return WBG_OK;
}

void wbg_instr_close(wbg_instr *instr)
{
	if (!instr)
		return;
	if (instr->t && instr->t->ops->close)
		instr->t->ops->close(instr->t);
	free(instr);
}

/* Wait between attempts to find a dropped instrument again. */
#define REOPEN_POLL_S 0.1

static void sleep_s(double s)
{
	struct timespec ts;

	if (!(s > 0.0))
		return;
	ts.tv_sec = (time_t)s;
	ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
	(void)nanosleep(&ts, NULL);
}

/* Is @p b the instrument @p a? Fields as *IDN? gives them; a serial "0"
 * (none reported) matches only itself. */
static bool same_idn(const wbg_idn *a, const wbg_idn *b)
{
	return strcasecmp(a->manufacturer, b->manufacturer) == 0 &&
	       strcasecmp(a->model, b->model) == 0 && strcmp(a->serial, b->serial) == 0;
}

/*
 * One attempt of wbg_instr_reopen(): open the resource, clear it (a stale
 * reply must not answer), ask *IDN?. On WBG_OK the handle has its link
 * again and @p out_idn is the reply; on an error the link stays closed, and
 * *out_other is true when a different instrument answered.
 */
static int reopen_once(wbg_instr *instr, double connect_s, wbg_idn *out_idn, bool *out_other)
{
	wbgi_transport *t = NULL;
	char *reply = NULL;
	int rc;

	*out_other = false;
	rc = open_transport(&t, &instr->res, connect_s, instr->ctx);
	if (rc != WBG_OK)
		return rc;
	instr->t = t;
	if (t->ops->clear)
		(void)t->ops->clear(t);
	rc = wbg_instr_query(instr, &reply, "*IDN?", 0.0);
	if (rc == WBG_OK)
		rc = wbg_idn_parse(out_idn, reply, instr->ctx);
	free(reply);
	if (rc == WBG_OK && instr->have_idn && !same_idn(&instr->idn, out_idn)) {
		*out_other = true;
		rc = wbg_ctx_error(instr->ctx, WBG_ERR_NOT_FOUND,
		                   "%s: a different instrument answers there now (%s %s, serial %s, "
		                   "not %s %s, serial %s); it was left alone",
		                   instr->resource, out_idn->manufacturer, out_idn->model,
		                   out_idn->serial, instr->idn.manufacturer, instr->idn.model,
		                   instr->idn.serial);
	}
	if (rc != WBG_OK) {
		t->ops->close(t);
		instr->t = NULL;
	}
	return rc;
}

int wbg_instr_reopen(wbg_instr *instr, double within_s, double *out_waited_s)
{
	double t0, left, waited;
	unsigned attempts = 0;
	bool other = false;
	wbg_idn idn;
	int rc;

	if (!instr || !(within_s >= 0.0) || within_s > WBG_INSTR_MAX_REOPEN_S)
		return wbg_ctx_error(instr ? instr->ctx : NULL, WBG_ERR_INVALID_ARG,
		                     "wbg_instr_reopen: a window of 0..%g s",
		                     (double)WBG_INSTR_MAX_REOPEN_S);
	if (instr->t && instr->t->ops->close)
		instr->t->ops->close(instr->t);
	instr->t = NULL;
	t0 = now_s();
	for (;;) {
		left = t0 + within_s - now_s();
		attempts++;
		/* Connect within what is left of the window (at least 50 ms), never
		 * longer than the handle's timeout. */
		rc = reopen_once(instr, left < 0.05 ? 0.05 : left < instr->timeout_s ? left
		                                                                      : instr->timeout_s,
		                 &idn, &other);
		if (rc == WBG_OK || other)
			break;
		left = t0 + within_s - now_s();
		if (left <= 0.0)
			break;
		wbg_log(instr->ctx, WBG_LOG_DEBUG, "scpi", "%s: not back yet: %s", instr->resource,
		        wbg_ctx_errmsg(instr->ctx));
		sleep_s(left < REOPEN_POLL_S ? left : REOPEN_POLL_S);
	}
	if (other)
		return rc; /* the detail names what answers */
	if (rc != WBG_OK)
		return wbg_ctx_error(instr->ctx, WBG_ERR_NOT_FOUND,
		                     "%s: the instrument did not come back within %g s (%u attempts)",
		                     instr->resource, within_s, attempts);
	if (!instr->have_idn) {
		instr->idn = idn;
		instr->have_idn = true;
	}
	waited = now_s() - t0;
	wbg_log(instr->ctx, WBG_LOG_INFO, "scpi",
	        "%s: reopened after %.2f s (%u attempts), *IDN? serial %s", instr->resource, waited,
	        attempts, idn.serial);
	if (out_waited_s)
		*out_waited_s = waited;
	return WBG_OK;
}

bool wbg_instr_is_open(const wbg_instr *instr)
{
	return instr && instr->t;
}

int wbg_instr_set_timeout(wbg_instr *instr, double timeout_s)
{
	if (!instr || !(timeout_s > 0.0) || timeout_s > 1e6)
		return WBG_ERR_INVALID_ARG;
	instr->timeout_s = timeout_s;
	return WBG_OK;
}

int wbg_instr_set_max_response(wbg_instr *instr, size_t max_bytes)
{
	if (!instr || max_bytes == 0 || max_bytes > ((size_t)1 << 31))
		return WBG_ERR_INVALID_ARG;
	instr->max_response = max_bytes;
	return WBG_OK;
}

const char *wbg_instr_resource(const wbg_instr *instr)
{
	return instr ? instr->resource : "";
}

int wbg_instr_write(wbg_instr *instr, const char *command)
{
	size_t n;
	uint8_t *msg;
	int rc;

	if (!instr || !command)
		return WBG_ERR_INVALID_ARG;
	if (!instr->t)
		return link_down(instr);
	n = strlen(command);
	if (n > instr->max_response)
		return wbg_ctx_error(instr->ctx, WBG_ERR_OVERFLOW, "%s: command of %zu bytes is too long",
		                     instr->resource, n);
	msg = malloc(n + 1);
	if (!msg)
		return wbg_ctx_error(instr->ctx, WBG_ERR_NOMEM, "%s: write", instr->resource);
	memcpy(msg, command, n);
	if (n == 0 || command[n - 1] != '\n')
		msg[n++] = '\n';
	wbg_log(instr->ctx, WBG_LOG_TRACE, "scpi", "%s <- %.*s", instr->resource,
	        (int)(n > 200 ? 200 : n - 1), command);
	rc = instr->t->ops->write(instr->t, msg, n, instr->timeout_s);
	free(msg);
	return rc;
}

/* After a failed read, bring the instrument back to a known state. */
static void recover(wbg_instr *instr)
{
	if (instr->t->ops->clear)
		(void)instr->t->ops->clear(instr->t);
}

/* Is the response in buf[0..len) complete? */
static int response_complete(wbg_instr *instr, const uint8_t *buf, size_t len, bool end, int *out_rc,
                             bool *out_maybe_term)
{
	size_t off, n, needed = 0, i = 0;
	int rc;

	*out_rc = WBG_OK;
	*out_maybe_term = false;
	while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
		i++;
	if (i >= len || buf[i] != '#')
		return end;
	rc = wbg_scpi_block_parse(&off, &n, &needed, buf, len, instr->max_response, NULL);
	if (rc == WBG_ERR_INSUFFICIENT_DATA)
		return 0;
	if (rc != WBG_OK) {
		/* Malformed or over-long header: report it properly. */
		*out_rc = wbg_scpi_block_parse(&off, &n, &needed, buf, len, instr->max_response, instr->ctx);
		return 1;
	}
	if (i + 1 < len && buf[i + 1] == '0')
		return end; /* indefinite block: the end of message ends it */
	if (len < needed || !end)
		return 0;
	/* On a socket, "\n" as the last data byte looks like the end; the real
	 * terminator may still be on its way. */
	if (!instr->t->ops->message_framed && len == needed)
		*out_maybe_term = true;
	return 1;
}

int wbg_instr_query_raw(wbg_instr *instr, uint8_t **out, size_t *out_len, const char *command,
                        double work_s)
{
	uint8_t *buf = NULL, *nb;
	size_t len = 0, cap = 0, limit;
	double deadline, left;
	bool end = false, maybe_term = false;
	int rc, parse_rc;

	if (!instr || !out || !out_len || !command || work_s < 0.0)
		return WBG_ERR_INVALID_ARG;
	rc = wbg_instr_write(instr, command);
	if (rc != WBG_OK)
		return rc;
	limit = instr->max_response + HEADER_SLACK;
	deadline = now_s() + instr->timeout_s + 1.5 * work_s;
	for (;;) {
		size_t got = 0;
		if (len + 1 >= cap) {
			size_t ncap = cap ? cap * 2 : 4096;
			if (ncap > limit + 1)
				ncap = limit + 1;
			if (ncap <= len + 1) {
				rc = wbg_ctx_error(instr->ctx, WBG_ERR_OVERFLOW,
				                   "%s: reply to '%.40s' exceeds the maximum of %zu bytes; the "
				                   "instrument was cleared",
				                   instr->resource, command, instr->max_response);
				recover(instr);
				goto out;
			}
			nb = realloc(buf, ncap);
			if (!nb) {
				rc = wbg_ctx_error(instr->ctx, WBG_ERR_NOMEM, "%s: reply buffer", instr->resource);
				recover(instr);
				goto out;
			}
			buf = nb;
			cap = ncap;
		}
		left = deadline - now_s();
		if (left <= 0.0) {
			rc = WBG_ERR_TIMEOUT;
		} else {
			rc = instr->t->ops->read(instr->t, buf + len, cap - 1 - len, &got, &end, left);
			len += got;
		}
		if (rc == WBG_ERR_TIMEOUT) {
			rc = wbg_ctx_error(instr->ctx, WBG_ERR_TIMEOUT,
			                   "%s: no complete reply to '%.40s' within %.3g s (%zu bytes "
			                   "received); check the command, or pass the expected work time",
			                   instr->resource, command, instr->timeout_s + 1.5 * work_s, len);
			recover(instr);
			goto out;
		}
		if (rc != WBG_OK) {
			if (rc != WBG_ERR_NO_DEVICE)
				recover(instr);
			goto out;
		}
		if (!end && len > 2 && buf[0] == '#' && buf[1] != '0') {
			/* A definite block: make room for all of it at once, so that the
			 * transport can fetch it in one transfer. */
			size_t off, n, needed = 0;
			/* + READ_SLACK: a USB transport reads whole packets. */
			if (wbg_scpi_block_parse(&off, &n, &needed, buf, len, instr->max_response, NULL) ==
			        WBG_ERR_INSUFFICIENT_DATA &&
			    needed + 2 > cap && needed + 2 <= limit + 1) {
				nb = realloc(buf, needed + READ_SLACK);
				if (nb) {
					buf = nb;
					cap = needed + READ_SLACK;
				}
			}
		}
		if (response_complete(instr, buf, len, end, &parse_rc, &maybe_term)) {
			if (parse_rc != WBG_OK) {
				rc = parse_rc;
				recover(instr);
				goto out;
			}
			break;
		}
	}
	if (maybe_term && len + 1 < cap) {
		/* Swallow a terminator that may follow, briefly. */
		size_t got = 0;
		bool e2;
		(void)instr->t->ops->read(instr->t, buf + len, 1, &got, &e2, 0.05);
	}
	buf[len] = '\0';
	*out = buf;
	*out_len = len;
	buf = NULL;
	rc = WBG_OK;
out:
	free(buf);
	return rc;
}

int wbg_instr_query(wbg_instr *instr, char **out, const char *command, double work_s)
{
	uint8_t *buf;
	size_t len;
	int rc;

	if (!out)
		return WBG_ERR_INVALID_ARG;
	rc = wbg_instr_query_raw(instr, &buf, &len, command, work_s);
	if (rc != WBG_OK)
		return rc;
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		buf[--len] = '\0';
	wbg_log(instr->ctx, WBG_LOG_TRACE, "scpi", "%s -> %.200s", instr->resource, (char *)buf);
	*out = (char *)buf;
	return WBG_OK;
}

int wbg_instr_query_block(wbg_instr *instr, uint8_t **out, size_t *out_len, const char *command,
                          double work_s)
{
	uint8_t *buf, *data;
	size_t len, off, n;
	int rc;

	if (!out || !out_len)
		return WBG_ERR_INVALID_ARG;
	rc = wbg_instr_query_raw(instr, &buf, &len, command, work_s);
	if (rc != WBG_OK)
		return rc;
	rc = wbg_scpi_block_parse(&off, &n, NULL, buf, len, instr->max_response, instr->ctx);
	if (rc != WBG_OK) {
		free(buf);
		return rc;
	}
	memmove(buf, buf + off, n);
	data = realloc(buf, n ? n : 1);
	*out = data ? data : buf;
	*out_len = n;
	return WBG_OK;
}

int wbg_instr_query_array(wbg_instr *instr, double **out, size_t *out_n, const char *command,
                          wbg_scpi_format fmt, double work_s)
{
	uint8_t *buf;
	size_t len;
	int rc;

	if (!out || !out_n)
		return WBG_ERR_INVALID_ARG;
	rc = wbg_instr_query_raw(instr, &buf, &len, command, work_s);
	if (rc != WBG_OK)
		return rc;
	rc = wbg_scpi_array_parse(out, out_n, buf, len, fmt, instr->max_response / 4, instr->ctx);
	free(buf);
	return rc;
}

int wbg_instr_idn(wbg_instr *instr, wbg_idn *out)
{
	char *reply;
	int rc;

	if (!instr || !out)
		return WBG_ERR_INVALID_ARG;
	rc = wbg_instr_query(instr, &reply, "*IDN?", 0.0);
	if (rc != WBG_OK)
		return rc;
	rc = wbg_idn_parse(out, reply, instr->ctx);
	free(reply);
	if (rc == WBG_OK && !instr->have_idn) {
		instr->idn = *out;
		instr->have_idn = true;
	}
	return rc;
}

int wbg_instr_errors(wbg_instr *instr, wbg_scpi_error *out, size_t cap, size_t *out_n)
{
	size_t n = 0, i;
	int rc = WBG_OK;

	if (!instr || !out_n || (!out && cap))
		return WBG_ERR_INVALID_ARG;
	for (i = 0; i < ERROR_DRAIN_MAX && n < cap; i++) {
		char *reply;
		wbg_scpi_error e;
		rc = wbg_instr_query(instr, &reply, "SYST:ERR?", 0.0);
		if (rc != WBG_OK)
			return rc;
		rc = wbg_scpi_error_parse(&e, reply, instr->ctx);
		free(reply);
		if (rc != WBG_OK)
			return rc;
		if (e.code == 0)
			break;
		out[n++] = e;
	}
	*out_n = n;
	return WBG_OK;
}

int wbg_instr_read_stb(wbg_instr *instr, uint8_t *out)
{
	char *reply, *end;
	long v;
	int rc;

	if (!instr || !out)
		return WBG_ERR_INVALID_ARG;
	if (!instr->t)
		return link_down(instr);
	if (instr->t->ops->read_stb) {
		rc = instr->t->ops->read_stb(instr->t, out);
		if (rc != WBG_ERR_NOT_SUPPORTED)
			return rc;
	}
	rc = wbg_instr_query(instr, &reply, "*STB?", 0.0);
	if (rc != WBG_OK)
		return rc;
	v = strtol(reply, &end, 10);
	if (end == reply || *end != '\0' || v < 0 || v > 255)
		rc = wbg_ctx_error(instr->ctx, WBG_ERR_PROTOCOL, "%s: *STB? reply '%.40s' is not 0..255",
		                   instr->resource, reply);
	else
		*out = (uint8_t)v;
	free(reply);
	return rc;
}

int wbg_instr_clear(wbg_instr *instr)
{
	if (!instr)
		return WBG_ERR_INVALID_ARG;
	if (!instr->t)
		return link_down(instr);
	if (!instr->t->ops->clear)
		return wbg_ctx_error(instr->ctx, WBG_ERR_NOT_SUPPORTED, "%s: no device clear over %s",
		                     instr->resource, instr->t->ops->name);
	return instr->t->ops->clear(instr->t);
}

int wbg_instr_set_remote(wbg_instr *instr, int remote)
{
	if (!instr)
		return WBG_ERR_INVALID_ARG;
	if (!instr->t)
		return link_down(instr);
	if (!instr->t->ops->set_remote)
		return wbg_ctx_error(instr->ctx, WBG_ERR_NOT_SUPPORTED,
		                     "%s: remote/local control is not available over %s", instr->resource,
		                     instr->t->ops->name);
	return instr->t->ops->set_remote(instr->t, remote != 0);
}

int wbg_instr_wait(wbg_instr *instr, double seconds)
{
	struct timespec ts;

	if (!instr)
		return WBG_ERR_INVALID_ARG;
	if (!(seconds >= 0.0) || seconds > 1e9)
		return wbg_ctx_error(instr->ctx, WBG_ERR_RANGE, "%s: wait of %g s", instr->resource,
		                     seconds);
	if (instr->t && instr->t->ops->wait)
		return instr->t->ops->wait(instr->t, seconds);
	ts.tv_sec = (time_t)seconds;
	ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
	/* EINTR (a signal) ends the wait early, so that the caller can look at
	 * its interrupt flag at once. */
	(void)nanosleep(&ts, NULL);
	return WBG_OK;
}
