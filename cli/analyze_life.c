/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wbg analyze life FILE: Weibull / lognormal / exponential fit of life data with censoring. */
#include "config.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "csvcols.h"

static const char usage[] =
	"usage: wbg analyze life [options] FILE\n"
	"\n"
	"Fit a life distribution to failure and suspension times by maximum\n"
	"likelihood, with confidence bounds on the parameters and on the B1 and\n"
	"B10 lives (the times by which 1 % and 10 % of units fail).\n"
	"\n"
	"FILE is CSV with a header line ('-' reads stdin). Either\n"
	"  time,status          status 1 = failed at time, 0 = suspended (still\n"
	"                       running when removed or when the test ended)\n"
	"or, for inspection (interval) data,\n"
	"  time_lo,time_hi      failed in (time_lo, time_hi]; time_lo empty or 0:\n"
	"                       failed before time_hi; time_hi empty: suspended at\n"
	"                       time_lo; equal: failed at that time.\n"
	"An optional 'count' column gives the number of units on a row. Other\n"
	"columns are ignored; '#' lines are comments.\n"
	"\n"
	"Options:\n"
	"  --dist D            weibull (default), weibull3 (with a threshold gamma;\n"
	"                      Fisher bounds only), lognormal or exponential\n"
	"  --confidence C      two-sided confidence level of the bounds (default 0.9)\n"
	"  --bounds M          fisher (default, Fisher matrix on log scales) or lr\n"
	"                      (likelihood ratio; better with few failures)\n"
	"  --unit U            time unit of the file (default h); results use it too\n"
	"  --time-col NAME     column of times (default time)\n"
	"  --status-col NAME   column of status (default status)\n"
	"  --at T              also give the reliability R(T) with bounds (T in --unit)\n"
	"  --json              one JSON object on stdout\n"
	"  --plot              also print probability-plot points: each failure's\n"
	"                      time, median rank (Bernard, with Johnson's adjusted\n"
	"                      ranks for suspensions) and the fitted F(t) (CSV; with\n"
	"                      --json a second JSON line)\n"
	"\n"
	"Output: Weibull beta (shape) and eta (scale, the 63.2 % life); lognormal\n"
	"mu and sigma of ln t (t in --unit); exponential theta (mean life); the\n"
	"log-likelihood; bounds.\n"
	"\n"
	"Examples:\n"
	"  wbg analyze life htgb_failures.csv\n"
	"  wbg analyze life --dist lognormal --bounds lr --confidence 0.95 tddb.csv\n"
	"  wbg analyze life --json --at 1000 readouts.csv\n"
	"\n"
	"Exit status: 0 fitted; 2 bad usage, bad file content or no fit possible\n"
	"(e.g. no failures); 3 the file could not be read.\n";

struct life_opts {
	wbg_life_dist dist;
	double conf;
	wbg_life_bound method;
	const char *unit;
	const char *time_col, *status_col;
	double at; /* in unit; NaN: none */
	int json;
	int plot;
};

