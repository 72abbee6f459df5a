/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The raw-socket transport and the SCPI layer against a loopback server
 * that speaks SCPI the way socket instruments do ("\n"-terminated). */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "wbg/wbg.h"
#include "wbg_test.h"

struct server {
	int lfd;
	unsigned port;
	pthread_t th;
	int errors; /* queued SYST:ERR? entries */
};

static void send_all(int fd, const void *p, size_t n)
{
	const uint8_t *b = p;
	while (n > 0) {
		ssize_t w = send(fd, b, n, MSG_NOSIGNAL);
		if (w <= 0)
			return;
		b += w;
		n -= (size_t)w;
	}
}

static void sleep_ms(int ms)
{
	nanosleep(&(struct timespec){ms / 1000, (ms % 1000) * 1000000L}, NULL);
}

/* One connection; answers line by line. */
static void *serve(void *arg)
{
	struct server *s = arg;
	char line[256];
	size_t n = 0;
	int fd = accept(s->lfd, NULL, NULL);

	if (fd < 0)
		return NULL;
	for (;;) {
		char c;
		ssize_t r = recv(fd, &c, 1, 0);
		if (r <= 0)
			break;
		if (c != '\n') {
			if (n + 1 < sizeof(line))
				line[n++] = c;
			continue;
		}
		line[n] = '\0';
		n = 0;
		if (strcmp(line, "*IDN?") == 0) {
			send_all(fd, "WBG,LOOP-1,42,0.1\n", 18);
		} else if (strcmp(line, "SLOW?") == 0) {
			sleep_ms(150);
			send_all(fd, "late\n", 5);
		} else if (strcmp(line, "NEVER?") == 0) {
			/* no answer */
		} else if (strcmp(line, "BLOCK?") == 0) {
			/* 300000 bytes whose last data byte is '\n', in uneven pieces. */
			static uint8_t blk[300020];
			size_t i, off = 0;
			memcpy(blk, "#6300000", 8);
			for (i = 0; i < 300000; i++)
				blk[8 + i] = (uint8_t)(i * 7 % 256);
			blk[8 + 299999] = '\n';
			blk[8 + 300000] = '\n';
			while (off < 300009) {
				size_t k = 300009 - off < 65521 ? 300009 - off : 65521;
				send_all(fd, blk + off, k);
				off += k;
			}
		} else if (strcmp(line, "FLOOD?") == 0) {
			/* 200000 bytes and no terminator: a reply that never ends. */
			static char junk[200000];
			memset(junk, 'x', sizeof(junk));
			send_all(fd, junk, sizeof(junk));
		} else if (strcmp(line, "HUGE?") == 0) {
			send_all(fd, "#9999999999\n", 12);
		} else if (strcmp(line, "ERR") == 0) {
			s->errors = 2;
		} else if (strcmp(line, "SYST:ERR?") == 0) {
			if (s->errors == 2)
				send_all(fd, "-113,\"Undefined header\"\n", 24);
			else if (s->errors == 1)
				send_all(fd, "-222,\"Data out of range\"\n", 25);
			else
				send_all(fd, "+0,\"No error\"\n", 14);
			if (s->errors > 0)
				s->errors--;
		} else if (strcmp(line, "BYE") == 0) {
			break;
		}
	}
	close(fd);
	return NULL;
}

