/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wbg analyze drift FILE --target 10y: power-law drift fit and extrapolation. */
#include "config.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "csvcols.h"

static const char usage[] =
	"usage: wbg analyze drift [options] --target TIME FILE\n"
	"\n"
	"Fit the power law dV = A t^n to stress readouts (e.g. threshold-voltage\n"
	"shift under HTGB / bias temperature instability) and extrapolate the\n"
	"mean drift to a target time with a confidence interval.\n"
	"\n"
	"FILE is CSV with a header line ('-' reads stdin): a column of stress\n"
	"times and a column of drifts. Rows at time 0 (the baseline) are skipped.\n"
	"\n"
	"Options:\n"
	"  --target TIME       the time to extrapolate to, with a unit: 10y, 1000h\n"
	"  --time-col NAME     column of times (default time)\n"
	"  --y-col NAME        column of drifts (default: the column after time)\n"
	"  --unit U            unit of the time column (default s)\n"
	"  --method M          loglog (default: least squares of ln dV on ln t,\n"
	"                      drift > 0) or lsq (least squares on dV itself)\n"
	"  --confidence C      two-sided level of the interval (default 0.9)\n"
	"  --json              one JSON object on stdout\n"
	"\n"
	"Examples:\n"
	"  wbg analyze drift --target 10y htgb_dvth.csv\n"
	"  wbg analyze drift --target 20y --unit h --y-col dvth_v --json readouts.csv\n"
	"\n"
	"Exit status: 0 fitted; 2 bad usage, bad file content or no fit; 3 the\n"
	"file could not be read.\n";

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"target", required_argument, NULL, 'T'}, {"time-col", required_argument, NULL, 't'},
		{"y-col", required_argument, NULL, 'y'}, {"unit", required_argument, NULL, 'u'},
		{"method", required_argument, NULL, 'm'}, {"confidence", required_argument, NULL, 'c'},
		{"json", no_argument, NULL, 'j'},         {NULL, 0, NULL, 0},
	};
	static const struct cli_choice methods[] = {{"loglog", WBG_DRIFT_LOGLOG}, {"lsq", WBG_DRIFT_LSQ}};
	const char *target = NULL, *tcol = "time", *ycol = NULL, *unit = "s";
	wbg_drift_method method = WBG_DRIFT_LOGLOG;
	double conf = 0.9, target_s, scale, m, lo, hi, *t = NULL, *v = NULL;
	struct csvcols tab = {0};
	wbg_drift_fit fit;
	size_t i, n = 0;
	int json = 0, c, kw, rc, ct, cy;
	char err[512];

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'T':
			target = optarg;
			break;
		case 't':
			tcol = optarg;
			break;
		case 'y':
			ycol = optarg;
			break;
		case 'u':
			unit = optarg;
			break;
		case 'm':
			if (cli_choice(cli, "--method", optarg, methods, CLI_NCHOICES(methods), &kw))
				return CLI_EXIT_USAGE;
			method = (wbg_drift_method)kw;
			break;
		case 'c':
			if (cli_level(cli, "--confidence", optarg, &conf))
				return CLI_EXIT_USAGE;
			break;
		case 'j':
			json = 1;
			break;
		default:
			return cli_usage_error(cli, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, "give one CSV file ('-' for stdin)");
	if (!target)
		return cli_usage_error(cli, "--target is required, e.g. --target 10y");
	if (wbg_quantity_parse(&target_s, NULL, target, "s", NULL) != WBG_OK || !(target_s > 0))
		return cli_usage_error(cli, "--target takes a time with its unit such as 10y or 1000h, not '%s'", target);
	{
		wbg_unit uu, us;
		if (wbg_unit_parse(&uu, unit, NULL) != WBG_OK || wbg_unit_parse(&us, "s", NULL) != WBG_OK ||
		    !wbg_unit_same_dim(&uu, &us) || wbg_quantity_parse(&scale, NULL, "1", unit, NULL) != WBG_OK ||
		    !(scale > 0))
			scale = -1;
	}
	if (scale < 0)
		return cli_usage_error(cli, "--unit '%s' is not a time unit (s, min, h, d, y ...)", unit);

	rc = csvcols_read_file(&tab, argv[optind], err, sizeof(err));
	if (rc != 0)
		return cli_error(cli, rc == -2 ? CLI_EXIT_IO : CLI_EXIT_USAGE, "%s", err);
	ct = csvcols_find(&tab, tcol);
	cy = ycol ? csvcols_find(&tab, ycol) : ct + 1;
	if (ct < 0 || cy < 0 || (size_t)cy >= tab.ncols) {
		rc = cli_error(cli, CLI_EXIT_USAGE, "%s: no column '%s'; name the columns with --time-col and --y-col",
		               argv[optind], ct < 0 ? tcol : ycol ? ycol : "(after time)");
		goto out;
	}
	t = malloc((tab.nrows ? tab.nrows : 1) * sizeof(double));
	v = malloc((tab.nrows ? tab.nrows : 1) * sizeof(double));
	if (!t || !v) {
		rc = cli_error(cli, CLI_EXIT_IO, "out of memory");
		goto out;
	}
	for (i = 0; i < tab.nrows; i++) {
		const double *row = tab.val + i * tab.ncols;
		const unsigned char *k = tab.isnum + i * tab.ncols;
		if (k[ct] != 1 || k[cy] != 1 || row[ct] < 0) {
			rc = cli_error(cli, CLI_EXIT_USAGE, "%s:%zu: time (>= 0) and drift must be numbers", argv[optind],
			               tab.line[i]);
			goto out;
		}
		if (row[ct] == 0)
			continue; /* the baseline readout */
		t[n] = row[ct] * scale;
		v[n] = row[cy];
		n++;
	}
	rc = wbg_drift_fit_power(&fit, t, v, n, method, cli->ctx);
	if (!rc)
		rc = wbg_drift_predict(&m, &lo, &hi, &fit, target_s, conf, cli->ctx);
	if (rc) {
		rc = cli_lib_error(cli, rc, method == WBG_DRIFT_LOGLOG ? "Drifts of either sign: try --method lsq." : NULL);
		goto out;
	}
	if (json) {
		printf("{\"method\":\"%s\",\"n_points\":%zu,\"A\":%.10g,\"A_se\":%.6g,\"n\":%.10g,\"n_se\":%.6g,"
		       "\"time_unit_of_A\":\"s\",\"target_s\":%.10g,\"confidence\":%g,\"drift\":%.10g,\"lo\":%.10g,\"hi\":%.10g}\n",
		       method == WBG_DRIFT_LOGLOG ? "loglog" : "lsq", n, fit.a, fit.a_se, fit.n, fit.n_se, target_s, conf, m,
		       lo, hi);
	} else {
		printf("power law dV = A t^n (t in s), %s fit of %zu readouts\n",
		       method == WBG_DRIFT_LOGLOG ? "log-log" : "least-squares", n);
		printf("  n      %.6g ± %.2g\n", fit.n, fit.n_se);
		printf("  A      %.6g ± %.2g\n", fit.a, fit.a_se);
		printf("  at %s: %.6g, %g %% interval [%.6g, %.6g]\n", target, m, 100 * conf, lo, hi);
	}
	rc = CLI_EXIT_OK;
out:
	free(t);
	free(v);
	csvcols_free(&tab);
	return rc;
}

const struct cli_analysis cli_analysis_drift = {
	.name = "drift",
	.summary = "power-law drift fit (BTI) extrapolated to a target time with its interval",
	.usage = usage,
	.run = run,
};