/* Turn the table into observations in seconds. */
static int table_to_obs(struct cli *cli, wbg_life_obs **out, size_t *out_n, const struct csvcols *t,
                        const char *file, const struct life_opts *o, double scale)
{
	int ct = csvcols_find(t, o->time_col), cs = csvcols_find(t, o->status_col);
	int clo = csvcols_find(t, "time_lo"), chi = csvcols_find(t, "time_hi"), cc = csvcols_find(t, "count");
	int interval = ct < 0 && clo >= 0 && chi >= 0;
	wbg_life_obs *obs;
	size_t r;

	if (!interval && (ct < 0 || cs < 0))
		return cli_error(cli, CLI_EXIT_USAGE,
		                 "%s: needs columns '%s' and '%s' (or time_lo and time_hi); it has '%s'%s. "
		                 "Name them with --time-col / --status-col",
		                 file, o->time_col, o->status_col, t->ncols ? t->names[0] : "", t->ncols > 1 ? ", ..." : "");
	if (t->nrows == 0)
		return cli_error(cli, CLI_EXIT_USAGE, "%s: no data rows", file);
	obs = calloc(t->nrows, sizeof(*obs));
	if (!obs)
		return cli_error(cli, CLI_EXIT_IO, "out of memory for %zu rows", t->nrows);
	for (r = 0; r < t->nrows; r++) {
		const double *v = t->val + r * t->ncols;
		const unsigned char *k = t->isnum + r * t->ncols;
		wbg_life_obs *ob = &obs[r];
		size_t line = t->line[r];

		ob->count = 1;
		if (cc >= 0) {
			if (k[cc] != 1 || !(v[cc] > 0)) {
				free(obs);
				return cli_error(cli, CLI_EXIT_USAGE, "%s:%zu: count must be a number > 0", file, line);
			}
			ob->count = v[cc];
		}
		if (!interval) {
			if (k[ct] != 1 || !(v[ct] > 0)) {
				free(obs);
				return cli_error(cli, CLI_EXIT_USAGE, "%s:%zu: column %s must hold a number > 0", file, line, o->time_col);
			}
			if (k[cs] != 1 || (v[cs] != 0 && v[cs] != 1)) {
				free(obs);
				return cli_error(cli, CLI_EXIT_USAGE,
				                 "%s:%zu: %s must be 1 (failure) or 0 (suspension)", file, line, o->status_col);
			}
			ob->t_s = v[ct] * scale;
			ob->cens = v[cs] == 1 ? WBG_LIFE_EXACT : WBG_LIFE_RIGHT;
		} else {
			int has_lo = k[clo] == 1, has_hi = k[chi] == 1;
			if (k[clo] == 2 || k[chi] == 2 || (!has_lo && !has_hi) || (has_lo && v[clo] < 0) ||
			    (has_hi && !(v[chi] > 0)) || (has_lo && has_hi && v[chi] < v[clo])) {
				free(obs);
				return cli_error(cli, CLI_EXIT_USAGE,
				                 "%s:%zu: time_lo,time_hi must be 0 <= time_lo <= time_hi, one may be empty",
				                 file, line);
			}
			if (!has_hi) {
				if (!(v[clo] > 0)) {
					free(obs);
					return cli_error(cli, CLI_EXIT_USAGE, "%s:%zu: a suspension needs time_lo > 0", file,
					                 line);
				}
				ob->t_s = v[clo] * scale;
				ob->cens = WBG_LIFE_RIGHT;
			} else if (!has_lo || v[clo] == 0) {
				ob->t_hi_s = v[chi] * scale;
				ob->cens = WBG_LIFE_LEFT;
			} else if (v[clo] == v[chi]) {
				ob->t_s = v[clo] * scale;
				ob->cens = WBG_LIFE_EXACT;
			} else {
				ob->t_s = v[clo] * scale;
				ob->t_hi_s = v[chi] * scale;
				ob->cens = WBG_LIFE_INTERVAL;
			}
		}
	}
	*out = obs;
	*out_n = t->nrows;
	return CLI_EXIT_OK;
}

static const char *dist_name(wbg_life_dist d)
{
	switch (d) {
	case WBG_LIFE_WEIBULL:
		return "weibull";
	case WBG_LIFE_LOGNORMAL:
		return "lognormal";
	case WBG_LIFE_EXPONENTIAL:
		return "exponential";
	case WBG_LIFE_WEIBULL3:
		return "weibull3";
	}
	return "?";
}

