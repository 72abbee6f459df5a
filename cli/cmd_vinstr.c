/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wbg vinstr: serve a virtual-bench instrument as raw-socket SCPI. */
#include "config.h"

/* Before <signal.h>, whose si_value macro must not meet the parameter of
 * that name in wbg/units.h (renamed value_si on main since). */
#include "cli.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define LINE_MAX_BYTES (64 * 1024)

/* Set by SIGINT/SIGTERM; the loop checks it after every interrupted poll. */
static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int send_all(int fd, const uint8_t *p, size_t n)
{
	while (n > 0) {
		ssize_t k = send(fd, p, n, 0);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* Execute one program message and send its whole response, if any. */
static int exchange(wbg_vinstr *vi, int fd, const uint8_t *msg, size_t len, bool end)
{
	uint8_t out[4096];
	size_t n;
	bool done = false;

	wbg_vinstr_write(vi, msg, len, end);
	if (!end)
		return 0;
	while (!done && wbg_vinstr_pending(vi) > 0) {
		if (wbg_vinstr_read(vi, out, sizeof(out), &n, &done) != WBG_OK)
			break;
		if (send_all(fd, out, n) != 0)
			return -1;
	}
	return 0;
}

static int parse_listen(struct cli *cli, const char *arg, bool allow_remote,
                        struct sockaddr_in *out)
{
	char host[64];
	const char *colon = strrchr(arg, ':');
	char *end;
	long port;

	if (!colon || (size_t)(colon - arg) >= sizeof(host))
		return cli_usage_error(cli, "--listen takes HOST:PORT, such as 127.0.0.1:5025, not '%s'",
		                       arg);
	memcpy(host, arg, (size_t)(colon - arg));
	host[colon - arg] = '\0';
	port = strtol(colon + 1, &end, 10);
	if (colon[1] == '\0' || *end != '\0' || port < 0 || port > 65535)
		return cli_usage_error(cli, "port '%s' is not a number from 0 to 65535 (0 picks a free one)",
		                       colon + 1);
	memset(out, 0, sizeof(*out));
	out->sin_family = AF_INET;
	out->sin_port = htons((uint16_t)port);
	if (strcmp(host, "localhost") == 0)
		snprintf(host, sizeof(host), "127.0.0.1");
	if (inet_pton(AF_INET, host, &out->sin_addr) != 1)
		return cli_usage_error(cli, "'%s' is not an IPv4 address (use 127.0.0.1)", host);
	if ((ntohl(out->sin_addr.s_addr) >> 24) != 127 && !allow_remote)
		return cli_usage_error(cli,
		                       "%s is not a loopback address; a simulated instrument is served "
		                       "on loopback only unless you add --allow-remote",
		                       host);
	return CLI_EXIT_OK;
}

#define MAX_INSTR 8

/* One served instrument: its listening socket, its client, its input. */
struct port {
	wbg_vinstr *vi;
	int lfd, cfd;
	uint8_t *buf;
	size_t len;
};

/* Read from a client; execute each complete line. Returns false when the
 * connection has ended (closed by the peer or failed). */
static bool serve_client(struct port *p)
{
	ssize_t n = recv(p->cfd, p->buf + p->len, LINE_MAX_BYTES - p->len, 0);
	uint8_t *nl;

	if (n < 0 && errno == EINTR)
		return true;
	if (n <= 0)
		return false;
	p->len += (size_t)n;
	while ((nl = memchr(p->buf, '\n', p->len)) != NULL) {
		size_t l = (size_t)(nl - p->buf) + 1;
		if (exchange(p->vi, p->cfd, p->buf, l, true) != 0)
			return false;
		memmove(p->buf, p->buf + l, p->len - l);
		p->len -= l;
	}
	if (p->len == LINE_MAX_BYTES) {
		/* No terminator in 64 KiB: pass it on; the instrument reports
		 * -363 input buffer overrun when the message finally ends. */
		exchange(p->vi, p->cfd, p->buf, p->len, false);
		p->len = 0;
	}
	return true;
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"listen", required_argument, NULL, 'l'},
		{"dut", required_argument, NULL, 'd'},
		{"wiring", required_argument, NULL, 'w'},
		{"seed", required_argument, NULL, 's'},
		{"temp", required_argument, NULL, 't'},
		{"max-connections", required_argument, NULL, 'm'},
		{"idle-timeout", required_argument, NULL, 'i'},
		{"allow-remote", no_argument, NULL, 'r'},
		{"time-scale", required_argument, NULL, 'x'},
		{"unit", required_argument, NULL, 'u'},
		{"defects", required_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	const char *listen_arg = NULL, *dut = NULL, *wiring = NULL, *temp = NULL;
	unsigned long long seed = 1;
	long max_conn = 0, conns = 0;
	double idle = 0, last, temp_k, scale = 0, wall, defects = 0;
	long lot_unit = -1;
	bool allow_remote = false;
	struct sockaddr_in addr;
	struct sigaction sa, old_int, old_term, old_pipe;
	bool handlers = false;
	wbg_vbench *bench = NULL;
	struct port port[MAX_INSTR];
	size_t nport = 0, k;
	int c, rc = CLI_EXIT_OK, yes = 1;
	char *end;
	wbg_unit unit;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "l:d:w:s:t:m:i:rx:u:f:", opts, NULL)) != -1) {
		switch (c) {
		case 'l':
			listen_arg = optarg;
			break;
		case 'd':
			dut = optarg;
			break;
		case 'w':
			wiring = optarg;
			break;
		case 's':
			seed = strtoull(optarg, &end, 10);
			if (*end != '\0' || optarg[0] == '-')
				return cli_usage_error(cli, "--seed takes a non-negative integer, not '%s'",
				                       optarg);
			break;
		case 't':
			temp = optarg;
			break;
		case 'm':
			max_conn = strtol(optarg, &end, 10);
			if (*end != '\0' || max_conn < 1)
				return cli_usage_error(cli, "--max-connections takes a positive integer, not '%s'",
				                       optarg);
			break;
		case 'i':
			idle = strtod(optarg, &end);
			if (*end != '\0' || !(idle > 0) || !isfinite(idle))
				return cli_usage_error(cli, "--idle-timeout takes seconds > 0, not '%s'", optarg);
			break;
		case 'r':
			allow_remote = true;
			break;
		case 'x':
			scale = strtod(optarg, &end);
			if (*end != '\0' || !(scale > 0) || !isfinite(scale) || scale > 1e9)
				return cli_usage_error(cli, "--time-scale takes a factor > 0 (1 = real time), "
				                            "not '%s'",
				                       optarg);
			break;
		case 'u':
			lot_unit = strtol(optarg, &end, 10);
			if (*end != '\0' || lot_unit < 0 || lot_unit > 4294967295L)
				return cli_usage_error(cli, "--unit takes a unit number from 0, not '%s'", optarg);
			break;
		case 'f':
			defects = strtod(optarg, &end);
			if (*end != '\0' || !(defects >= 0 && defects <= 1))
				return cli_usage_error(cli, "--defects takes a fraction from 0 to 1, not '%s'",
				                       optarg);
			break;
		default:
			return cli_usage_error(cli, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind < 1 || argc - optind > MAX_INSTR)
		return cli_usage_error(cli, "give one to %d instrument models (2450, 2460, 2470, B2901A, "
		                            "B2902A, E4980A, 336), each optionally as MODEL@WIRING",
		                       MAX_INSTR);
	if (wiring && argc - optind > 1)
		return cli_usage_error(cli, "with several instruments, give each its wiring as "
		                            "MODEL@WIRING instead of --wiring");
	if (!listen_arg)
		return cli_usage_error(cli, "say where to listen, e.g. --listen 127.0.0.1:5025");
	rc = parse_listen(cli, listen_arg, allow_remote, &addr);
	if (rc != CLI_EXIT_OK)
		return rc;
	if (ntohs(addr.sin_port) != 0 && ntohs(addr.sin_port) + (argc - optind) - 1 > 65535)
		return cli_usage_error(cli, "%d instruments need ports %u to %d; start lower",
		                       argc - optind, (unsigned)ntohs(addr.sin_port),
		                       ntohs(addr.sin_port) + argc - optind - 1);

	if (defects > 0 && lot_unit < 0)
		return cli_usage_error(cli, "--defects applies to a lot unit: add --unit K");
	if (lot_unit >= 0)
		rc = wbg_vbench_new_lot_unit(&bench, dut, (uint64_t)seed, (unsigned)lot_unit, defects,
		                             cli->ctx);
	else
		rc = wbg_vbench_new(&bench, dut, (uint64_t)seed, cli->ctx);
	if (rc != WBG_OK)
		return cli_lib_error(cli, rc, NULL);
	if (temp) {
		rc = wbg_quantity_parse(&temp_k, &unit, temp, "K", cli->ctx);
		if (rc == WBG_OK)
			rc = wbg_vbench_set_temp_k(bench, temp_k);
		if (rc != WBG_OK) {
			wbg_vbench_free(bench);
			return cli_usage_error(cli, "--temp takes a temperature from 4 K to 700 K such as "
			                            "'150 degC' or 423.15K, not '%s'",
			                       temp);
		}
	}
	/* Add every instrument first, so that a wiring conflict is a usage
	 * error before any socket is opened. */
	for (k = 0; k < (size_t)(argc - optind); k++) {
		char model[64], name[32];
		const char *spec = argv[optind + (int)k], *at = strchr(spec, '@'), *w = wiring;
		size_t ml = at ? (size_t)(at - spec) : strlen(spec);
		if (ml >= sizeof(model)) {
			rc = cli_usage_error(cli, "'%s' is not an instrument model", spec);
			goto out;
		}
		memcpy(model, spec, ml);
		model[ml] = '\0';
		if (at)
			w = at + 1;
		/* A second instrument of the same model gets a numbered name. */
		snprintf(name, sizeof(name), k ? "%s-%zu" : "%s", model, k + 1);
		port[k].lfd = port[k].cfd = -1;
		port[k].len = 0;
		port[k].buf = NULL;
		nport = k + 1;
		rc = wbg_vbench_add(&port[k].vi, bench, name, model, w, cli->ctx);
		if (rc != WBG_OK) {
			/* Every failure here (model, wiring, a terminal driven
			 * twice) is a mistake on the command line. */
			cli_lib_error(cli, rc, NULL);
			rc = CLI_EXIT_USAGE;
			goto out;
		}
	}
	/* Handlers before the first line is printed: whoever reads it may
	 * signal at once. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal; /* no SA_RESTART: poll returns EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, &old_pipe);
	handlers = true;
	stop_signal = 0;

	for (k = 0; k < nport; k++) {
		struct sockaddr_in a = addr;
		socklen_t alen = sizeof(a);
		char ip[INET_ADDRSTRLEN];
		if (ntohs(addr.sin_port) != 0)
			a.sin_port = htons((uint16_t)(ntohs(addr.sin_port) + k));
		port[k].buf = malloc(LINE_MAX_BYTES);
		port[k].lfd = socket(AF_INET, SOCK_STREAM, 0);
		if (!port[k].buf || port[k].lfd < 0) {
			rc = cli_error(cli, CLI_EXIT_IO, "cannot create a socket: %s", strerror(errno));
			goto out;
		}
		setsockopt(port[k].lfd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
		if (bind(port[k].lfd, (struct sockaddr *)&a, sizeof(a)) != 0 ||
		    listen(port[k].lfd, 4) != 0) {
			rc = cli_error(cli, CLI_EXIT_IO, "cannot listen on port %u for %s: %s (is the port "
			               "in use?)",
			               (unsigned)ntohs(a.sin_port), wbg_vinstr_model(port[k].vi),
			               strerror(errno));
			goto out;
		}
		getsockname(port[k].lfd, (struct sockaddr *)&a, &alen);
		inet_ntop(AF_INET, &a.sin_addr, ip, sizeof(ip));
		printf("wbg vinstr: %s (DUT %s) listening on %s:%u\n", argv[optind + (int)k],
		       dut ? dut : "sic-mosfet", ip, (unsigned)ntohs(a.sin_port));
	}
	fflush(stdout);

	rc = CLI_EXIT_OK;
	last = wall = now_s();
	while (!stop_signal && !(max_conn > 0 && conns >= max_conn)) {
		struct pollfd p[MAX_INSTR];
		int timeout_ms = -1, r;

		if (idle > 0) {
			double left = idle - (now_s() - last);
			if (left <= 0) {
				fprintf(stderr, "wbg vinstr: idle for %g s, stopping\n", idle);
				break;
			}
			timeout_ms = (int)ceil(left * 1000.0);
		}
		/* One client per instrument at a time; others wait in the backlog. */
		for (k = 0; k < nport; k++) {
			p[k].fd = port[k].cfd >= 0 ? port[k].cfd : port[k].lfd;
			p[k].events = POLLIN;
			p[k].revents = 0;
		}
		r = poll(p, (nfds_t)nport, timeout_ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = cli_error(cli, CLI_EXIT_IO, "poll failed: %s", strerror(errno));
			break;
		}
		if (r == 0)
			continue; /* the idle check above ends the loop */
		last = now_s();
		if (scale > 0) {
			/* Let the wall-clock time since the last event pass on the
			 * bench (scaled), so that a chuck settles while a client polls. */
			wbg_vbench_advance(bench, (last - wall) * scale);
			wall = last;
		}
		for (k = 0; k < nport; k++) {
			if (!p[k].revents)
				continue;
			if (port[k].cfd < 0) {
				port[k].cfd = accept(port[k].lfd, NULL, NULL);
				port[k].len = 0;
				continue;
			}
			if (!serve_client(&port[k])) {
				/* Closed: a partial message is dropped, like a device clear. */
				close(port[k].cfd);
				port[k].cfd = -1;
				wbg_vinstr_clear(port[k].vi);
				conns++;
			}
		}
	}
	if (stop_signal)
		fprintf(stderr, "wbg vinstr: stopped by signal %d\n", (int)stop_signal);
out:
	if (handlers) {
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGTERM, &old_term, NULL);
		sigaction(SIGPIPE, &old_pipe, NULL);
	}
	for (k = 0; k < nport; k++) {
		if (port[k].cfd >= 0)
			close(port[k].cfd);
		if (port[k].lfd >= 0)
			close(port[k].lfd);
		free(port[k].buf);
	}
	wbg_vbench_free(bench);
	return rc;
}

