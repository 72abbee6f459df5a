/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wbg analyze spectrum FILE: multi-peak fit of a PL (or other) spectrum. */
#include "config.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "csvcols.h"

static const char usage[] =
	"usage: wbg analyze spectrum [options] FILE\n"
	"\n"
	"Fit N peaks of one line shape plus a baseline to a spectrum by least\n"
	"squares, and give each peak's centre, FWHM and area with standard\n"
	"errors; optionally the area ratio of two bands (e.g. the GaN yellow band\n"
	"near 2.2 eV over the near-band-edge line near 3.4 eV).\n"
	"\n"
	"FILE is CSV with a header line ('-' reads stdin): by default the first\n"
	"column is x (e.g. photon energy in eV) and the second the intensity.\n"
	"Rows are sorted by x; rows with an empty or non-numeric x or y are an error.\n"
	"\n"
	"Options:\n"
	"  --peaks N           number of peaks (default 1, at most 15)\n"
	"  --shape S           gaussian (default), lorentzian or voigt\n"
	"  --baseline B        none, constant or linear (default)\n"
	"  --x-col NAME        column of x (default: the first)\n"
	"  --y-col NAME        column of the intensity (default: the second)\n"
	"  --centres LIST      starting centres, comma-separated (default: the\n"
	"                      largest maxima, found one after another)\n"
	"  --ratio I:J         area of peak I over peak J (peaks numbered 1..N by x)\n"
	"  --json              one JSON object on stdout\n"
	"\n"
	"Voigt FWHMs use Olivero & Longbothum (1977), accurate to 0.02 %.\n"
	"\n"
	"Examples:\n"
	"  wbg analyze spectrum --peaks 2 --shape voigt --ratio 1:2 gan_pl.csv\n"
	"  wbg analyze spectrum --x-col energy_ev --y-col counts --json pl.csv\n"
	"\n"
	"Exit status: 0 fitted; 2 bad usage, bad file content or no fit; 3 the\n"
	"file could not be read.\n";

struct xy {
	double x, y;
};

static int cmp_xy(const void *a, const void *b)
{
	const struct xy *p = a, *q = b;
	return (p->x > q->x) - (p->x < q->x);
}

static const char *shape_name(wbg_peak_shape s)
{
	switch (s) {
	case WBG_PEAK_GAUSSIAN:
		return "gaussian";
	case WBG_PEAK_LORENTZIAN:
		return "lorentzian";
	case WBG_PEAK_VOIGT:
		return "voigt";
	}
	return "?";
}