static int report(struct cli *cli, const wbg_life_fit *f, const wbg_life_obs *obs, size_t n,
                  const struct life_opts *o, double scale)
{
	double plo[3], phi[3], b1, b1l, b1h, b10, b10l, b10h, r = NAN, rl = NAN, rh = NAN, mu_u, loglik;
	int rc;
	const char *m = o->method == WBG_LIFE_LR ? "lr" : "fisher";
	int weib = f->dist == WBG_LIFE_WEIBULL || f->dist == WBG_LIFE_WEIBULL3;

	if (f->dist != WBG_LIFE_EXPONENTIAL) {
		rc = wbg_life_param_bounds(&plo[0], &phi[0], f, weib ? WBG_LIFE_P_BETA : WBG_LIFE_P_SIGMA, o->conf,
		                           o->method, obs, n, cli->ctx);
		if (rc)
			return cli_lib_error(cli, rc, NULL);
	}
	if (f->dist == WBG_LIFE_WEIBULL3) {
		rc = wbg_life_param_bounds(&plo[2], &phi[2], f, WBG_LIFE_P_GAMMA, o->conf, o->method, obs, n, cli->ctx);
		if (rc)
			return cli_lib_error(cli, rc, NULL);
		plo[2] /= scale;
		phi[2] /= scale;
	}
	rc = wbg_life_param_bounds(&plo[1], &phi[1], f, f->dist == WBG_LIFE_LOGNORMAL ? WBG_LIFE_P_MU : WBG_LIFE_P_ETA,
	                           o->conf, o->method, obs, n, cli->ctx);
	if (!rc)
		rc = wbg_life_percentile(&b1, &b1l, &b1h, f, 0.01, o->conf, o->method, obs, n, cli->ctx);
	if (!rc)
		rc = wbg_life_percentile(&b10, &b10l, &b10h, f, 0.10, o->conf, o->method, obs, n, cli->ctx);
	if (!rc && !isnan(o->at))
		rc = wbg_life_reliability(&r, &rl, &rh, f, o->at * scale, o->conf, o->method, obs, n, cli->ctx);
	if (rc)
		return cli_lib_error(cli, rc, NULL);
	mu_u = f->mu - log(scale);
	/* The densities of exact failures were per second; give them per unit. */
	{
		size_t i;
		loglik = f->loglik;
		for (i = 0; i < n; i++)
			if (obs[i].cens == WBG_LIFE_EXACT)
				loglik += obs[i].count * log(scale);
	}
	if (f->dist == WBG_LIFE_LOGNORMAL) {
		plo[1] -= log(scale);
		phi[1] -= log(scale);
	} else {
		plo[1] /= scale;
		phi[1] /= scale;
	}
	b1 /= scale, b1l /= scale, b1h /= scale, b10 /= scale, b10l /= scale, b10h /= scale;

	if (o->json) {
		printf("{\"dist\":\"%s\",\"time_unit\":\"%s\",\"n_units\":%.17g,\"n_failures\":%.17g,", dist_name(f->dist),
		       o->unit, f->n_units, f->n_fail);
		switch (f->dist) {
		case WBG_LIFE_WEIBULL:
			printf("\"beta\":%.10g,\"eta\":%.10g,", 1.0 / f->sigma, exp(mu_u));
			break;
		case WBG_LIFE_WEIBULL3:
			printf("\"beta\":%.10g,\"eta\":%.10g,\"gamma\":%.10g,", 1.0 / f->sigma, exp(mu_u), f->gamma / scale);
			break;
		case WBG_LIFE_LOGNORMAL:
			printf("\"mu\":%.10g,\"sigma\":%.10g,", mu_u, f->sigma);
			break;
		case WBG_LIFE_EXPONENTIAL:
			printf("\"theta\":%.10g,\"lambda\":%.10g,", exp(mu_u), exp(-mu_u));
			break;
		}
		printf("\"loglik\":%.10g,\"confidence\":%g,\"bound_method\":\"%s\",\"bounds\":{", loglik, o->conf, m);
		switch (f->dist) {
		case WBG_LIFE_WEIBULL:
			printf("\"beta\":[%.10g,%.10g],\"eta\":[%.10g,%.10g],", plo[0], phi[0], plo[1], phi[1]);
			break;
		case WBG_LIFE_WEIBULL3:
			printf("\"beta\":[%.10g,%.10g],\"eta\":[%.10g,%.10g],\"gamma\":[%.10g,%.10g],", plo[0], phi[0], plo[1],
			       phi[1], plo[2], phi[2]);
			break;
		case WBG_LIFE_LOGNORMAL:
			printf("\"sigma\":[%.10g,%.10g],\"mu\":[%.10g,%.10g],", plo[0], phi[0], plo[1], phi[1]);
			break;
		case WBG_LIFE_EXPONENTIAL:
			printf("\"theta\":[%.10g,%.10g],", plo[1], phi[1]);
			break;
		}
		printf("\"B1\":{\"t\":%.10g,\"lo\":%.10g,\"hi\":%.10g},\"B10\":{\"t\":%.10g,\"lo\":%.10g,\"hi\":%.10g}", b1, b1l,
		       b1h, b10, b10l, b10h);
		if (!isnan(o->at))
			printf(",\"R\":{\"t\":%.10g,\"r\":%.10g,\"lo\":%.10g,\"hi\":%.10g}", o->at, r, rl, rh);
		printf("}}\n");
		return CLI_EXIT_OK;
	}
	printf("%s fit by maximum likelihood: %g units, %g failures (times in %s)\n", dist_name(f->dist), f->n_units,
	       f->n_fail, o->unit);
	printf("bounds: two-sided %g %% (%s)\n", 100 * o->conf, o->method == WBG_LIFE_LR ? "likelihood ratio" : "Fisher matrix");
	switch (f->dist) {
	case WBG_LIFE_WEIBULL:
	case WBG_LIFE_WEIBULL3:
		printf("  beta   %-12.6g [%.6g, %.6g]\n", 1.0 / f->sigma, plo[0], phi[0]);
		printf("  eta    %-12.6g [%.6g, %.6g] %s\n", exp(mu_u), plo[1], phi[1], o->unit);
		if (f->dist == WBG_LIFE_WEIBULL3)
			printf("  gamma  %-12.6g [%.6g, %.6g] %s (threshold)\n", f->gamma / scale, plo[2], phi[2], o->unit);
		break;
	case WBG_LIFE_LOGNORMAL:
		printf("  mu     %-12.6g [%.6g, %.6g] (ln %s)\n", mu_u, plo[1], phi[1], o->unit);
		printf("  sigma  %-12.6g [%.6g, %.6g]\n", f->sigma, plo[0], phi[0]);
		printf("  median %-12.6g [%.6g, %.6g] %s\n", exp(mu_u), exp(plo[1]), exp(phi[1]), o->unit);
		break;
	case WBG_LIFE_EXPONENTIAL:
		printf("  theta  %-12.6g [%.6g, %.6g] %s (mean life)\n", exp(mu_u), plo[1], phi[1], o->unit);
		break;
	}
	printf("  B1     %-12.6g [%.6g, %.6g] %s\n", b1, b1l, b1h, o->unit);
	printf("  B10    %-12.6g [%.6g, %.6g] %s\n", b10, b10l, b10h, o->unit);
	if (!isnan(o->at))
		printf("  R(%g %s) %-8.6g [%.6g, %.6g]\n", o->at, o->unit, r, rl, rh);
	printf("  log-likelihood %.6f (densities per %s)\n", loglik, o->unit);
	return CLI_EXIT_OK;
}