const struct cli_command cli_cmd_vinstr = {
	.name = "vinstr",
	.summary = "serve a simulated instrument as raw-socket SCPI (for PyVISA, netcat)",
	.help =
		"usage: wbg vinstr --listen HOST:PORT [--dut NAME] [--wiring W] [--seed N]\n"
		"                  [--temp T] [--max-connections N] [--idle-timeout S]\n"
		"                  MODEL[@WIRING]...\n"
		"\n"
		"Run instruments of the virtual bench and serve each on a TCP socket the\n"
		"way LAN instruments serve SCPI on port 5025: send a newline-terminated\n"
		"program message, read the newline-terminated response of its queries.\n"
		"The instrument answers the real model's SCPI dialect, error queue and\n"
		"reset state; behind it is a physics-based device model. Time is virtual:\n"
		"integration and sweeps take no wall-clock time. Clients are served one at\n"
		"a time; closing the connection acts as a device clear. Several MODELs\n"
		"share one DUT (a gate SMU and a drain SMU on one MOSFET) and listen on\n"
		"consecutive ports from PORT (each on a free port when PORT is 0), one\n"
		"line per instrument on standard output.\n"
		"\n"
		"Models: 2450 2460 2470 (Keithley SMUs), B2901A B2902A (Keysight SMUs),\n"
		"E4980A (Keysight LCR meter), 336 (Lake Shore temperature controller).\n"
		"DUTs: sic-mosfet (default; 1200 V SiC MOSFET), gan-hemt (650 V e-mode\n"
		"GaN HEMT), r1k (1 kOhm resistor), open.\n"
		"\n"
		"Options:\n"
		"  -l, --listen HOST:PORT    where to listen; loopback only (127.0.0.1 or\n"
		"                            localhost) unless --allow-remote; port 0 picks\n"
		"                            a free port (printed on the first line)\n"
		"  -d, --dut NAME            the device under test\n"
		"  -w, --wiring W            terminal of an SMU: gate or drain (default\n"
		"                            drain; B2902A gate,drain); E4980A: ciss, coss\n"
		"                            or crss (default ciss); with several models\n"
		"                            write MODEL@WIRING instead\n"
		"  -s, --seed N              seed of the measurement noise, or of the lot\n"
		"                            with --unit (default 1)\n"
		"  -u, --unit K              the DUT is unit K (from 0) of a simulated lot:\n"
		"                            its own spread of Vth, Ron, leakage, BV, life\n"
		"  -f, --defects F           share of defective units in that lot (0..1):\n"
		"                            leaky or early-failing\n"
		"  -t, --temp T              DUT temperature, e.g. '150 degC' (default 25 °C)\n"
		"  -m, --max-connections N   exit after N connections (all ports) have closed\n"
		"  -i, --idle-timeout S      exit after S seconds without any traffic\n"
		"  -r, --allow-remote        allow a non-loopback address\n"
		"  -x, --time-scale X        also let wall-clock time pass on the bench, X\n"
		"                            times faster (1 = real time, 60 = a minute per\n"
		"                            second), e.g. for a chuck to settle while a\n"
		"                            client polls; without it time passes only as\n"
		"                            the instruments work (deterministic)\n"
		"\n"
		"Ctrl-C or SIGTERM stop it cleanly.\n"
		"\n"
		"Examples:\n"
		"  wbg vinstr --listen 127.0.0.1:5025 2450 --dut r1k\n"
		"  printf '*IDN?\\n' | nc -q1 127.0.0.1 5025\n"
		"  wbg vinstr --listen localhost:5026 --wiring gate --dut gan-hemt 2470\n"
		"  wbg vinstr --listen 127.0.0.1:0 --max-connections 1 --idle-timeout 30 B2902A\n"
		"  wbg vinstr -l 127.0.0.1:5025 2450@gate 2470@drain 336   (ports 5025-5027)\n"
		"  wbg vinstr -l 127.0.0.1:5025 --seed 7 --unit 12 --defects 0.05 2470\n"
		"\n"
		"Exit status: 0 stopped (connections served, idle timeout or signal);\n"
		"2 bad usage, unknown model or DUT; 3 the socket could not be opened.\n",
	.run = run,
};
