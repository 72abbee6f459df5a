/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A LAN instrument's connection drops mid-method: the drain SMU (a virtual
 * 2450) is served as raw-socket SCPI by a loopback server thread that
 * closes the connection and its listening socket at the 10th :READ?, then
 * (or not) listens on the same port again after a while, the instrument
 * behind it keeping its state (output on), as a LAN instrument whose
 * network stack restarted would. The gate SMU is in-process (SIM::) on a
 * bench of its own, so that no bench is used from two threads.
 * Expected values: the output state and level read back on the virtual
 * instrument itself once the server thread has ended.
 */
#include "config.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "run_prog.h"
#include "wbg/wbg.h"
#include "wbg_test.h"

/* Longest the server waits for anything, so that a broken test ends. */
#define SERVER_WAIT_MS 10000

struct server {
	wbg_ctx *ctx; /* the server thread's own */
	wbg_vbench *b;
	wbg_vinstr *vi;
	int lfd;
	unsigned port;
	pthread_t th;
	unsigned drop_after; /* close at this :READ? */
	int back_ms;         /* listen again after this long; < 0: never */
	/* written by the server thread, read after it ended */
	unsigned reads, offs_before_drop, offs_after_back, conns;
};

static void sleep_ms(int ms)
{
	nanosleep(&(struct timespec){ms / 1000, (ms % 1000) * 1000000L}, NULL);
}

static double mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Listen on loopback, on @p port (0: any); returns the socket or -1. */
static int listen_on(unsigned *port)
{
	struct sockaddr_in a;
	socklen_t al = sizeof(a);
	/* CLOEXEC: a wbg child must not hold the port open. */
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;

	if (fd < 0)
		return -1;
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons((uint16_t)*port);
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(fd, 1) != 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &al) != 0) {
		close(fd);
		return -1;
	}
	*port = ntohs(a.sin_port);
	return fd;
}

static int accept_bounded(int lfd)
{
	struct pollfd p = {.fd = lfd, .events = POLLIN};
	int fd;

	if (poll(&p, 1, SERVER_WAIT_MS) != 1)
		return -1;
	fd = accept(lfd, NULL, NULL);
	if (fd >= 0)
		(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	return fd;
}

static void send_all(int fd, const uint8_t *b, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, b, n, MSG_NOSIGNAL);
		if (w <= 0)
			return;
		b += w;
		n -= (size_t)w;
	}
}

/* Serve one connection line by line. Returns true when it was dropped on
 * purpose (the drop point), false when the client went away. */
static bool serve_conn(struct server *s, int fd, bool may_drop)
{
	char line[4096];
	size_t n = 0;

	for (;;) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		uint8_t out[4096];
		char c;

		if (poll(&p, 1, SERVER_WAIT_MS) != 1 || recv(fd, &c, 1, 0) != 1)
			return false;
		if (c != '\n') {
			if (n + 1 < sizeof(line))
				line[n++] = c;
			continue;
		}
		line[n] = '\0';
		n = 0;
		if (strstr(line, ":READ?") && may_drop && ++s->reads == s->drop_after)
			return true; /* gone, without an answer */
		if (strstr(line, ":OUTP OFF")) {
			if (may_drop)
				s->offs_before_drop++;
			else
				s->offs_after_back++;
		}
		(void)wbg_vinstr_write(s->vi, (const uint8_t *)line, strlen(line), true);
		while (wbg_vinstr_pending(s->vi) > 0) {
			size_t got = 0;
			bool end = false;
			if (wbg_vinstr_read(s->vi, out, sizeof(out), &got, &end) != WBG_OK || got == 0)
				break;
			send_all(fd, out, got);
		}
	}
}

static void *server_main(void *arg)
{
	struct server *s = arg;
	int fd = accept_bounded(s->lfd);
	bool dropped;

	if (fd < 0)
		return NULL;
	s->conns++;
	dropped = serve_conn(s, fd, true);
	close(fd);
	if (!dropped)
		return NULL;
	/* The instrument's network stack restarts: nobody listens for a while. */
	close(s->lfd);
	s->lfd = -1;
	if (s->back_ms < 0)
		return NULL;
	sleep_ms(s->back_ms);
	s->lfd = listen_on(&s->port);
	if (s->lfd < 0)
		return NULL;
	fd = accept_bounded(s->lfd);
	if (fd < 0)
		return NULL;
	s->conns++;
	(void)serve_conn(s, fd, false);
	close(fd);
	return NULL;
}

