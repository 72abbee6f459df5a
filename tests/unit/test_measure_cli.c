/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * wbg measure as a technician runs it: help, refusal by a bench limit, and
 * SIGINT / SIGTERM in the middle of a sweep. For the signals the bench runs
 * in a separate process (wbg vinstr over TCP), so that after wbg measure
 * has exited the test can connect to the instruments and read their final
 * state; a SIGKILL (no cleanup possible) is the control showing that at
 * that moment the sweep was running with the outputs on.
 */
#include "config.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "run_prog.h"
#include "wbg/wbg.h"
#include "wbg_test.h"

static char tmpdir[256];

static int setup(void **state)
{
	const char *s = getenv("WBG_TOP_SRCDIR");
	static char src[1024];

	(void)state;
	snprintf(src, sizeof(src), "%s", s ? s : "..");
	setenv("WBG_DATADIR", src, 1);
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/wbg-measure-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static void test_help_lists_methods(void **state)
{
	const char *args[] = {"measure", "--help", NULL};
	const char *bad[] = {"measure", "nosuch", "--bench", "bench-sim-example", NULL};
	struct prog_result r;

	(void)state;
	assert_int_equal(prog_run(&r, args, NULL, 10), 0);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "transfer: transfer curve"));
	assert_non_null(strstr(r.out, "bvdss"));
	assert_non_null(strstr(r.out, "id_crit    [0.00025 A] leakage criterion"));
	prog_result_free(&r);
	assert_int_equal(prog_run(&r, bad, NULL, 10), 0);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "no measurement method 'nosuch'"));
	prog_result_free(&r);
}

/* A refused step: exit 2, the limit and its file:line named, nothing stored
 * as a step. And a run within the limits: exit 0, saved. */
static void test_refusal_and_run(void **state)
{
	char db[512];
	const char *refused[] = {"measure", "idss", "--bench", "bench-sim-example", "--set",
	                         "vds=250V", "--db", db, NULL};
	const char *rating[] = {"measure", "transfer", "--bench", "bench-sim-example", "--dut",
	                        "device-sic-c3m0075120d", "--set", "vgs_stop=19.5V", "--db", db, NULL};
	const char *ok[] = {"measure", "rdson", "--bench", "bench-sim-example", "--sim-dut", "r1k",
	                    "--set", "id=1mA", "--set", "vgs=5V", "--json", "--db", db, NULL};
	struct prog_result r;

	(void)state;
	snprintf(db, sizeof(db), "%s/m.sqlite", tmpdir);
	assert_int_equal(prog_run(&r, refused, NULL, 10), 0);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "drain voltage of 250 V exceeds 200 V"));
	assert_non_null(strstr(r.err, "bench-sim-example.xml:9"));
	prog_result_free(&r);
	/* Within the bench's 20 V gate limit, beyond the device's 19 V rating
	 * (C3M0075120D data sheet, VGS_max_dyn): refused, naming the rating. */
	assert_int_equal(prog_run(&r, rating, NULL, 10), 0);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "gate voltage of 19.5 V exceeds 19 V"));
	assert_non_null(strstr(r.err, "device rating VGS_max_dyn"));
	assert_non_null(strstr(r.err, "device-sic-c3m0075120d.xml"));
	prog_result_free(&r);
	assert_int_equal(prog_run(&r, ok, NULL, 10), 0);
	assert_int_equal(r.status, 0);
	/* 1 kOhm: Rdson = 1000 Ohm; the chuck's 25 °C is a condition. */
	assert_non_null(strstr(r.out, "\"quantity\": \"rdson\""));
	assert_non_null(strstr(r.out, "\"value\": "));
	assert_double_near(strtod(strstr(r.out, "\"value\": ") + 9, NULL), 1000.0, 1e-3, 0);
	assert_non_null(strstr(r.out, "\"temp\": 298.1"));
	prog_result_free(&r);
	unlink(db);
}

/* A C-V fixture of three simulated LCR meters, built from the bench file
 * (each capacitance port declared as a terminal with its bias limits): the
 * sweep runs within the drain's 30 V and is refused beyond it. */