static void server_start(struct server *s)
{
	struct sockaddr_in a;
	socklen_t al = sizeof(a);

	memset(s, 0, sizeof(*s));
	s->lfd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(s->lfd >= 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(s->lfd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(s->lfd, 1), 0);
	assert_int_equal(getsockname(s->lfd, (struct sockaddr *)&a, &al), 0);
	s->port = ntohs(a.sin_port);
	assert_int_equal(pthread_create(&s->th, NULL, serve, s), 0);
}

static void server_stop(struct server *s)
{
	pthread_join(s->th, NULL);
	close(s->lfd);
}

static wbg_instr *open_loop(struct server *s, wbg_ctx *ctx)
{
	char res[64];
	wbg_instr *in = NULL;

	snprintf(res, sizeof(res), "TCPIP0::127.0.0.1::%u::SOCKET", s->port);
	assert_int_equal(wbg_instr_open(&in, res, ctx), WBG_OK);
	return in;
}

static void test_query_idn_errors(void **state)
{
	struct server s;
	wbg_ctx *ctx;
	wbg_instr *in;
	wbg_idn idn;
	wbg_scpi_error errs[8];
	char res[64], *reply;
	size_t n;

	(void)state;
	assert_int_equal(wbg_ctx_new(&ctx), WBG_OK);
	server_start(&s);
	in = open_loop(&s, ctx);
	snprintf(res, sizeof(res), "TCPIP0::127.0.0.1::%u::SOCKET", s.port);
	assert_string_equal(wbg_instr_resource(in), res);
	assert_int_equal(wbg_instr_idn(in, &idn), WBG_OK);
	assert_string_equal(idn.manufacturer, "WBG");
	assert_string_equal(idn.model, "LOOP-1");
	assert_string_equal(idn.serial, "42");
	assert_string_equal(idn.firmware, "0.1");
	/* The error queue: two entries, then "No error" ends the drain. */
	assert_int_equal(wbg_instr_write(in, "ERR"), WBG_OK);
	assert_int_equal(wbg_instr_errors(in, errs, 8, &n), WBG_OK);
	assert_int_equal(n, 2);
	assert_int_equal(errs[0].code, -113);
	assert_string_equal(errs[1].message, "Data out of range");
	assert_int_equal(wbg_instr_errors(in, errs, 8, &n), WBG_OK);
	assert_int_equal(n, 0);
	/* No STB over a socket: *STB? is not implemented by this server, so it times out. */
	assert_int_equal(wbg_instr_set_timeout(in, 0.05), WBG_OK);
	assert_int_equal(wbg_instr_query(in, &reply, "NEVER?", 0.0), WBG_ERR_TIMEOUT);
	assert_non_null(strstr(wbg_ctx_errmsg(ctx), "NEVER?"));
	/* The next query works after a timeout. */
	assert_int_equal(wbg_instr_query(in, &reply, "*IDN?", 0.0), WBG_OK);
	assert_string_equal(reply, "WBG,LOOP-1,42,0.1");
	free(reply);
	/* A slow answer (150 ms) with a 50 ms timeout succeeds when the work is
	 * announced (1 s of work: deadline 0.05 + 1.5 s, ample on a loaded CI
	 * machine under ASan, where 0.2 s once came within 150 ms of failing). */
	assert_int_equal(wbg_instr_query(in, &reply, "SLOW?", 1.0), WBG_OK);
	assert_string_equal(reply, "late");
	free(reply);
	assert_int_equal(wbg_instr_write(in, "BYE"), WBG_OK);
	wbg_instr_close(in);
	server_stop(&s);
	wbg_ctx_free(ctx);
}

static void test_block_and_limits(void **state)
{
	struct server s;
	wbg_ctx *ctx;
	wbg_instr *in;
	uint8_t *data;
	size_t n, i;
	char *reply;

	(void)state;
	assert_int_equal(wbg_ctx_new(&ctx), WBG_OK);
	server_start(&s);
	in = open_loop(&s, ctx);
	assert_int_equal(wbg_instr_query_block(in, &data, &n, "BLOCK?", 0.0), WBG_OK);
	assert_int_equal(n, 300000);
	for (i = 0; i < 299999; i++)
		if (data[i] != (uint8_t)(i * 7 % 256))
			break;
	assert_int_equal(i, 299999);
	assert_int_equal(data[299999], '\n');
	free(data);
	/* The terminator after the block was consumed: the next reply is clean. */
	assert_int_equal(wbg_instr_query(in, &reply, "*IDN?", 0.0), WBG_OK);
	assert_string_equal(reply, "WBG,LOOP-1,42,0.1");
	free(reply);
	/* A block announcing 999999999 bytes is refused, not allocated. */
	assert_int_equal(wbg_instr_set_max_response(in, 1 << 20), WBG_OK);
	assert_int_equal(wbg_instr_query_block(in, &data, &n, "HUGE?", 0.0), WBG_ERR_OVERFLOW);
	assert_int_equal(wbg_instr_query(in, &reply, "*IDN?", 0.0), WBG_OK);
	free(reply);
	/* A reply that outgrows the maximum: refused at 64 KiB, the rest drained. */
	assert_int_equal(wbg_instr_set_max_response(in, 65536), WBG_OK);
	assert_int_equal(wbg_instr_query(in, &reply, "FLOOD?", 0.0), WBG_ERR_OVERFLOW);
	assert_int_equal(wbg_instr_query(in, &reply, "*IDN?", 0.0), WBG_OK);
	assert_string_equal(reply, "WBG,LOOP-1,42,0.1");
	free(reply);
	/* The server goes away: a clear error, no hang. */
	assert_int_equal(wbg_instr_write(in, "BYE"), WBG_OK);
	assert_int_equal(wbg_instr_query(in, &reply, "*IDN?", 0.0), WBG_ERR_NO_DEVICE);
	wbg_instr_close(in);
	server_stop(&s);
	wbg_ctx_free(ctx);
}

static void test_connect_errors(void **state)
{
	struct server s;
	wbg_ctx *ctx;
	wbg_instr *in = NULL;
	char res[64];
	unsigned port;

	(void)state;
	assert_int_equal(wbg_ctx_new(&ctx), WBG_OK);
	/* A port nobody listens on: take one from the kernel, then close it. */
	server_start(&s);
	port = s.port;
	in = open_loop(&s, ctx);
	assert_int_equal(wbg_instr_write(in, "BYE"), WBG_OK);
	wbg_instr_close(in);
	server_stop(&s);
	snprintf(res, sizeof(res), "TCPIP::127.0.0.1::%u::SOCKET", port);
	in = NULL;
	assert_int_equal(wbg_instr_open(&in, res, ctx), WBG_ERR_NOT_FOUND);
	assert_null(in);
	assert_non_null(strstr(wbg_ctx_errmsg(ctx), "5025"));
	assert_int_equal(wbg_instr_open(&in, "TCPIP::no-such-host.invalid::5025::SOCKET", ctx),
	                 WBG_ERR_NOT_FOUND);
	assert_int_equal(wbg_instr_open(&in, "TCPIP::h::x::SOCKET", ctx), WBG_ERR_PARSE);
	wbg_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_query_idn_errors),
		cmocka_unit_test(test_block_and_limits),
		cmocka_unit_test(test_connect_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