struct fix {
	wbg_ctx *ctx;
	wbg_vbench *bg;
	struct server srv;
	wbg_instr *id, *ig;
	wbg_smu *sd, *sg;
	wbg_meas *m;
	bool joined;
};

/* The drain SMU served on a loopback port, dropping at the 10th :READ?. */
static void server_start(struct server *s, int back_ms)
{
	memset(s, 0, sizeof(*s));
	assert_int_equal(wbg_ctx_new(&s->ctx), WBG_OK);
	assert_int_equal(wbg_vbench_new(&s->b, "r1k", 1, s->ctx), WBG_OK);
	assert_int_equal(wbg_vbench_add(&s->vi, s->b, "drain", "2450", "drain", s->ctx), WBG_OK);
	s->drop_after = 10;
	s->back_ms = back_ms;
	s->lfd = listen_on(&s->port);
	assert_true(s->lfd >= 0);
	assert_int_equal(pthread_create(&s->th, NULL, server_main, s), 0);
}

/* After the thread ended. */
static void server_free(struct server *s)
{
	if (s->lfd >= 0)
		close(s->lfd);
	wbg_vbench_free(s->b);
	wbg_ctx_free(s->ctx);
}

static void fx_open(struct fix *f, int back_ms)
{
	char res[64];

	memset(f, 0, sizeof(*f));
	server_start(&f->srv, back_ms);
	assert_int_equal(wbg_ctx_new(&f->ctx), WBG_OK);
	assert_int_equal(wbg_vbench_new(&f->bg, "r1k", 1, f->ctx), WBG_OK);
	wbg_vbench_attach(f->ctx, f->bg);
	snprintf(res, sizeof(res), "TCPIP0::127.0.0.1::%u::SOCKET", f->srv.port);
	assert_int_equal(wbg_instr_open(&f->id, res, f->ctx), WBG_OK);
	assert_int_equal(wbg_instr_open(&f->ig, "SIM::2450", f->ctx), WBG_OK);
	assert_int_equal(wbg_smu_open(&f->sd, f->id, NULL, 1, f->ctx), WBG_OK);
	assert_int_equal(wbg_smu_open(&f->sg, f->ig, NULL, 1, f->ctx), WBG_OK);
	assert_int_equal(wbg_meas_new(&f->m, f->ctx), WBG_OK);
	assert_int_equal(wbg_meas_set_smu(f->m, "gate", f->sg), WBG_OK);
	assert_int_equal(wbg_meas_set_smu(f->m, "drain", f->sd), WBG_OK);
}

/* Close the client side and wait for the server thread: after this the
 * test thread may use the served instrument. */
static void fx_release(struct fix *f)
{
	wbg_meas_free(f->m);
	f->m = NULL;
	wbg_smu_free(f->sd);
	f->sd = NULL;
	wbg_instr_close(f->id);
	f->id = NULL;
	pthread_join(f->srv.th, NULL);
	f->joined = true;
}

static void fx_close(struct fix *f)
{
	if (!f->joined)
		fx_release(f);
	wbg_smu_free(f->sg);
	wbg_instr_close(f->ig);
	wbg_vbench_attach(f->ctx, NULL);
	wbg_vbench_free(f->bg);
	wbg_ctx_free(f->ctx);
	server_free(&f->srv);
}

static double vq(wbg_vinstr *vi, const char *q)
{
	char buf[128];

	assert_int_equal(wbg_vinstr_query(vi, q, buf, sizeof(buf)), WBG_OK);
	return strtod(buf, NULL);
}

/* A 2000-point transfer curve (host-stepped: one :READ? per point) whose
 * drain connection drops at the 10th point: WBG_ERR_NO_DEVICE, asserted;
 * returns the seconds it took. The gate SMU ends off at 0 V. */
static double run_dropping(struct fix *f)
{
	wbg_transfer_params p;
	wbg_meas_result *r = NULL;
	wbg_vinstr *vg = wbg_vbench_find(f->bg, "2450");
	double t0;

	wbg_transfer_params_default(&p);
	p.vds_v = 0.5;
	p.vgs_stop_v = 5.0;
	p.points = 2000;
	p.delay_s = 0.0;
	p.mode = WBG_SWEEP_POINTS;
	t0 = mono_s();
	assert_int_equal(wbg_meas_transfer(&r, f->m, &p), WBG_ERR_NO_DEVICE);
	assert_null(r);
	assert_non_null(vg);
	assert_double_near(vq(vg, ":OUTP?"), 0, 0, 0);
	assert_double_near(vq(vg, ":SOUR:VOLT?"), 0, 0, 0);
	return mono_s() - t0;
}

