/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wbg analyze vth FILE: threshold voltage of a transfer curve from a CSV file. */
#include "config.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "analyze_csv.h"

static const struct {
	const char *name;
	wbg_vth_method method;
	const char *text;
} methods[] = {
	{"cc", WBG_VTH_CC, "constant current"},
	{"gm-max", WBG_VTH_GM_MAX, "maximum-gm linear extrapolation"},
	{"sd", WBG_VTH_SD, "second derivative"},
	{"y", WBG_VTH_Y, "Y-function"},
};

/* A quantity option of dimension @p unit ("" = dimensionless). */
static int opt_quantity(struct cli *cli, double *out, const char *opt, const char *text,
                        const char *unit)
{
	int rc = wbg_quantity_parse(out, NULL, text, unit, cli->ctx);

	if (rc != WBG_OK)
		return cli_usage_error(cli, "%s '%s': %s", opt, text, wbg_ctx_errmsg(cli->ctx));
	return CLI_EXIT_OK;
}

/* --icrit in A, A/m (per gate width) or A/m² (per area). */
static int parse_icrit(struct cli *cli, double *out, const char *text, const char *width,
                       const char *area)
{
	wbg_unit u;
	double v, scale;
	int rc = wbg_quantity_parse(&v, &u, text, NULL, cli->ctx);

	if (rc != WBG_OK)
		return cli_usage_error(cli, "--icrit '%s': %s", text, wbg_ctx_errmsg(cli->ctx));
	if (u.dim[WBG_DIM_CURRENT] != 1 || u.dim[WBG_DIM_MASS] || u.dim[WBG_DIM_TIME] ||
	    u.dim[WBG_DIM_TEMPERATURE] || u.dim[WBG_DIM_AMOUNT] || u.dim[WBG_DIM_LUMINOUS] ||
	    u.dim[WBG_DIM_LENGTH] > 0 || u.dim[WBG_DIM_LENGTH] < -2)
		return cli_usage_error(cli, "--icrit '%s' is not a current (A), a current per gate "
		                            "width (A/m, mA/mm) or per area (A/m², µA/mm²)", text);
	if (u.dim[WBG_DIM_LENGTH] == -1) {
		if (!width)
			return cli_usage_error(cli, "--icrit '%s' is per gate width: give --width too", text);
		if (opt_quantity(cli, &scale, "--width", width, "m") != CLI_EXIT_OK)
			return CLI_EXIT_USAGE;
		v *= scale;
	} else if (u.dim[WBG_DIM_LENGTH] == -2) {
		if (!area)
			return cli_usage_error(cli, "--icrit '%s' is per area: give --area too", text);
		if (opt_quantity(cli, &scale, "--area", area, "m^2") != CLI_EXIT_OK)
			return CLI_EXIT_USAGE;
		v *= scale;
	}
	if (!(v > 0))
		return cli_usage_error(cli, "--icrit must be positive, not '%s'", text);
	*out = v;
	return CLI_EXIT_OK;
}

