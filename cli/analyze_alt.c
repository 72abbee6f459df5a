/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wbg analyze alt FILE: accelerated life test, acceleration model + life distribution. */
#include "config.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "csvcols.h"

static const char usage[] =
	"usage: wbg analyze alt [options] FILE\n"
	"\n"
	"Fit an acceleration model jointly with a life distribution to failures\n"
	"and suspensions at several stress levels (maximum likelihood), and\n"
	"extrapolate to use conditions.\n"
	"\n"
	"FILE is CSV with a header line ('-' reads stdin): columns time and\n"
	"status (1 failed, 0 suspended), an optional count, and a stress column:\n"
	"  temp_c or temp_k    temperature (arrhenius, eyring)\n"
	"  voltage             voltage in V (power)\n"
	"  field               oxide field in V/m (e, inv-e)\n"
	"\n"
	"Options:\n"
	"  --model M           arrhenius (default), eyring, power, e, inv-e\n"
	"  --dist D            weibull (default), lognormal or exponential\n"
	"  --stress-col NAME   the stress column (default: the first of the names above)\n"
	"  --use S             use-condition stress, in the stress column's unit\n"
	"  --unit U            time unit of the file (default h)\n"
	"  --confidence C      two-sided level of the bounds (default 0.9)\n"
	"  --bounds M          on the model parameter: fisher (default) or lr\n"
	"                      (likelihood ratio); use-condition bounds are Fisher\n"
	"  --json              one JSON object on stdout\n"
	"\n"
	"Models: arrhenius t = A exp(Ea/kT); eyring t = (A/T) exp(Ea/kT); power\n"
	"t = A / V^n; e t = A exp(-gamma E); inv-e t = A exp(G/E).\n"
	"\n"
	"Examples:\n"
	"  wbg analyze alt --model arrhenius --dist weibull --use 125 htol.csv\n"
	"  wbg analyze alt --model e --dist lognormal --use 4e8 tddb.csv\n"
	"\n"
	"Exit status: 0 fitted; 2 bad usage, bad file content or no fit; 3 the\n"
	"file could not be read.\n";