/* The connection drops and the instrument listens again 0.5 s later: the
 * off sequence goes out on the new connection (none got through before),
 * the output reads off at 0 V, and the error says that the connection was
 * closed and that the output was confirmed off after reconnection. */
static void test_tcp_drop_and_back(void **state)
{
	struct fix f;
	double took;
	const char *msg;

	(void)state;
	fx_open(&f, 500);
	took = run_dropping(&f);
	msg = wbg_ctx_errmsg(f.ctx);
	assert_non_null(strstr(msg, "closed the connection"));
	assert_non_null(strstr(msg, "the drain SMU (TCPIP0::127.0.0.1::"));
	assert_non_null(strstr(msg, "output confirmed off at 0 V after reconnection"));
	assert_null(strstr(msg, "switch it off at the instrument"));
	assert_true(took >= 0.5 && took < 6.0);
	/* The 9 points before the drop are kept: Id = 0.5 V / 1 kOhm (Ohm's
	 * law on the r1k DUT); the rest were not measured (NaN). */
	{
		wbg_meas_result *part = NULL;
		const wbg_array *id;
		size_t k;

		assert_int_equal(wbg_meas_take_partial(&part, f.m), WBG_OK);
		id = wbg_meas_result_find(part, "id");
		assert_non_null(id);
		assert_int_equal(id->n, 2000);
		for (k = 0; k < 9; k++)
			assert_double_near(id->values[k], 0.5e-3, 1e-3, 0);
		for (k = 9; k < id->n; k++)
			assert_true(isnan(id->values[k]));
		assert_int_equal(wbg_meas_result_record_count(part), 0);
		wbg_meas_result_free(part);
		assert_int_equal(wbg_meas_take_partial(&part, f.m), WBG_ERR_NOT_FOUND);
	}
	fx_release(&f);
	assert_int_equal(f.srv.reads, 10);
	assert_int_equal(f.srv.conns, 2);
	assert_int_equal(f.srv.offs_before_drop, 0);
	assert_true(f.srv.offs_after_back >= 1);
	assert_double_near(vq(f.srv.vi, ":OUTP?"), 0, 0, 0);
	assert_double_near(vq(f.srv.vi, ":SOUR:VOLT?"), 0, 0, 0);
	fx_close(&f);
}

/* The connection drops and nobody listens again: after the 1 s window the
 * old message, and the output is indeed still on at the sweep's 0.5 V. */
static void test_tcp_drop_never_back(void **state)
{
	struct fix f;
	double took;

	(void)state;
	fx_open(&f, -1);
	assert_int_equal(wbg_meas_set_reconnect(f.m, 1.0), WBG_OK);
	took = run_dropping(&f);
	assert_non_null(strstr(wbg_ctx_errmsg(f.ctx), "did not come back within 1 s"));
	assert_non_null(strstr(wbg_ctx_errmsg(f.ctx), "switch it off at the instrument"));
	assert_true(took >= 1.0 && took < 6.0);
	fx_release(&f);
	assert_int_equal(f.srv.conns, 1);
	assert_double_near(vq(f.srv.vi, ":OUTP?"), 1, 0, 0);
	assert_double_near(vq(f.srv.vi, ":SOUR:VOLT?"), 0.5, 0, 1e-12);
	fx_close(&f);
}

/* The window is bounded and checked: 0..600 s; and a reopen of a SIM::
 * instrument (always there) gives a working handle with the same *IDN?
 * (the virtual 2450's serial, 04512450). */