static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void json_number(const char *key, double v, int comma)
{
	printf("  \"%s\": ", key);
	if (isfinite(v))
		printf("%.10g", v);
	else
		printf("null");
	printf("%s\n", comma ? "," : "");
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"method", required_argument, NULL, 'm'},
		{"vgs", required_argument, NULL, 'V'},
		{"id", required_argument, NULL, 'I'},
		{"icrit", required_argument, NULL, 'c'},
		{"width", required_argument, NULL, 'w'},
		{"area", required_argument, NULL, 'a'},
		{"saturation", no_argument, NULL, 's'},
		{"window", required_argument, NULL, 'W'},
		{"id-gain", required_argument, NULL, 1},
		{"id-offset", required_argument, NULL, 2},
		{"vgs-gain", required_argument, NULL, 3},
		{"vgs-offset", required_argument, NULL, 4},
		{"id-noise", required_argument, NULL, 5},
		{"trials", required_argument, NULL, 't'},
		{"p-channel", no_argument, NULL, 'p'},
		{"json", no_argument, NULL, 'j'},
		{NULL, 0, NULL, 0},
	};
	const char *vcol = "vgs", *icol = "id", *icrit = NULL, *width = NULL, *area = NULL;
	int c, json = 0, pch = 0, ci, vi, rc, ex;
	size_t mi = 1, k;
	wbg_vth_opts o;
	wbg_vth_result r;
	struct csv_table t = {0, 0, NULL, NULL};
	double *v = NULL, *id = NULL, kcov = NAN;
	char err[512];

	wbg_vth_opts_init(&o);
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "m:j", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			for (mi = 0; mi < sizeof(methods) / sizeof(methods[0]); mi++)
				if (strcmp(optarg, methods[mi].name) == 0)
					break;
			if (mi == sizeof(methods) / sizeof(methods[0]))
				return cli_usage_error(cli, "--method '%s': use cc, gm-max, sd or y", optarg);
			o.method = methods[mi].method;
			break;
		case 'V':
			vcol = optarg;
			break;
		case 'I':
			icol = optarg;
			break;
		case 'c':
			icrit = optarg;
			break;
		case 'w':
			width = optarg;
			break;
		case 'a':
			area = optarg;
			break;
		case 's':
			o.saturation = 1;
			break;
		case 'W':
		case 't': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end != '\0' || n < 0 || n > 1000000)
				return cli_usage_error(cli, "--%s takes a whole number 0..1000000, not '%s'",
				                       c == 'W' ? "window" : "trials", optarg);
			if (c == 'W')
				o.window = (size_t)n;
			else
				o.mc_trials = (size_t)n;
			break;
		}
		case 1:
			ex = opt_quantity(cli, &o.acc_id.gain, "--id-gain", optarg, "");
			if (ex != CLI_EXIT_OK)
				return ex;
			break;
		case 2:
			ex = opt_quantity(cli, &o.acc_id.offset, "--id-offset", optarg, "A");
			if (ex != CLI_EXIT_OK)
				return ex;
			break;
		case 3:
			ex = opt_quantity(cli, &o.acc_vgs.gain, "--vgs-gain", optarg, "");
			if (ex != CLI_EXIT_OK)
				return ex;
			break;
		case 4:
			ex = opt_quantity(cli, &o.acc_vgs.offset, "--vgs-offset", optarg, "V");
			if (ex != CLI_EXIT_OK)
				return ex;
			break;
		case 'p':
			pch = 1;
			break;
		case 5:
			ex = opt_quantity(cli, &o.noise_id, "--id-noise", optarg, "A");
			if (ex != CLI_EXIT_OK)
				return ex;
			if (!(o.noise_id >= 0))
				return cli_usage_error(cli, "--id-noise must be >= 0, not '%s'", optarg);
			break;
		case 'j':
			json = 1;
			break;
		default:
			return cli_usage_error(cli, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, "give one CSV file (or - for standard input)");
	if (o.method == WBG_VTH_CC) {
		if (!icrit)
			return cli_usage_error(cli, "--method cc needs the criterion: --icrit 1mA (or "
			                            "per width '1mA/mm' with --width, per area with --area)");
		ex = parse_icrit(cli, &o.icrit, icrit, width, area);
		if (ex != CLI_EXIT_OK)
			return ex;
	} else if (icrit) {
		return cli_usage_error(cli, "--icrit applies to --method cc only");
	}

	rc = csv_read_file(&t, argv[optind], err, sizeof(err));
	if (rc != 0)
		return cli_error(cli, rc == -2 ? CLI_EXIT_IO : CLI_EXIT_USAGE, "%s", err);
	vi = csv_column(&t, vcol);
	ci = csv_column(&t, icol);
	if (vi < 0 || ci < 0) {
		ex = cli_usage_error(cli,
		                     "%s: no column '%s'; the header has %zu columns (first '%s'); choose "
		                     "them with --vgs and --id",
		                     argv[optind], vi < 0 ? vcol : icol, t.ncols, t.names[0]);
		goto out;
	}
	v = malloc((t.nrows ? t.nrows : 1) * sizeof(*v));
	id = malloc((t.nrows ? t.nrows : 1) * sizeof(*id));
	if (!v || !id) {
		ex = cli_error(cli, CLI_EXIT_IO, "out of memory for %zu rows", t.nrows);
		goto out;
	}
	csv_get_column(&t, vi, v);
	csv_get_column(&t, ci, id);
	/* A p-channel device is analysed as its mirror image: both columns negated. */
	if (pch) {
		for (k = 0; k < t.nrows; k++) {
			v[k] = -v[k];
			id[k] = -id[k];
		}
	}
	/* A down sweep (Vgs decreasing throughout) is read in reverse. */
	if (t.nrows >= 2 && v[0] > v[t.nrows - 1]) {
		size_t a, b;
		for (a = 0, b = t.nrows - 1; a < b; a++, b--) {
			double tmp = v[a];
			v[a] = v[b];
			v[b] = tmp;
			tmp = id[a];
			id[a] = id[b];
			id[b] = tmp;
		}
	}
	rc = wbg_vth_extract(&r, v, id, t.nrows, &o, NULL, cli->ctx);
	if (rc != WBG_OK) {
		ex = cli_lib_error(cli, rc, "The file must hold one sweep with Vgs increasing, in V and A.");
		goto out;
	}
	if (pch) {
		r.vth.value = -r.vth.value;
		r.v_gm_max = -r.v_gm_max;
	}
	if (r.vth.u > 0)
		wbg_uncertainty_coverage_factor(&kcov, r.vth.dof, 0.95, NULL);
	for (k = 0; k < sizeof(methods) / sizeof(methods[0]); k++)
		if (methods[k].method == o.method)
			mi = k;
	if (json) {
		printf("{\n  \"analysis\": \"vth\",\n  \"method\": \"%s\",\n  \"file\": ", methods[mi].name);
		json_string(argv[optind]);
		printf(",\n  \"points\": %zu,\n", t.nrows);
		json_number("vth_V", r.vth.value, 1);
		json_number("u_V", r.vth.u, 1);
		json_number("dof", r.vth.dof, 1);
		json_number("k", kcov, 1);
		json_number("U_V", kcov * r.vth.u, 1);
		json_number("icrit_A", o.method == WBG_VTH_CC ? o.icrit : NAN, 1);
		json_number("gm_max", r.gm_max, 1);
		json_number("v_gm_max_V", r.v_gm_max, 0);
		printf("}\n");
	} else {
		printf("Vth = %.6g V  (%s", r.vth.value, methods[mi].text);
		if (o.method == WBG_VTH_CC)
			printf(" at %g A", pch ? -o.icrit : o.icrit);
		if (o.saturation && (o.method == WBG_VTH_GM_MAX || o.method == WBG_VTH_SD))
			printf(", on sqrt(Id)");
		printf(", %zu points)\n", t.nrows);
		if (r.vth.u > 0)
			printf("u = %.2g V, U = %.2g V (k = %.2f, 95 %%)\n", r.vth.u, kcov * r.vth.u, kcov);
		else
			printf("u = 0 (no accuracy or noise that moves this method's Vth: --id-gain, "
			       "--id-offset, --id-noise, --vgs-offset)\n");
		if (isfinite(r.gm_max))
			printf("max gm = %.6g at Vgs = %.6g V\n", r.gm_max, r.v_gm_max);
	}
	ex = CLI_EXIT_OK;
