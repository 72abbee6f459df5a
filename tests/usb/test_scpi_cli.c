/* SPDX-License-Identifier: GPL-3.0-or-later */
/* 'wbg scpi' and 'wbg instruments' run as child processes against the
 * emulated USBTMC instrument (the child inherits umockdev's preload).
 * Expected output: the test double's documented replies (instr_double.h). */
#include "config.h"

#include <linux/capability.h>
#include <sys/prctl.h>

#include <fcntl.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "instr_double.h"
#include "run_prog.h"
#include "usbtmc_emu.h"
#include "wbg_test.h"

#define RES "USB0::0x05E6::0x2450::CLI1::INSTR"
#define IDN "WBG,DOUBLE-1,CLI1,1.0"

static struct instr_double *dbl;
static struct emu *emu;

static int setup(void **state)
{
	struct emu_config cfg = {.vid = 0x05e6, .pid = 0x2450, .serial = "CLI1"};

	(void)state;
	dbl = instr_double_new("CLI1");
	emu = emu_new(&cfg, instr_double_iface(dbl));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	emu_free(emu);
	instr_double_free(dbl);
	return 0;
}

#define RUN(res, stdin_text, ...)                                                                  \
	do {                                                                                           \
		const char *const a_[] = {__VA_ARGS__, NULL};                                              \
		assert_int_equal(prog_run(&(res), a_, (stdin_text), 30), 0);                               \
	} while (0)

static void expect(struct prog_result *r, int status, const char *out, const char *in_err)
{
	if (r->status != status || (out && strcmp(r->out, out) != 0) ||
	    (in_err && !strstr(r->err, in_err))) {
		print_error("status %d (expected %d)\n--- stdout:\n%s\n--- stderr:\n%s\n--- wanted stdout "
		            "'%s', stderr containing '%s'\n",
		            r->status, status, r->out, r->err, out ? out : "", in_err ? in_err : "");
		fail();
	}
}

static void test_scpi_args(void **state)
{
	struct prog_result r;

	(void)state;
	RUN(r, NULL, "scpi", RES, "*IDN?", "TEXT? 5");
	expect(&r, 0, IDN "\nabcde\n", NULL);
	assert_string_equal(r.err, "");
	prog_result_free(&r);
	/* An unknown command: its error queue entry on stderr, exit 3, the rest still runs. */
	RUN(r, NULL, "scpi", RES, "BOGUS", "*IDN?");
	expect(&r, 3, IDN "\n", "after 'BOGUS': -113,\"Undefined header\"");
	prog_result_free(&r);
}

static void test_scpi_stdin(void **state)
{
	struct prog_result r;

	(void)state;
	RUN(r, "*IDN?\n\nTEXT? 3\n*CLS\n", "scpi", RES);
	expect(&r, 0, IDN "\nabc\n", NULL);
	prog_result_free(&r);
}

static void test_scpi_errors(void **state)
{
	struct prog_result r;

	(void)state;
	RUN(r, NULL, "scpi", "--timeout", "30 ms", RES, "NEVER?");
	expect(&r, 3, "", "NEVER?");
	prog_result_free(&r);
	RUN(r, NULL, "scpi", "USB0::0x05E6::0x2450::NOPE::INSTR", "*IDN?");
	expect(&r, 3, "", "no such USBTMC instrument");
	prog_result_free(&r);
	RUN(r, NULL, "scpi", "USB0::0x05E6", "*IDN?");
	expect(&r, 2, "", "expected USB");
	prog_result_free(&r);
	RUN(r, NULL, "scpi", "--timeout", "soon", RES, "*IDN?");
	expect(&r, 2, "", "--timeout");
	prog_result_free(&r);
}

static void test_instruments(void **state)
{
	struct prog_result r;

	(void)state;
	RUN(r, NULL, "instruments");
	expect(&r, 0, RES "  " IDN "\n", NULL);
	prog_result_free(&r);
	RUN(r, NULL, "instruments", "--json");
	expect(&r, 0,
	       "[\n  {\"resource\": \"" RES "\", \"idn\": \"" IDN "\", \"manufacturer\": \"WBG\", "
	       "\"model\": \"DOUBLE-1\", \"serial\": \"CLI1\", \"firmware\": \"1.0\", \"error\": null}\n]\n",
	       NULL);
	prog_result_free(&r);
}