static void test_cv_bench(void **state)
{
	char bench[512];
	const char *ok[] = {"measure", "cv", "--bench", bench, "--set", "points=5", "--set",
	                    "vds_stop=25V", "--no-store", NULL};
	const char *refused[] = {"measure", "cv", "--bench", bench, "--no-store", NULL};
	struct prog_result r;
	FILE *f;

	(void)state;
	snprintf(bench, sizeof(bench), "%s/cv-bench.xml", tmpdir);
	f = fopen(bench, "w");
	assert_non_null(f);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	      "<bench xmlns=\"urn:wbgkit:standard:1\" id=\"cv\">\n"
	      "  <title>three LCR meters on a C-V fixture</title>\n"
	      "  <instrument id=\"m1\" resource=\"SIM::lcr-ciss\" model=\"E4980A\"/>\n"
	      "  <instrument id=\"m2\" resource=\"SIM::lcr-coss\" model=\"E4980A\"/>\n"
	      "  <instrument id=\"m3\" resource=\"SIM::lcr-crss\" model=\"E4980A\"/>\n"
	      "  <terminal name=\"drain\" max-voltage=\"30 V\" max-current=\"10 mA\" "
	      "max-power=\"1 W\"/>\n"
	      "  <terminal name=\"ciss\" max-voltage=\"40 V\" max-current=\"1 mA\" max-power=\"1 W\"/>\n"
	      "  <terminal name=\"coss\" max-voltage=\"40 V\" max-current=\"1 mA\" max-power=\"1 W\"/>\n"
	      "  <terminal name=\"crss\" max-voltage=\"40 V\" max-current=\"1 mA\" max-power=\"1 W\"/>\n"
	      "  <connection instrument=\"m1\" channel=\"1\" terminal=\"ciss\"/>\n"
	      "  <connection instrument=\"m2\" channel=\"1\" terminal=\"coss\"/>\n"
	      "  <connection instrument=\"m3\" channel=\"1\" terminal=\"crss\"/>\n"
	      "</bench>\n",
	      f);
	fclose(f);
	assert_int_equal(prog_run(&r, ok, NULL, 10), 0);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "ciss = "));
	assert_non_null(strstr(r.out, "crss = "));
	assert_non_null(strstr(r.out, "at vds = 25.00 V"));
	prog_result_free(&r);
	assert_int_equal(prog_run(&r, refused, NULL, 10), 0);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "drain voltage of 40 V exceeds 30 V"));
	assert_non_null(strstr(r.err, "cv-bench.xml:7"));
	prog_result_free(&r);
	unlink(bench);
}

/* ---- signals mid-sweep against a bench in another process ---- */

struct server {
	pid_t pid;
	int out_fd;
	int port[2];
};