static const char *param_name(wbg_alt_model m)
{
	switch (m) {
	case WBG_ALT_ARRHENIUS:
	case WBG_ALT_EYRING:
		return "Ea_eV";
	case WBG_ALT_POWER:
		return "n";
	case WBG_ALT_E:
		return "gamma_m_per_V";
	case WBG_ALT_INV_E:
		return "G_V_per_m";
	}
	return "?";
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"model", required_argument, NULL, 'm'}, {"dist", required_argument, NULL, 'd'},
		{"stress-col", required_argument, NULL, 's'}, {"use", required_argument, NULL, 'U'},
		{"unit", required_argument, NULL, 'u'}, {"confidence", required_argument, NULL, 'c'},
		{"json", no_argument, NULL, 'j'}, {"bounds", required_argument, NULL, 'b'},
		{NULL, 0, NULL, 0},
	};
	static const char *const stress_names[] = {"temp_c", "temp_k", "voltage", "field", NULL};
	static const struct cli_choice models[] = {
		{"arrhenius", WBG_ALT_ARRHENIUS}, {"eyring", WBG_ALT_EYRING}, {"power", WBG_ALT_POWER},
		{"e", WBG_ALT_E}, {"inv-e", WBG_ALT_INV_E},
	};
	static const struct cli_choice dists[] = {
		{"weibull", WBG_LIFE_WEIBULL}, {"lognormal", WBG_LIFE_LOGNORMAL},
		{"exponential", WBG_LIFE_EXPONENTIAL},
	};
	static const struct cli_choice bounds[] = {{"fisher", WBG_LIFE_FISHER}, {"lr", WBG_LIFE_LR}};
	wbg_alt_model model = WBG_ALT_ARRHENIUS;
	wbg_life_dist dist = WBG_LIFE_WEIBULL;
	wbg_life_bound method = WBG_LIFE_FISHER;
	double plo, phi;
	const char *scol = NULL, *unit = "h";
	double use = NAN, conf = 0.9, scale, v, se, *stress = NULL;
	struct csvcols t = {0};
	wbg_life_obs *obs = NULL;
	wbg_alt_fit fit;
	int json = 0, c, kw, rc, cs, ct, cst, cc, celsius;
	size_t i;
	char err[512];

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		char *end;
		switch (c) {
		case 'm':
			if (cli_choice(cli, "--model", optarg, models, CLI_NCHOICES(models), &kw))
				return CLI_EXIT_USAGE;
			model = (wbg_alt_model)kw;
			break;
		case 'd':
			if (cli_choice(cli, "--dist", optarg, dists, CLI_NCHOICES(dists), &kw))
				return CLI_EXIT_USAGE;
			dist = (wbg_life_dist)kw;
			break;
		case 's':
			scol = optarg;
			break;
		case 'U':
			use = strtod(optarg, &end);
			if (*end != '\0' || !isfinite(use))
				return cli_usage_error(cli, "--use takes a number in the stress column's unit, not '%s'", optarg);
			break;
		case 'u':
			unit = optarg;
			break;
		case 'c':
			if (cli_level(cli, "--confidence", optarg, &conf))
				return CLI_EXIT_USAGE;
			break;
		case 'j':
			json = 1;
			break;
		case 'b':
			if (cli_choice(cli, "--bounds", optarg, bounds, CLI_NCHOICES(bounds), &kw))
				return CLI_EXIT_USAGE;
			method = (wbg_life_bound)kw;
			break;
		default:
			return cli_usage_error(cli, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, "give one CSV file ('-' for stdin)");
	{
		wbg_unit uu, us;
		if (wbg_unit_parse(&uu, unit, NULL) != WBG_OK || wbg_unit_parse(&us, "s", NULL) != WBG_OK ||
		    !wbg_unit_same_dim(&uu, &us) || wbg_quantity_parse(&scale, NULL, "1", unit, NULL) != WBG_OK ||
		    !(scale > 0))
			return cli_usage_error(cli, "--unit '%s' is not a time unit (s, min, h, d, y ...)", unit);
	}
	rc = csvcols_read_file(&t, argv[optind], err, sizeof(err));
	if (rc != 0)
		return cli_error(cli, rc == -2 ? CLI_EXIT_IO : CLI_EXIT_USAGE, "%s", err);
	ct = csvcols_find(&t, "time");
	cst = csvcols_find(&t, "status");
	cc = csvcols_find(&t, "count");
	cs = -1;
	if (scol)
		cs = csvcols_find(&t, scol);
	for (i = 0; !scol && stress_names[i] && cs < 0; i++) {
		cs = csvcols_find(&t, stress_names[i]);
		if (cs >= 0)
			scol = stress_names[i];
	}
	if (ct < 0 || cst < 0 || cs < 0) {
		rc = cli_error(cli, CLI_EXIT_USAGE, "%s: needs columns time, status and a stress column (%s)", argv[optind],
		               scol ? scol : "temp_c, temp_k, voltage or field; or name it with --stress-col");
		goto out;
	}
	celsius = strlen(scol) >= 2 && strcmp(scol + strlen(scol) - 2, "_c") == 0;
	obs = calloc(t.nrows ? t.nrows : 1, sizeof(*obs));
	stress = calloc(t.nrows ? t.nrows : 1, sizeof(double));
	if (!obs || !stress) {
		rc = cli_error(cli, CLI_EXIT_IO, "out of memory");
		goto out;
	}
	for (i = 0; i < t.nrows; i++) {
		const double *row = t.val + i * t.ncols;
		const unsigned char *k = t.isnum + i * t.ncols;
		if (k[ct] != 1 || !(row[ct] > 0) || k[cst] != 1 || (row[cst] != 0 && row[cst] != 1) || k[cs] != 1 ||
		    (cc >= 0 && (k[cc] != 1 || !(row[cc] > 0)))) {
			rc = cli_error(cli, CLI_EXIT_USAGE,
			               "%s:%zu: time > 0, status 0 or 1, a numeric stress (and count > 0) are needed", argv[optind],
			               t.line[i]);
			goto out;
		}
		obs[i].t_s = row[ct] * scale;
		obs[i].cens = row[cst] == 1 ? WBG_LIFE_EXACT : WBG_LIFE_RIGHT;
		obs[i].count = cc >= 0 ? row[cc] : 1.0;
		stress[i] = celsius ? row[cs] + 273.15 : row[cs];
	}
	rc = wbg_alt_fit_mle(&fit, obs, stress, t.nrows, model, dist, cli->ctx);
	if (rc) {
		rc = cli_lib_error(cli, rc, "An acceleration model needs failures at two stress levels at least.");
		goto out;
	}
	wbg_alt_param(&v, &se, &fit, NULL);
	rc = wbg_alt_param_bounds(&plo, &phi, &fit, conf, method, obs, stress, t.nrows, cli->ctx);
	if (rc) {
		rc = cli_lib_error(cli, rc, NULL);
		goto out;
	}
	if (json)
		printf("{\"model\":\"%s\",\"dist\":\"%s\",\"%s\":%.10g,\"%s_se\":%.6g,\"%s_bounds\":[%.10g,%.10g],"
		       "\"bound_method\":\"%s\",\"sigma\":%.10g,\"sigma_se\":%.6g,\"loglik\":%.10g,\"levels\":%zu",
		       model == WBG_ALT_ARRHENIUS ? "arrhenius" : model == WBG_ALT_EYRING ? "eyring"
		       : model == WBG_ALT_POWER   ? "power" : model == WBG_ALT_E ? "e" : "inv-e",
		       dist == WBG_LIFE_WEIBULL ? "weibull" : dist == WBG_LIFE_LOGNORMAL ? "lognormal" : "exponential",
		       param_name(model), v, param_name(model), se, param_name(model), plo, phi,
		       method == WBG_LIFE_LR ? "lr" : "fisher", fit.sigma, sqrt(fit.cov[2][2]), fit.loglik, fit.n_levels);
	else
		printf("%s model with a %s life distribution: %g units, %g failures at %zu stress levels\n"
		       "  %-14s %.6g ± %.2g\n  %-14s %.6g ± %.2g\n"
		       "  %g %% %s bounds on %s: [%.6g, %.6g]\n",
		       model == WBG_ALT_ARRHENIUS ? "Arrhenius" : model == WBG_ALT_EYRING ? "Eyring"
		       : model == WBG_ALT_POWER   ? "inverse power law" : model == WBG_ALT_E ? "E" : "1/E",
		       dist == WBG_LIFE_WEIBULL ? "Weibull" : dist == WBG_LIFE_LOGNORMAL ? "lognormal" : "exponential",
		       fit.n_units, fit.n_fail, fit.n_levels, param_name(model), v, se,
		       dist == WBG_LIFE_WEIBULL ? "beta" : "sigma", dist == WBG_LIFE_WEIBULL ? 1 / fit.sigma : fit.sigma,
		       dist == WBG_LIFE_WEIBULL ? sqrt(fit.cov[2][2]) / (fit.sigma * fit.sigma) : sqrt(fit.cov[2][2]),
		       100 * conf, method == WBG_LIFE_LR ? "likelihood-ratio" : "Fisher", param_name(model), plo, phi);
	if (!isnan(use)) {
		wbg_life_fit lf;
		double s_use = celsius ? use + 273.15 : use, b10, lo, hi, ml, mlo, mhi;
		rc = wbg_alt_life_at(&lf, &fit, s_use, cli->ctx);
		if (!rc)
			rc = wbg_life_percentile(&b10, &lo, &hi, &lf, 0.10, conf, WBG_LIFE_FISHER, NULL, 0, cli->ctx);
		if (!rc)
			rc = wbg_life_param_bounds(&mlo, &mhi, &lf, WBG_LIFE_P_ETA, conf, WBG_LIFE_FISHER, NULL, 0, cli->ctx);
		if (rc) {
			if (json)
				printf("}\n");
			rc = cli_lib_error(cli, rc, NULL);
			goto out;
		}
		ml = exp(lf.mu);
		if (json)
			printf(",\"use\":{\"stress\":%.10g,\"eta\":%.10g,\"eta_lo\":%.10g,\"eta_hi\":%.10g,\"B10\":%.10g,"
			       "\"B10_lo\":%.10g,\"B10_hi\":%.10g,\"time_unit\":\"%s\"}",
			       use, ml / scale, mlo / scale, mhi / scale, b10 / scale, lo / scale, hi / scale, unit);
		else
			printf("at use stress %g (%g %% Fisher bounds, times in %s):\n"
			       "  %-14s %.6g [%.6g, %.6g]\n  %-14s %.6g [%.6g, %.6g]\n",
			       use, 100 * conf, unit, dist == WBG_LIFE_LOGNORMAL ? "median" : dist == WBG_LIFE_WEIBULL ? "eta" : "theta",
			       ml / scale, mlo / scale, mhi / scale, "B10", b10 / scale, lo / scale, hi / scale);
	}
	if (json)
		printf(",\"confidence\":%g}\n", conf);
	rc = CLI_EXIT_OK;
out:
	free(obs);
	free(stress);
	csvcols_free(&t);
	return rc;
}

const struct cli_analysis cli_analysis_alt = {
	.name = "alt",
	.summary = "accelerated life test: Arrhenius/Eyring/power/E/1-E model with a life distribution",
	.usage = usage,
	.run = run,
};