out:
	free(v);
	free(id);
	csv_free(&t);
	return ex;
}

const struct cli_analysis cli_analysis_vth = {
	.name = "vth",
	.summary = "threshold voltage of a transfer curve (cc, gm-max, sd, y)",
	.usage =
		"usage: wbg analyze vth [--method cc|gm-max|sd|y] [options] FILE\n"
		"\n"
		"Extract the threshold voltage of one transfer curve Id(Vgs) read from a\n"
		"CSV file (- for standard input): a header line naming the columns, then\n"
		"one row per point in SI units (V, A), Vgs increasing (a sweep that\n"
		"decreases throughout is read in reverse). Lines starting with # are\n"
		"comments. For a p-channel device give --p-channel (the columns as\n"
		"measured, negative; Vth is printed with its sign).\n"
		"\n"
		"Methods (Ortiz-Conde et al., Microelectron. Reliab. 42 (2002) 583):\n"
		"  cc       constant current: Vgs where Id reaches --icrit (log interpolation)\n"
		"  gm-max   tangent at maximum transconductance extrapolated to Id = 0\n"
		"           (default; with --saturation on sqrt(Id), for a square-law device)\n"
		"  sd       maximum of d2Id/dVgs2\n"
		"  y        Y-function Id/sqrt(gm) extrapolated to zero (linear region,\n"
		"           insensitive to mobility degradation; Ghibaudo 1988)\n"
		"\n"
		"Options:\n"
		"  -m, --method M        cc, gm-max, sd or y\n"
		"      --vgs COL         gate-voltage column (default vgs)\n"
		"      --id COL          drain-current column (default id)\n"
		"      --icrit I         cc criterion: a current ('1mA'), per gate width\n"
		"                        ('1mA/mm', with --width W) or per area ('1uA/mm^2',\n"
		"                        with --area A)\n"
		"      --saturation      gm-max and sd on sqrt(Id)\n"
		"      --p-channel       negative Vgs and Id: analyse the mirror image\n"
		"      --window N        gm-max: fit a line over N points around max gm\n"
		"                        instead of the tangent at one point (noisy data)\n"
		"      --id-gain G --id-offset I    current accuracy ±(G·|Id| + I),\n"
		"      --vgs-gain G --vgs-offset V  voltage accuracy, e.g. --id-gain 0.02%\n"
		"                        --id-offset 50pA; rectangular, u = a/sqrt(3) (GUM),\n"
		"                        a systematic error common to the whole sweep\n"
		"      --id-noise I      random noise of each current reading (standard\n"
		"                        deviation, independent reading to reading)\n"
		"      --trials N        Monte Carlo trials for sd and y (default 2000)\n"
		"  -j, --json            print JSON: vth_V, u_V, dof (null = infinite,\n"
		"                        Type B only), k, U_V, gm_max, v_gm_max_V\n"
		"\n"
		"Output: Vth, its standard uncertainty u and the expanded uncertainty\n"
		"U = k·u at 95 % (k from Student's t with the effective degrees of freedom).\n"
		"A common gain error does not move gm-max, sd or y (nor a common offset\n"
		"sd): for those methods u comes mostly from --id-noise.\n"
		"\n"
		"Examples:\n"
		"  wbg analyze vth --method cc --icrit 1mA transfer.csv\n"
		"  wbg analyze vth --method cc --icrit 1mA/mm --width 0.2mm hemt.csv\n"
		"  wbg analyze vth --method gm-max --saturation --vgs VG --id ID sat.csv\n"
		"  wbg analyze vth --method y --id-gain 0.05% --id-offset 1nA --json lin.csv\n"
		"\n"
		"Exit status: 0 extracted; 2 bad usage, bad CSV (the message names\n"
		"file:line) or no threshold found in the curve; 3 the file cannot be read.\n",
	.run = run,
};