static int print_plot(struct cli *cli, const wbg_life_fit *f, const wbg_life_obs *obs, size_t n,
                      const struct life_opts *o, double scale)
{
	size_t cap = 0, m = 0, i;
	double *t, *F;
	int rc;

	for (i = 0; i < n; i++)
		if (obs[i].cens == WBG_LIFE_EXACT)
			cap += (size_t)obs[i].count;
	t = malloc((cap ? cap : 1) * sizeof(double));
	F = malloc((cap ? cap : 1) * sizeof(double));
	if (!t || !F) {
		free(t);
		free(F);
		return cli_error(cli, CLI_EXIT_IO, "out of memory for %zu plot points", cap);
	}
	rc = wbg_life_plot_positions(t, F, &m, cap, obs, n, cli->ctx);
	if (rc) {
		free(t);
		free(F);
		return cli_lib_error(cli, rc, "Plot positions need time,status data with whole counts.");
	}
	if (o->json) {
		printf("{\"plot\":[");
		for (i = 0; i < m; i++)
			printf("%s[%.10g,%.10g,%.10g]", i ? "," : "", t[i] / scale, F[i], wbg_life_cdf(f, t[i]));
		printf("]}\n");
	} else {
		printf("time_%s,median_rank,fitted_F\n", o->unit);
		for (i = 0; i < m; i++)
			printf("%.10g,%.6f,%.6f\n", t[i] / scale, F[i], wbg_life_cdf(f, t[i]));
	}
	free(t);
	free(F);
	return CLI_EXIT_OK;
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"dist", required_argument, NULL, 'd'},       {"confidence", required_argument, NULL, 'c'},
		{"bounds", required_argument, NULL, 'b'},     {"unit", required_argument, NULL, 'u'},
		{"time-col", required_argument, NULL, 't'},   {"status-col", required_argument, NULL, 's'},
		{"at", required_argument, NULL, 'a'},         {"json", no_argument, NULL, 'j'},
		{"plot", no_argument, NULL, 'p'},
		{NULL, 0, NULL, 0},
	};
	static const struct cli_choice dists[] = {
		{"weibull", WBG_LIFE_WEIBULL}, {"weibull3", WBG_LIFE_WEIBULL3},
		{"lognormal", WBG_LIFE_LOGNORMAL}, {"exponential", WBG_LIFE_EXPONENTIAL},
	};
	static const struct cli_choice bounds[] = {{"fisher", WBG_LIFE_FISHER}, {"lr", WBG_LIFE_LR}};
	struct life_opts o = {WBG_LIFE_WEIBULL, 0.9, WBG_LIFE_FISHER, "h", "time", "status", NAN, 0, 0};
	struct csvcols t = {0};
	wbg_life_obs *obs = NULL;
	wbg_life_fit fit;
	size_t n = 0;
	double scale;
	char err[512];
	int c, k, rc;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		char *end;
		switch (c) {
		case 'd':
			if (cli_choice(cli, "--dist", optarg, dists, CLI_NCHOICES(dists), &k))
				return CLI_EXIT_USAGE;
			o.dist = (wbg_life_dist)k;
			break;
		case 'c':
			if (cli_level(cli, "--confidence", optarg, &o.conf))
				return CLI_EXIT_USAGE;
			break;
		case 'b':
			if (cli_choice(cli, "--bounds", optarg, bounds, CLI_NCHOICES(bounds), &k))
				return CLI_EXIT_USAGE;
			o.method = (wbg_life_bound)k;
			break;
		case 'u':
			o.unit = optarg;
			break;
		case 't':
			o.time_col = optarg;
			break;
		case 's':
			o.status_col = optarg;
			break;
		case 'a':
			o.at = strtod(optarg, &end);
			if (*end != '\0' || !(o.at > 0) || !isfinite(o.at))
				return cli_usage_error(cli, "--at takes a time > 0 in the file's unit, not '%s'", optarg);
			break;
		case 'j':
			o.json = 1;
			break;
		case 'p':
			o.plot = 1;
			break;
		default:
			return cli_usage_error(cli, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, "give one CSV file ('-' for stdin)");
	if (wbg_quantity_parse(&scale, NULL, "1", o.unit, cli->ctx) != WBG_OK || !(scale > 0))
		return cli_usage_error(cli, "--unit '%s' is not a time unit (s, min, h, d, y ...)", o.unit);
	{
		wbg_unit u, s;
		if (wbg_unit_parse(&u, o.unit, NULL) != WBG_OK || wbg_unit_parse(&s, "s", NULL) != WBG_OK ||
		    !wbg_unit_same_dim(&u, &s))
			return cli_usage_error(cli, "--unit '%s' is not a time unit (s, min, h, d, y ...)", o.unit);
	}
	rc = csvcols_read_file(&t, argv[optind], err, sizeof(err));
	if (rc != 0)
		return cli_error(cli, rc == -2 ? CLI_EXIT_IO : CLI_EXIT_USAGE, "%s", err);
	rc = table_to_obs(cli, &obs, &n, &t, argv[optind], &o, scale);
	if (rc != CLI_EXIT_OK)
		goto out;
	rc = wbg_life_fit_mle(&fit, obs, n, o.dist, cli->ctx);
	if (rc != WBG_OK) {
		rc = cli_lib_error(cli, rc, "Check the file: a fit needs failures (status 1) at two different times at least.");
		goto out;
	}
	rc = report(cli, &fit, obs, n, &o, scale);
	if (rc == CLI_EXIT_OK && o.plot)
		rc = print_plot(cli, &fit, obs, n, &o, scale);
out:
	free(obs);
	csvcols_free(&t);
	return rc;
}

const struct cli_analysis cli_analysis_life = {
	.name = "life",
	.summary = "Weibull / lognormal / exponential fit of life data with censoring and bounds",
	.usage = usage,
	.run = run,
};
