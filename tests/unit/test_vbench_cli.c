/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * wbg vinstr, run as a separate process and driven over a plain TCP
 * socket from this test: SCPI exchange, connection and idle limits,
 * clean exit on SIGTERM, usage errors. Expected answers: the 2450 *IDN?
 * string, Ohm's law on the 1 kOhm DUT, SCPI-99 error -113, the 336's
 * reading uncertainty worked by hand from its published accuracy.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "run_prog.h"
#include "wbg/wbg.h"
#include "wbg_test.h"

struct server {
	pid_t pid;
	int out_fd; /* the child's stdout */
	int port[4];
};

/* Start wbg vinstr with @p args; read the ports from the first @p nports
 * lines it prints. */
static void start_n(struct server *s, const char *const *args, int nports)
{
	const char *argv[32];
	int pfd[2], n = 0, i;
	char line[256];
	size_t len = 0;
	char *colon;

	assert_int_equal(pipe(pfd), 0);
	argv[n++] = wbg_test_program();
	while (args[n - 1])
		argv[n] = args[n - 1], n++;
	argv[n] = NULL;
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
	for (i = 0; i < nports; i++) {
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
		assert_non_null(strstr(line, "listening on 127.0.0.1:"));
		colon = strrchr(line, ':');
		s->port[i] = atoi(colon + 1);
		assert_true(s->port[i] > 0);
	}
}

static void start(struct server *s, const char *const *args)
{
	start_n(s, args, 1);
}

