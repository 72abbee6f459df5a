/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "run_prog.h"
#include "wbg_test.h"

const char *wbg_test_program(void)
{
	static char path[4096];
	const char *top = getenv("WBG_TOP_BUILDDIR");

	snprintf(path, sizeof(path), "%s/wbg", top ? top : ".");
	return path;
}

static char *slurp(int fd)
{
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);
	ssize_t n;

	if (!buf)
		return NULL;
	lseek(fd, 0, SEEK_SET);
	while ((n = read(fd, buf + len, cap - len - 1)) > 0) {
		len += (size_t)n;
		if (cap - len < 2) {
			char *nb = realloc(buf, cap * 2);
			if (!nb)
				break;
			buf = nb;
			cap *= 2;
		}
	}
	buf[len] = '\0';
	return buf;
}

static int temp_fd(void)
{
	char tmpl[] = "/tmp/wbg-test-XXXXXX";
	int fd = mkstemp(tmpl);

	if (fd >= 0)
		unlink(tmpl);
	return fd;
}

int prog_run(struct prog_result *res, const char *const *args, const char *stdin_text,
             int timeout_s)
{
	const char *argv[64];
	int out_fd = temp_fd(), err_fd = temp_fd(), in_fd = temp_fd(), n = 0, st = 0;
	pid_t pid;
	time_t deadline;

	memset(res, 0, sizeof(*res));
	if (out_fd < 0 || err_fd < 0 || in_fd < 0)
		return -1;
	if (stdin_text && write(in_fd, stdin_text, strlen(stdin_text)) < 0)
		return -1;
	lseek(in_fd, 0, SEEK_SET);
	argv[n++] = wbg_test_program();
	while (args && args[n - 1] && n < 63) {
		argv[n] = args[n - 1];
		n++;
	}
	argv[n] = NULL;

	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(in_fd, 0);
		dup2(out_fd, 1);
		dup2(err_fd, 2);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	deadline = time(NULL) + timeout_s;
	for (;;) {
		pid_t w = waitpid(pid, &st, WNOHANG);
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR)
			return -1;
		if (time(NULL) > deadline) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			break;
		}
		nanosleep(&(struct timespec){0, 2000000}, NULL);
	}
	res->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	res->out = slurp(out_fd);
	res->err = slurp(err_fd);
	close(out_fd);
	close(err_fd);
	close(in_fd);
	return 0;
}

void prog_result_free(struct prog_result *res)
{
	free(res->out);
	free(res->err);
	res->out = res->err = NULL;
}

void prog_expect(const struct prog_result *r, int status, const char *in_out, const char *in_err)
{
	if (r->status != status || (in_out && !strstr(r->out, in_out)) ||
	    (in_err && !strstr(r->err, in_err))) {
		print_error("status %d (expected %d)\n--- stdout:\n%.4000s\n--- stderr:\n%s\n--- wanted "
		            "stdout '%s', stderr '%s'\n",
		            r->status, status, r->out, r->err, in_out ? in_out : "",
		            in_err ? in_err : "");
		fail();
	}
}