static void test_reconnect_window_range(void **state)
{
	wbg_ctx *ctx;
	wbg_meas *m;
	wbg_instr *in;
	wbg_smu *smu;
	wbg_idn idn;
	double waited = -1;

	(void)state;
	assert_int_equal(wbg_ctx_new(&ctx), WBG_OK);
	assert_int_equal(wbg_meas_new(&m, ctx), WBG_OK);
	assert_int_equal(wbg_meas_set_reconnect(m, -1.0), WBG_ERR_RANGE);
	assert_int_equal(wbg_meas_set_reconnect(m, 601.0), WBG_ERR_RANGE);
	assert_int_equal(wbg_meas_set_reconnect(m, 0.0), WBG_OK);
	assert_int_equal(wbg_meas_set_reconnect(m, 600.0), WBG_OK);
	assert_int_equal(wbg_instr_open(&in, "SIM::2450", ctx), WBG_OK);
	assert_int_equal(wbg_smu_open(&smu, in, NULL, 1, ctx), WBG_OK);
	assert_double_near(wbg_smu_reconnect(smu), WBG_SMU_DEFAULT_RECONNECT_S, 0, 0);
	assert_int_equal(wbg_smu_set_reconnect(smu, 700.0), WBG_ERR_RANGE);
	assert_int_equal(wbg_meas_set_smu(m, "drain", smu), WBG_OK);
	assert_double_near(wbg_smu_reconnect(smu), 600.0, 0, 0); /* the session's window */
	assert_int_equal(wbg_instr_reopen(in, -1.0, NULL), WBG_ERR_INVALID_ARG);
	assert_int_equal(wbg_instr_reopen(in, 601.0, NULL), WBG_ERR_INVALID_ARG);
	assert_int_equal(wbg_instr_reopen(in, 0.0, &waited), WBG_OK);
	assert_true(waited >= 0 && waited < 1.0);
	assert_true(wbg_instr_is_open(in));
	assert_int_equal(wbg_instr_idn(in, &idn), WBG_OK);
	assert_string_equal(idn.serial, "04512450");
	/* A link that is up needs nothing: the off report stays empty. */
	assert_int_equal(wbg_smu_off(smu), WBG_OK);
	assert_string_equal(wbg_smu_off_report(smu), "");
	assert_int_equal(wbg_meas_all_off(m), WBG_OK);
	assert_string_equal(wbg_meas_off_report(m), "");
	wbg_meas_free(m);
	wbg_smu_free(smu);
	wbg_instr_close(in);
	wbg_ctx_free(ctx);
}

/* The same through the program: 'wbg measure transfer' on a bench file
 * whose drain SMU is the socket instrument. It fails with exit status 3
 * (instrument error) and says that the output was confirmed off after
 * reconnection; the instrument reads off at 0 V. */