static int finish(struct server *s)
{
	int st = 0, k;

	for (k = 0; k < 1000; k++) { /* at most 10 s */
		pid_t r = waitpid(s->pid, &st, WNOHANG);
		if (r == s->pid)
			break;
		nanosleep(&(struct timespec){0, 10000000}, NULL);
	}
	if (k == 1000) {
		kill(s->pid, SIGKILL);
		waitpid(s->pid, &st, 0);
		close(s->out_fd);
		return -1;
	}
	close(s->out_fd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int connect_to(int port)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	return fd;
}

/* Send @p msg and read one newline-terminated response line. */
static void ask(int fd, const char *msg, char *resp, size_t cap)
{
	size_t len = 0;

	assert_int_equal((int)send(fd, msg, strlen(msg), 0), (int)strlen(msg));
	while (len < cap - 1) {
		struct pollfd p = {fd, POLLIN, 0};
		ssize_t k;
		assert_true(poll(&p, 1, 10000) == 1);
		k = recv(fd, resp + len, 1, 0);
		assert_true(k == 1);
		if (resp[len++] == '\n')
			break;
	}
	resp[len] = '\0';
}

static void test_serve_scpi(void **state)
{
	const char *const args[] = {"vinstr", "--listen", "127.0.0.1:0", "--dut", "r1k",
	                            "--max-connections", "2", "--idle-timeout", "20", "2450", NULL};
	struct server s;
	char r[256];
	int fd;

	(void)state;
	start(&s, args);
	fd = connect_to(s.port[0]);
	ask(fd, "*IDN?\n", r, sizeof(r));
	assert_string_equal(r, "KEITHLEY INSTRUMENTS,MODEL 2450,04512450,1.7.12b\n");
	/* 2 V across 1 kOhm: 2 mA. */
	ask(fd, ":SOUR:VOLT 2;:SOUR:VOLT:ILIM 0.01;:OUTP ON;:MEAS:CURR?\n", r, sizeof(r));
	assert_double_near(strtod(r, NULL), 2e-3, 1e-3, 0);
	/* Two messages in one packet, the first without a response. */
	ask(fd, "NOSUCH:CMD\n:SYST:ERR?\n", r, sizeof(r));
	assert_string_equal(r, "-113,\"Undefined header\"\n");
	close(fd);
	/* The second connection sees the same instrument state. */
	fd = connect_to(s.port[0]);
	ask(fd, ":SOUR:VOLT?\n", r, sizeof(r));
	assert_string_equal(r, "+2.000000E+00\n");
	close(fd);
	assert_int_equal(finish(&s), 0); /* two connections served */
}

/* Two SMUs of one bench on one MOSFET, each on its own port. */
static void test_shared_dut_two_ports(void **state)
{
	const char *const args[] = {"vinstr", "--listen", "127.0.0.1:0", "--max-connections", "2",
	                            "--idle-timeout", "20", "2450@gate", "2470@drain", NULL};
	struct server s;
	char r[256];
	int g, d;
	double on;

	(void)state;
	start_n(&s, args, 2);
	assert_true(s.port[0] != s.port[1]);
	g = connect_to(s.port[0]);
	d = connect_to(s.port[1]);
	ask(d, ":SOUR:VOLT:ILIM 1;:SOUR:VOLT 0.05;:OUTP ON;:MEAS:CURR?\n", r, sizeof(r));
	assert_true(fabs(strtod(r, NULL)) < 1e-8); /* gate at 0 V: off */
	ask(g, ":SOUR:VOLT 18;:OUTP ON;*OPC?\n", r, sizeof(r));
	ask(d, ":MEAS:CURR?\n", r, sizeof(r));
	on = strtod(r, NULL);
	/* 50 mV across the 80 mOhm SiC MOSFET (dut.md): 0.62 A. */
	assert_double_near(on, 0.05 / 0.080, 0.05, 0);
	ask(d, "*IDN?\n", r, sizeof(r));
	assert_string_equal(r, "KEITHLEY INSTRUMENTS,MODEL 2470,04512470,1.7.12b\n");
	close(g);
	close(d);
	assert_int_equal(finish(&s), 0);
}

/* --time-scale: wall-clock time between messages passes on the bench. A
 * scale of 1e9 turns the microseconds between two messages into over
 * 1000 s, more than 30 settling time constants of the chuck (30 s). */
static void test_time_scale(void **state)
{
	const char *const args[] = {"vinstr", "-l", "127.0.0.1:0", "-m", "1", "-i", "20",
	                            "--time-scale", "1e9", "336", NULL};
	struct server s;
	char r[256];
	int fd;

	(void)state;
	start(&s, args);
	fd = connect_to(s.port[0]);
	ask(fd, "SETP 1,350;RANGE 1,3;*OPC?\n", r, sizeof(r));
	assert_string_equal(r, "1\r\n"); /* the 336 ends lines in CR LF */
	ask(fd, "KRDG? A\n", r, sizeof(r));
	assert_double_near(strtod(r, NULL), 350.0, 0, 0.03);
	close(fd);
	assert_int_equal(finish(&s), 0);
}

/* The thermal driver over TCP against the served 336 (the same code path
 * as a Lake Shore on the network): a reading with its uncertainty at 25 °C,
 * DT-670 segment 290 K 0.582637 V - 300 K 0.559639 V (published curve),
 * 0.563893 V: (80 µV + 0.005 % x 0.563893 V) x 10 K / 22.998 mV / √3 =
 * 27.16 mK. */
static void test_thermal_u_over_tcp(void **state)
{
	const char *const args[] = {"vinstr", "-l", "127.0.0.1:0", "-m", "1", "-i", "20", "336",
	                            NULL};
	struct server s;
	wbg_ctx *ctx;
	wbg_instr *in;
	wbg_thermal *th;
	char res[64];
	double k, u, a;

	(void)state;
	start(&s, args);
	snprintf(res, sizeof(res), "TCPIP0::127.0.0.1::%d::SOCKET", s.port[0]);
	assert_int_equal(wbg_ctx_new(&ctx), WBG_OK);
	assert_int_equal(wbg_instr_open(&in, res, ctx), WBG_OK);
	assert_int_equal(wbg_thermal_open(&th, in, NULL, 1, 'A', ctx), WBG_OK);
	assert_int_equal(wbg_thermal_read_u(th, &k, &u), WBG_OK);
	assert_double_near(k, 298.15, 0, 0.05);
	a = (80e-6 + 0.005e-2 * 0.563893) * 10.0 / (0.582637 - 0.559639);
	assert_double_near(u, a / sqrt(3.0), 0, 2e-6);
	assert_double_near(u, 27.16e-3, 0, 0.01e-3);
	wbg_thermal_free(th);
	wbg_instr_close(in);
	wbg_ctx_free(ctx);
	assert_int_equal(finish(&s), 0);
}

static void test_sigterm_and_idle(void **state)
{
	const char *const args[] = {"vinstr", "--listen", "localhost:0", "B2902A", NULL};
	const char *const idle[] = {"vinstr", "-l", "127.0.0.1:0", "-i", "0.2", "336", NULL};
	struct server s;

	(void)state;
	start(&s, args);
	kill(s.pid, SIGTERM);
	assert_int_equal(finish(&s), 0);
	start(&s, idle);
	assert_int_equal(finish(&s), 0); /* idle timeout */
}

static void test_usage_errors(void **state)
{
	static const struct {
		const char *args[10];
		const char *err;
	} cases[] = {
		{{"vinstr", "--listen", "127.0.0.1:0", NULL}, "instrument models"},
		{{"vinstr", "2450", NULL}, "--listen 127.0.0.1:5025"},
		{{"vinstr", "--listen", "192.0.2.7:5025", "2450", NULL}, "--allow-remote"},
		{{"vinstr", "--listen", "127.0.0.1:99999", "2450", NULL}, "0 to 65535"},
		{{"vinstr", "--listen", "127.0.0.1:0", "9999", NULL}, "no simulated instrument '9999'"},
		{{"vinstr", "--listen", "127.0.0.1:0", "--dut", "tube", "2450", NULL}, "unknown DUT"},
		{{"vinstr", "--listen", "127.0.0.1:0", "--temp", "9000 K", "2450", NULL}, "--temp"},
		{{"vinstr", "-l", "127.0.0.1:0", "-w", "source", "2450", NULL}, "cannot be wired"},
		{{"vinstr", "-l", "127.0.0.1:0", "2450@drain", "2470@drain", NULL}, "already driven"},
		{{"vinstr", "-l", "127.0.0.1:0", "-w", "gate", "2450", "2470", NULL}, "MODEL@WIRING"},
		{{"vinstr", "-l", "127.0.0.1:0", "--time-scale", "-1", "336", NULL}, "--time-scale"},
		{{"vinstr", "-l", "127.0.0.1:0", "--defects", "0.1", "2450", NULL}, "add --unit K"},
		{{"vinstr", "-l", "127.0.0.1:0", "--unit", "1", "--defects", "2", "2450", NULL}, "0 to 1"},
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct prog_result r;
		assert_int_equal(prog_run(&r, cases[k].args, NULL, 10), 0);
		if (r.status != 2 || !strstr(r.err, cases[k].err)) {
			print_error("case %zu: status %d, stderr:\n%s\n", k, r.status, r.err);
			fail();
		}
		prog_result_free(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_serve_scpi),
		cmocka_unit_test(test_shared_dut_two_ports),
		cmocka_unit_test(test_thermal_u_over_tcp),
		cmocka_unit_test(test_time_scale),
		cmocka_unit_test(test_sigterm_and_idle),
		cmocka_unit_test(test_usage_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