/* Make every directory of the testbed traversable and its files and sockets usable
 * (the testbed root is created 0700), for a child that is not root. */
static void open_up(const char *dir)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "chmod -R a+rwX '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void test_permission_denied(void **state)
{
	const char *dir = getenv("UMOCKDEV_DIR");
	char node[512], errfile[] = "/tmp/wbg-perm-XXXXXX", err[4096];
	int fd, status;
	ssize_t n;
	pid_t pid;

	(void)state;
	assert_non_null(dir);
	/* The device node is not accessible to the child: mode 000. Root
	 * ignores file modes through CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH,
	 * so a root child drops both from its bounding set before exec (it
	 * stays root, so it can still run wbg from a checkout only root may
	 * enter, as one made by mktemp -d); where it may not drop them, it runs
	 * as user nobody instead. */
	open_up(dir);
	snprintf(node, sizeof(node), "%s/dev/bus/usb/001/002", dir);
	assert_int_equal(chmod(node, 0000), 0);
	fd = mkstemp(errfile);
	assert_true(fd >= 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int dn = open("/dev/null", O_RDWR);
		dup2(dn, 0);
		dup2(dn, 1);
		dup2(fd, 2);
		if (geteuid() == 0 && (prctl(PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, 0, 0, 0) != 0 ||
		                       prctl(PR_CAPBSET_DROP, CAP_DAC_READ_SEARCH, 0, 0, 0) != 0) &&
		    (setgid(65534) != 0 || setuid(65534) != 0))
			_exit(98);
		execl(wbg_test_program(), wbg_test_program(), "scpi", RES, "*IDN?", (char *)NULL);
		_exit(97);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	n = pread(fd, err, sizeof(err) - 1, 0);
	close(fd);
	unlink(errfile);
	assert_true(n >= 0);
	err[n] = '\0';
	chmod(node, 0644);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 3 || !strstr(err, "permission denied") ||
	    !strstr(err, "60-wbgkit-usbtmc.rules") || !strstr(err, "plugdev")) {
		print_error("status 0x%x, stderr:\n%s\n", status, err);
		fail();
	}
}

/* Read all of fd into buf (NUL-terminated). */
static void slurp(int fd, char *buf, size_t cap)
{
	size_t n = 0;
	ssize_t r;

	while (n + 1 < cap && (r = read(fd, buf + n, cap - 1 - n)) > 0)
		n += (size_t)r;
	buf[n] = '\0';
}

static void test_scpi_interactive(void **state)
{
	int master, slave, out[2], err[2], status;
	char obuf[4096], ebuf[4096];
	pid_t pid;

	(void)state;
	/* stdin is a terminal: a prompt on stderr, and an error does not end the session. */
	assert_int_equal(openpty(&master, &slave, NULL, NULL, NULL), 0);
	assert_int_equal(pipe(out), 0);
	assert_int_equal(pipe(err), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(slave, 0);
		dup2(out[1], 1);
		dup2(err[1], 2);
		close(master);
		close(out[0]);
		close(err[0]);
		execl(wbg_test_program(), wbg_test_program(), "scpi", "-t", "30 ms", RES, (char *)NULL);
		_exit(97);
	}
	close(slave);
	close(out[1]);
	close(err[1]);
	/* NEVER? times out, *IDN? still works, Ctrl-D (VEOF at line start) ends. */
	assert_int_equal(write(master, "NEVER?\n*IDN?\n\x04", 14), 14);
	slurp(out[0], obuf, sizeof(obuf));
	slurp(err[0], ebuf, sizeof(ebuf));
	assert_int_equal(waitpid(pid, &status, 0), pid);
	close(master);
	close(out[0]);
	close(err[0]);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 3 || strcmp(obuf, IDN "\n") != 0 ||
	    !strstr(ebuf, RES "> ") || !strstr(ebuf, "NEVER?")) {
		print_error("status 0x%x\n--- stdout:\n%s\n--- stderr:\n%s\n", status, obuf, ebuf);
		fail();
	}
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scpi_args),
		cmocka_unit_test(test_scpi_stdin),
		cmocka_unit_test(test_scpi_interactive),
		cmocka_unit_test(test_scpi_errors),
		cmocka_unit_test(test_instruments),
		cmocka_unit_test(test_permission_denied),
	};

	emu_ensure_wrapper(argc, argv);
	return cmocka_run_group_tests(tests, setup, teardown);
}