static void test_measure_cli_drop_and_back(void **state)
{
	struct server s;
	struct prog_result r;
	char dir[] = "/tmp/wbg-reconnect-XXXXXX", bench[64], db[96], xml[2048];
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(db, sizeof(db), "%s/m.sqlite", dir);
	server_start(&s, 500);
	snprintf(bench, sizeof(bench), "%s/bench.xml", dir);
	snprintf(xml, sizeof(xml),
	         "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	         "<bench xmlns=\"urn:wbgkit:standard:1\" id=\"bench-lan\">\n"
	         "  <title>Drain SMU on the LAN, gate SMU virtual</title>\n"
	         "  <instrument id=\"smu_drain\" resource=\"TCPIP0::127.0.0.1::%u::SOCKET\"/>\n"
	         "  <instrument id=\"smu_gate\" resource=\"SIM::gate-smu\" model=\"2450\"/>\n"
	         "  <terminal name=\"drain\" max-voltage=\"20 V\" max-current=\"100 mA\" "
	         "max-power=\"2 W\"/>\n"
	         "  <terminal name=\"gate\" max-voltage=\"20 V\" max-current=\"10 mA\" "
	         "max-power=\"0.2 W\"/>\n"
	         "  <connection instrument=\"smu_drain\" channel=\"1\" terminal=\"drain\" "
	         "role=\"force-sense\"/>\n"
	         "  <connection instrument=\"smu_gate\" channel=\"1\" terminal=\"gate\" "
	         "role=\"force\"/>\n"
	         "</bench>\n",
	         s.port);
	fp = fopen(bench, "w");
	assert_non_null(fp);
	fputs(xml, fp);
	fclose(fp);
	{
		const char *args[] = {"measure", "transfer", "--bench", bench, "--db", db,
		                      "--sim-dut", "r1k", "--set", "vds=0.5V", "--set", "points=200",
		                      "--set", "delay=0s", "--set", "mode=2", "--reconnect", "3s",
		                      NULL};
		assert_int_equal(prog_run(&r, args, NULL, 20), 0);
	}
	pthread_join(s.th, NULL);
	assert_int_equal(r.status, 3);
	assert_non_null(strstr(r.err, "closed the connection"));
	assert_non_null(strstr(r.err, "output confirmed off at 0 V after reconnection"));
	assert_null(strstr(r.err, "switch it off at the instrument"));
	/* The points before the drop are printed, marked partial, and kept in
	 * the store as an aborted step of the (failed) run with the reason. */
	assert_non_null(strstr(r.out, "PARTIAL: transfer stopped after 9 of 200 points"));
	assert_non_null(strstr(r.out, "as an aborted step"));
	{
		const char *args[] = {"export", "1", "--db", db, "--format", "json", NULL};
		struct prog_result e;
		json_t *root, *ab, *arrs;
		size_t k, finite = 0;
		assert_int_equal(prog_run(&e, args, NULL, 20), 0);
		assert_int_equal(e.status, 0);
		root = json_loads(e.out, 0, NULL);
		assert_non_null(root);
		assert_string_equal(json_string_value(json_object_get(json_object_get(root, "run"),
		                                                      "status")),
		                    "failed");
		ab = json_object_get(root, "aborted_steps");
		assert_int_equal(json_array_size(ab), 1);
		assert_non_null(strstr(json_string_value(json_object_get(json_array_get(ab, 0), "why")),
		                       "closed the connection"));
		assert_int_equal(json_array_size(json_object_get(root, "steps")), 0);
		arrs = json_object_get(json_array_get(ab, 0), "arrays");
		for (k = 0; k < json_array_size(arrs); k++) {
			json_t *a = json_array_get(arrs, k);
			if (strcmp(json_string_value(json_object_get(a, "name")), "id") == 0) {
				size_t i;
				assert_int_equal(json_array_size(json_object_get(a, "values")), 200);
				for (i = 0; i < 200; i++)
					finite += json_is_real(json_array_get(json_object_get(a, "values"), i));
			}
		}
		assert_int_equal(finite, 9); /* the 9 points read before the drop, null after */
		json_decref(root);
		prog_result_free(&e);
	}
	{
		/* the report says the points of the step cut short are kept */
		char html[128];
		const char *args[] = {"report", "1", "--db", db, "-o", html, NULL};
		struct prog_result e;
		FILE *hf;
		static char text[1 << 20];
		size_t n;
		snprintf(html, sizeof(html), "%s/r.html", dir);
		assert_int_equal(prog_run(&e, args, NULL, 20), 0);
		prog_result_free(&e);
		hf = fopen(html, "rb");
		assert_non_null(hf);
		n = fread(text, 1, sizeof(text) - 1, hf);
		fclose(hf);
		text[n] = '\0';
		assert_non_null(strstr(text, "1 step cut short (their points are kept"));
		unlink(html);
	}
	assert_int_equal(s.conns, 2);
	assert_int_equal(s.offs_before_drop, 0);
	assert_true(s.offs_after_back >= 1);
	assert_double_near(vq(s.vi, ":OUTP?"), 0, 0, 0);
	assert_double_near(vq(s.vi, ":SOUR:VOLT?"), 0, 0, 0);
	prog_result_free(&r);
	server_free(&s);
	unlink(bench);
	unlink(db);
	{
		char side[128];
		snprintf(side, sizeof(side), "%s-wal", db);
		unlink(side);
		snprintf(side, sizeof(side), "%s-shm", db);
		unlink(side);
	}
	rmdir(dir);
}

/* --reconnect takes a time from 0 to 600 s, in wbg measure and wbg run
 * alike (exit status 2 otherwise, naming the option). */
static void test_reconnect_option(void **state)
{
	const char *volts[] = {"measure", "transfer", "--bench", "bench-sim-example",
	                       "--no-store", "--reconnect", "5V", NULL};
	const char *long_run[] = {"run", "--standard", "jep183-sic-vth", "--bench",
	                          "bench-sim-example", "--lot", "L1", "--dry-run",
	                          "--reconnect", "601s", NULL};
	const char *ok[] = {"measure", "idss", "--bench", "bench-sim-example", "--no-store", "--interlock",
	                    "--reconnect", "500ms", NULL};
	struct prog_result r;

	(void)state;
	assert_int_equal(prog_run(&r, volts, NULL, 20), 0);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "--reconnect takes a time"));
	prog_result_free(&r);
	assert_int_equal(prog_run(&r, long_run, NULL, 20), 0);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "--reconnect 601s: from 0 s"));
	prog_result_free(&r);
	assert_int_equal(prog_run(&r, ok, NULL, 20), 0);
	assert_int_equal(r.status, 0);
	prog_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcp_drop_and_back),
		cmocka_unit_test(test_tcp_drop_never_back),
		cmocka_unit_test(test_reconnect_window_range),
		cmocka_unit_test(test_measure_cli_drop_and_back),
		cmocka_unit_test(test_reconnect_option),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