static void server_start(struct server *s)
{
	const char *argv[] = {wbg_test_program(), "vinstr", "--listen", "127.0.0.1:0", "--dut",
	                      "r1k", "2450@gate", "2470@drain", NULL};
	int pfd[2], i;
	char line[256];
	size_t len;

	assert_int_equal(pipe(pfd), 0);
	s->pid = fork();
	assert_true(s->pid >= 0);
	if (s->pid == 0) {
		dup2(pfd[1], 1);
		close(pfd[0]);
		close(pfd[1]);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(pfd[1]);
	s->out_fd = pfd[0];
	for (i = 0; i < 2; i++) {
		len = 0;
		while (len < sizeof(line) - 1) {
			struct pollfd p = {s->out_fd, POLLIN, 0};
			assert_true(poll(&p, 1, 10000) == 1);
			assert_true(read(s->out_fd, line + len, 1) == 1);
			if (line[len] == '\n')
				break;
			len++;
		}
		line[len] = '\0';
		s->port[i] = atoi(strrchr(line, ':') + 1);
		assert_true(s->port[i] > 0);
	}
}

static void server_stop(struct server *s)
{
	int st;

	kill(s->pid, SIGTERM);
	waitpid(s->pid, &st, 0);
	close(s->out_fd);
}

/* One query over a fresh connection to the server. */
static void ask(int port, const char *q, char *buf, size_t cap)
{
	struct sockaddr_in a;
	size_t n = 0;
	int fd = socket(AF_INET, SOCK_STREAM, 0), k;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	/* The previous client's connection may still be closing: retry. */
	for (k = 0; k < 100 && connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0; k++) {
		close(fd);
		nanosleep(&(struct timespec){0, 20000000}, NULL);
		fd = socket(AF_INET, SOCK_STREAM, 0);
	}
	assert_true(k < 100);
	assert_true(write(fd, q, strlen(q)) == (ssize_t)strlen(q));
	while (n < cap - 1) {
		struct pollfd p = {fd, POLLIN, 0};
		ssize_t got;
		assert_true(poll(&p, 1, 5000) == 1);
		got = read(fd, buf + n, cap - 1 - n);
		assert_true(got > 0);
		n += (size_t)got;
		if (buf[n - 1] == '\n')
			break;
	}
	buf[n] = '\0';
	close(fd);
}

/* Run wbg measure on the TCP bench, send @p sig after 2 s, and return its
 * exit status (128 + signal when killed). */
static int measure_and_signal(const struct server *s, int sig)
{
	char bench[512], xml[2048];
	const char *argv[] = {wbg_test_program(), "measure", "transfer", "--bench", bench, "--set",
	                      "points=4000", "--set", "delay=2ms", "--set", "vgs_stop=5V", "--set",
	                      "vds=1V", "--no-store", NULL};
	FILE *f;
	pid_t pid;
	int st, k;

	snprintf(bench, sizeof(bench), "%s/tcp-bench.xml", tmpdir);
	snprintf(xml, sizeof(xml),
	         "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	         "<bench xmlns=\"urn:wbgkit:standard:1\" id=\"tcp\">\n"
	         "  <title>two SMUs behind wbg vinstr</title>\n"
	         "  <instrument id=\"g\" resource=\"TCPIP0::127.0.0.1::%d::SOCKET\"/>\n"
	         "  <instrument id=\"d\" resource=\"TCPIP0::127.0.0.1::%d::SOCKET\"/>\n"
	         "  <terminal name=\"drain\" max-voltage=\"20 V\" max-current=\"100 mA\" "
	         "max-power=\"2 W\"/>\n"
	         "  <terminal name=\"gate\" max-voltage=\"20 V\" max-current=\"10 mA\" "
	         "max-power=\"0.2 W\"/>\n"
	         "  <connection instrument=\"d\" channel=\"1\" terminal=\"drain\"/>\n"
	         "  <connection instrument=\"g\" channel=\"1\" terminal=\"gate\"/>\n"
	         "</bench>\n",
	         s->port[0], s->port[1]);
	f = fopen(bench, "w");
	assert_non_null(f);
	fputs(xml, f);
	fclose(f);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	/* 4000 points with a 2 ms real-time settling delay each: at least 8 s of
	 * sweep; after 2 s it is well inside, even when a loaded CI machine under
	 * ASan is slow to start the program. */
	nanosleep(&(struct timespec){2, 0}, NULL);
	kill(pid, sig);
	for (k = 0; k < 500; k++) { /* at most 5 s */
		if (waitpid(pid, &st, WNOHANG) == pid)
			break;
		nanosleep(&(struct timespec){0, 10000000}, NULL);
	}
	if (k == 500) {
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
		fail_msg("wbg measure did not stop within 5 s of signal %d", sig);
	}
	unlink(bench);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static double num(int port, const char *q)
{
	char buf[128];

	ask(port, q, buf, sizeof(buf));
	return strtod(buf, NULL);
}

static void test_signals_mid_sweep(void **state)
{
	struct server s;
	int sigs[] = {SIGINT, SIGTERM};
	size_t i;

	(void)state;
	server_start(&s);
	/* Control: SIGKILL leaves no chance to clean up, and shows the state
	 * at that moment: both outputs on, the gate part-way up its sweep, the
	 * drain at 1 V. */
	assert_int_equal(measure_and_signal(&s, SIGKILL), 128 + SIGKILL);
	assert_double_near(num(s.port[1], ":OUTP?\n"), 1.0, 0, 0);
	assert_double_near(num(s.port[0], ":OUTP?\n"), 1.0, 0, 0);
	assert_double_near(num(s.port[1], ":SOUR:VOLT?\n"), 1.0, 0, 1e-9);
	assert_true(num(s.port[0], ":SOUR:VOLT?\n") > 0.0);
	assert_true(num(s.port[0], ":SOUR:VOLT?\n") < 5.0);
	/* SIGINT and SIGTERM: exit 3 (interrupted), both outputs off at 0 V. */
	for (i = 0; i < 2; i++) {
		assert_int_equal(measure_and_signal(&s, sigs[i]), 3);
		assert_double_near(num(s.port[1], ":OUTP?\n"), 0.0, 0, 0);
		assert_double_near(num(s.port[0], ":OUTP?\n"), 0.0, 0, 0);
		assert_double_near(num(s.port[1], ":SOUR:VOLT?\n"), 0.0, 0, 0);
		assert_double_near(num(s.port[0], ":SOUR:VOLT?\n"), 0.0, 0, 0);
		/* Put the outputs back on, so that the next run starts from "on"
		 * and a missing cleanup could not pass unnoticed. */
		ask(s.port[0], ":SOUR:VOLT 2;:OUTP ON;:OUTP?\n", (char[16]){0}, 16);
		ask(s.port[1], ":SOUR:VOLT 1;:OUTP ON;:OUTP?\n", (char[16]){0}, 16);
	}
	server_stop(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_help_lists_methods),
		cmocka_unit_test(test_refusal_and_run),
		cmocka_unit_test(test_cv_bench),
		cmocka_unit_test(test_signals_mid_sweep),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