static void print_fit(const wbg_spectrum_fit *f, int json, long ri, long rj, double r, double rse)
{
	size_t k;

	if (json) {
		printf("{\"shape\":\"%s\",\"npeaks\":%zu,\"rss\":%.10g,\"dof\":%zu,\"peaks\":[", shape_name(f->shape), f->npeaks,
		       f->rss, f->dof);
		for (k = 0; k < f->npeaks; k++) {
			const wbg_peak *p = &f->peaks[k];
			printf("%s{\"centre\":%.10g,\"centre_se\":%.6g,\"fwhm\":%.10g,\"fwhm_se\":%.6g,\"area\":%.10g,"
			       "\"area_se\":%.6g,\"height\":%.10g",
			       k ? "," : "", p->centre, p->centre_se, p->fwhm, p->fwhm_se, p->area, p->area_se, p->height);
			if (f->shape != WBG_PEAK_LORENTZIAN)
				printf(",\"fwhm_g\":%.10g,\"fwhm_g_se\":%.6g", p->fwhm_g, p->fwhm_g_se);
			if (f->shape != WBG_PEAK_GAUSSIAN)
				printf(",\"fwhm_l\":%.10g,\"fwhm_l_se\":%.6g", p->fwhm_l, p->fwhm_l_se);
			printf("}");
		}
		printf("],\"baseline\":[%.10g,%.10g]", f->base[0], f->base[1]);
		if (ri > 0)
			printf(",\"ratio\":{\"i\":%ld,\"j\":%ld,\"value\":%.10g,\"se\":%.6g}", ri, rj, r, rse);
		printf("}\n");
		return;
	}
	printf("%zu %s peak%s, residual sum of squares %.6g (%zu degrees of freedom)\n", f->npeaks, shape_name(f->shape),
	       f->npeaks > 1 ? "s" : "", f->rss, f->dof);
	printf("  #  centre               FWHM                 area                 height\n");
	for (k = 0; k < f->npeaks; k++) {
		const wbg_peak *p = &f->peaks[k];
		printf("  %zu  %-9.6g ± %-8.2g %-9.6g ± %-8.2g %-9.6g ± %-8.2g %.6g\n", k + 1, p->centre, p->centre_se, p->fwhm,
		       p->fwhm_se, p->area, p->area_se, p->height);
		if (f->shape == WBG_PEAK_VOIGT)
			printf("     Gaussian FWHM %.6g ± %.2g, Lorentzian FWHM %.6g ± %.2g\n", p->fwhm_g, p->fwhm_g_se, p->fwhm_l,
			       p->fwhm_l_se);
	}
	if (f->baseline != WBG_BASELINE_NONE)
		printf("  baseline %.6g ± %.2g%s", f->base[0], f->base_se[0], f->baseline == WBG_BASELINE_LINEAR ? "" : "\n");
	if (f->baseline == WBG_BASELINE_LINEAR)
		printf(" + %.6g ± %.2g per x unit (about x = %.6g)\n", f->base[1], f->base_se[1], f->x_mid);
	if (ri > 0)
		printf("  area ratio peak %ld / peak %ld: %.6g ± %.2g\n", ri, rj, r, rse);
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"peaks", required_argument, NULL, 'n'}, {"shape", required_argument, NULL, 's'},
		{"baseline", required_argument, NULL, 'b'}, {"x-col", required_argument, NULL, 'x'},
		{"y-col", required_argument, NULL, 'y'}, {"centres", required_argument, NULL, 'c'},
		{"ratio", required_argument, NULL, 'r'}, {"json", no_argument, NULL, 'j'},
		{NULL, 0, NULL, 0},
	};
	static const struct cli_choice shapes[] = {
		{"gaussian", WBG_PEAK_GAUSSIAN}, {"lorentzian", WBG_PEAK_LORENTZIAN}, {"voigt", WBG_PEAK_VOIGT},
	};
	static const struct cli_choice bases[] = {
		{"none", WBG_BASELINE_NONE}, {"constant", WBG_BASELINE_CONSTANT}, {"linear", WBG_BASELINE_LINEAR},
	};
	long npeaks = 1, ri = 0, rj = 0;
	wbg_peak_shape shape = WBG_PEAK_GAUSSIAN;
	wbg_baseline base = WBG_BASELINE_LINEAR;
	const char *xcol = NULL, *ycol = NULL;
	double centres[WBG_SPECTRUM_MAX_PEAKS], r = 0, rse = 0, *x = NULL, *y = NULL;
	size_t ncentres = 0, i, n;
	int json = 0, c, k, rc, cx, cy;
	struct csvcols t = {0};
	struct xy *pts = NULL;
	wbg_spectrum_fit *fit = NULL;
	char err[512];

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		char *end;
		switch (c) {
		case 'n':
			npeaks = strtol(optarg, &end, 10);
			if (*end != '\0' || npeaks < 1 || npeaks > WBG_SPECTRUM_MAX_PEAKS)
				return cli_usage_error(cli, "--peaks takes 1 to %d, not '%s'", WBG_SPECTRUM_MAX_PEAKS, optarg);
			break;
		case 's':
			if (cli_choice(cli, "--shape", optarg, shapes, CLI_NCHOICES(shapes), &k))
				return CLI_EXIT_USAGE;
			shape = (wbg_peak_shape)k;
			break;
		case 'b':
			if (cli_choice(cli, "--baseline", optarg, bases, CLI_NCHOICES(bases), &k))
				return CLI_EXIT_USAGE;
			base = (wbg_baseline)k;
			break;
		case 'x':
			xcol = optarg;
			break;
		case 'y':
			ycol = optarg;
			break;
		case 'c': {
			const char *s = optarg;
			ncentres = 0;
			for (;;) {
				if (ncentres >= WBG_SPECTRUM_MAX_PEAKS)
					return cli_usage_error(cli, "--centres lists more than %d values", WBG_SPECTRUM_MAX_PEAKS);
				centres[ncentres] = strtod(s, &end);
				if (end == s || !isfinite(centres[ncentres]) || (*end != ',' && *end != '\0'))
					return cli_usage_error(cli, "--centres takes numbers separated by commas, not '%s'", optarg);
				ncentres++;
				if (*end == '\0')
					break;
				s = end + 1;
			}
			break;
		}
		case 'r':
			if (sscanf(optarg, "%ld:%ld", &ri, &rj) != 2 || ri < 1 || rj < 1)
				return cli_usage_error(cli, "--ratio takes I:J with peak numbers from 1, not '%s'", optarg);
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
	if (ncentres && ncentres != (size_t)npeaks)
		return cli_usage_error(cli, "--centres gives %zu values for %ld peaks", ncentres, npeaks);
	if (ri > npeaks || rj > npeaks)
		return cli_usage_error(cli, "--ratio names a peak above --peaks %ld", npeaks);
	rc = csvcols_read_file(&t, argv[optind], err, sizeof(err));
	if (rc != 0)
		return cli_error(cli, rc == -2 ? CLI_EXIT_IO : CLI_EXIT_USAGE, "%s", err);
	cx = xcol ? csvcols_find(&t, xcol) : 0;
	cy = ycol ? csvcols_find(&t, ycol) : 1;
	if (cx < 0 || cy < 0 || (size_t)cx >= t.ncols || (size_t)cy >= t.ncols) {
		rc = cli_error(cli, CLI_EXIT_USAGE, "%s: no column '%s'; the header names %zu column%s", argv[optind],
		               cx < 0 || (size_t)cx >= t.ncols ? (xcol ? xcol : "(second)") : (ycol ? ycol : "(second)"),
		               t.ncols, t.ncols == 1 ? "" : "s");
		goto out;
	}
	n = t.nrows;
	pts = malloc((n ? n : 1) * sizeof(*pts));
	x = malloc((n ? n : 1) * sizeof(*x));
	y = malloc((n ? n : 1) * sizeof(*y));
	fit = malloc(sizeof(*fit));
	if (!pts || !x || !y || !fit) {
		rc = cli_error(cli, CLI_EXIT_IO, "out of memory for %zu points", n);
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (t.isnum[i * t.ncols + (size_t)cx] != 1 || t.isnum[i * t.ncols + (size_t)cy] != 1) {
			rc = cli_error(cli, CLI_EXIT_USAGE, "%s:%zu: x and intensity must be numbers", argv[optind], t.line[i]);
			goto out;
		}
		pts[i].x = t.val[i * t.ncols + (size_t)cx];
		pts[i].y = t.val[i * t.ncols + (size_t)cy];
	}
	qsort(pts, n, sizeof(*pts), cmp_xy);
	for (i = 0; i < n; i++) {
		x[i] = pts[i].x;
		y[i] = pts[i].y;
		if (i > 0 && x[i] == x[i - 1]) {
			rc = cli_error(cli, CLI_EXIT_USAGE, "%s: x = %g appears twice; average repeated points first", argv[optind],
			               x[i]);
			goto out;
		}
	}
	rc = wbg_spectrum_fit_peaks(fit, x, y, n, (size_t)npeaks, shape, base, ncentres ? centres : NULL, cli->ctx);
	if (rc) {
		rc = cli_lib_error(cli, rc, "Try fewer peaks, another shape, or starting --centres.");
		goto out;
	}
	if (ri > 0) {
		rc = wbg_spectrum_area_ratio(&r, &rse, fit, (size_t)ri - 1, (size_t)rj - 1, cli->ctx);
		if (rc) {
			rc = cli_lib_error(cli, rc, NULL);
			goto out;
		}
	}
	print_fit(fit, json, ri, rj, r, rse);
	rc = CLI_EXIT_OK;
out:
	free(pts);
	free(x);
	free(y);
	free(fit);
	csvcols_free(&t);
	return rc;
}

const struct cli_analysis cli_analysis_spectrum = {
	.name = "spectrum",
	.summary = "multi-peak fit (Gaussian/Lorentzian/Voigt + baseline) of a PL spectrum",
	.usage = usage,
	.run = run,
};
