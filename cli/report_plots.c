/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The plots of the HTML report, drawn by cli/plot.c (PLplot SVG) and
 * inlined: transfer curves with the extracted threshold, shift against
 * readout time, a Weibull probability plot with the fit and its bounds,
 * and lot distributions with the limits.
 */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot.h"
#include "report.h"

#define MAX_SERIES 12 /* distinct colors */
#define MAX_DIST_PLOTS 8

static int color_of(size_t i)
{
	/* plot.c's palette without vermillion (2, limits) and black (8, thresholds) */
	static const int c[] = {1, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14};
	return c[i % (sizeof(c) / sizeof(c[0]))];
}

/* One plot in a <div> whose data-plot attribute names its kind. */
static void emit(FILE *out, const char *kind, const struct plot_spec *spec, const char *caption)
{
	char *svg = NULL, err[256];

	fprintf(out, "<div class=\"plot\" data-plot=\"%s\">\n", kind);
	if (plot_svg(&svg, spec, err, sizeof(err)) != 0) {
		fputs("<p class=\"muted\">Plot not drawn: ", out);
		html_escape(out, err);
		fputs("</p>\n", out);
	} else {
		fputs(svg, out);
		fputc('\n', out);
		free(svg);
	}
	if (caption) {
		fputs("<p class=\"muted\">", out);
		html_escape(out, caption);
		fputs("</p>\n", out);
	}
	fputs("</div>\n", out);
}

/* Case-insensitive: is this parameter a threshold voltage? */
static int is_threshold(const char *name, const char *unit)
{
	char low[64];
	size_t i;

	if (!unit || strcmp(unit, "V") != 0)
		return 0;
	for (i = 0; name[i] && i + 1 < sizeof(low); i++)
		low[i] = (char)tolower((unsigned char)name[i]);
	low[i] = '\0';
	return strstr(low, "th") != NULL;
}

/* ------------------------------------------------------ transfer curves */

struct arr_ref {
	int64_t step;
	char name[64];
	char unit[16];
};

struct arr_list {
	struct arr_ref *a;
	size_t n, cap;
};

static int collect_array(void *user, const wbg_array_record *x)
{
	struct arr_list *l = user;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		struct arr_ref *p;
		if (cap > 1000000)
			return 1;
		p = realloc(l->a, cap * sizeof(*p));
		if (!p)
			return 1;
		l->a = p;
		l->cap = cap;
	}
	l->a[l->n].step = x->step;
	snprintf(l->a[l->n].name, sizeof(l->a[l->n].name), "%s", x->name);
	snprintf(l->a[l->n].unit, sizeof(l->a[l->n].unit), "%s", x->unit);
	l->n++;
	return 0;
}

/* The gate-voltage and drain-current arrays of a step, if it has them. */
static int step_curve(const struct arr_list *l, int64_t step, const char **vname,
                      const char **iname)
{
	size_t i;

	*vname = *iname = NULL;
	for (i = 0; i < l->n; i++) {
		if (l->a[i].step != step)
			continue;
		if (strcmp(l->a[i].unit, "V") == 0 && (!*vname || strcmp(l->a[i].name, "vgs") == 0))
			*vname = l->a[i].name;
		if (strcmp(l->a[i].unit, "A") == 0 && (!*iname || strcmp(l->a[i].name, "id") == 0))
			*iname = l->a[i].name;
	}
	return *vname && *iname;
}

struct curve {
	double *x, *y;
	size_t n;
	double vth_x, vth_y;
};

/* Drain current at the threshold, interpolated on the curve. */
static double interp(const double *x, const double *y, size_t n, double at)
{
	size_t i;

	for (i = 1; i < n; i++)
		if ((x[i - 1] <= at && at <= x[i]) || (x[i] <= at && at <= x[i - 1])) {
			double t = x[i] == x[i - 1] ? 0 : (at - x[i - 1]) / (x[i] - x[i - 1]);
			return y[i - 1] + t * (y[i] - y[i - 1]);
		}
	return NAN;
}

static void transfer_plot(FILE *out, const struct rep *r, const struct arr_list *l, int last)
{
	struct plot_series ser[MAX_SERIES + 1];
	struct curve cv[MAX_SERIES];
	double vx[MAX_SERIES], vy[MAX_SERIES], target = 0;
	char title[160], caption[400];
	size_t i, j, n = 0, nv = 0, skipped = 0;
	struct plot_spec spec;
	int any_transfer = 0;

	if (last)
		for (i = 0; i < r->n_steps; i++)
			if (r->steps[i].readout_s > target)
				target = r->steps[i].readout_s;
	if (last && target == 0)
		return;
	/* the transfer curves, when the run has them; else any V and A pair */
	for (i = 0; i < r->n_steps && !any_transfer; i++)
		any_transfer = strcmp(r->steps[i].method, "transfer") == 0;
	memset(cv, 0, sizeof(cv));
	for (i = 0; i < r->n_steps; i++) {
		const struct rep_step *s = &r->steps[i];
		const char *vn, *in;
		double *x = NULL, *y = NULL;
		size_t nx = 0, ny = 0, k, m = 0;
		if (s->readout_s != target || (any_transfer && strcmp(s->method, "transfer") != 0) ||
		    !step_curve(l, s->id, &vn, &in))
			continue;
		if (n == MAX_SERIES) {
			skipped++;
			continue;
		}
		if (wbg_store_array_read(&x, &nx, r->st, s->id, vn) != WBG_OK ||
		    wbg_store_array_read(&y, &ny, r->st, s->id, in) != WBG_OK || nx != ny) {
			free(x);
			free(y);
			continue;
		}
		/* a log axis: only positive currents (|I| for n-channel sweeps), at most
		 * 9 decades below the largest, so that the axis stays readable */
		double top = 0;
		for (k = 0; k < nx; k++)
			if (isfinite(y[k]) && fabs(y[k]) > top && fabs(y[k]) < 1e30)
				top = fabs(y[k]);
		for (k = 0; k < nx; k++) {
			double a = fabs(y[k]);
			/* 9.9e37 is an instrument's overflow mark (a source in compliance) */
			if (a > top * 1e-9 && a < 1e30 && fabs(x[k]) < 1e30 && isfinite(x[k])) {
				x[m] = x[k];
				y[m] = a;
				m++;
			}
		}
		cv[n].x = x;
		cv[n].y = y;
		cv[n].n = m;
		cv[n].vth_x = NAN;
		for (j = 0; j < r->n_params; j++)
			if (r->params[j].step == s->id && is_threshold(r->params[j].name, r->params[j].unit)) {
				cv[n].vth_x = r->params[j].value;
				cv[n].vth_y = interp(x, y, m, cv[n].vth_x);
				break;
			}
		memset(&ser[n], 0, sizeof(ser[n]));
		ser[n].x = x;
		ser[n].y = y;
		ser[n].n = m;
		ser[n].label = s->sample;
		ser[n].style = PLOT_LINE;
		ser[n].color = color_of(n);
		if (isfinite(cv[n].vth_x) && isfinite(cv[n].vth_y) && cv[n].vth_y > 0) {
			vx[nv] = cv[n].vth_x;
			vy[nv] = cv[n].vth_y;
			nv++;
		}
		if (m >= 2)
			n++;
		else {
			free(x);
			free(y);
		}
	}
	if (n == 0) {
		if (!last)
			fputs("<p class=\"muted\">No transfer curve stored (no step with a gate-voltage "
			      "array in V and a drain-current array in A).</p>\n", out);
		return;
	}
	memset(&ser[n], 0, sizeof(ser[n]));
	ser[n].x = vx;
	ser[n].y = vy;
	ser[n].n = nv;
	ser[n].label = "extracted VGS(th)";
	ser[n].style = PLOT_POINTS;
	ser[n].color = 8;
	snprintf(title, sizeof(title), "Transfer curves at readout %g h", target / 3600.0);
	memset(&spec, 0, sizeof(spec));
	spec.kind = PLOT_XY;
	spec.title = title;
	spec.xlabel = "VGS (V)";
	spec.ylabel = "|ID| (A)";
	spec.logy = true;
	spec.series = ser;
	spec.n_series = nv ? n + 1 : n;
	spec.width_px = 760;
	spec.height_px = 460;
	snprintf(caption, sizeof(caption),
	         "One curve per sample (%zu shown%s), down to 9 decades below its largest "
	         "current; the black points mark the extracted threshold of each curve, at the "
	         "drain current read on the curve.",
	         n, skipped ? ", more in the data" : "");
	emit(out, "transfer", &spec, caption);
	for (i = 0; i < n; i++) {
		free(cv[i].x);
		free(cv[i].y);
	}
}

/* ------------------------------------------------------ shift vs readout */

static void shift_plot(FILE *out, const struct rep *r)
{
	const char *param = NULL, *test = NULL, *samples[MAX_SERIES];
	double xs[MAX_SERIES][32], ys[MAX_SERIES][32];
	struct plot_series ser[MAX_SERIES];
	struct plot_marker mk[2];
	size_t np[MAX_SERIES], ns = 0, nm = 0, i, j;
	char ylabel[96], caption[300];
	struct plot_spec spec;
	int more = 0;

	/* the threshold measured after stress */
	for (i = 0; i < r->n_params && !param; i++)
		if (r->params[i].readout_s > 0 && is_threshold(r->params[i].name, r->params[i].unit)) {
			param = r->params[i].name;
			test = r->params[i].test;
		}
	if (!param) {
		fputs("<p class=\"muted\">No threshold read after stress: no shift plot.</p>\n", out);
		return;
	}
	for (i = 0; i < r->n_params; i++) {
		const wbg_param_record *p = &r->params[i];
		double base = NAN;
		if (strcmp(p->name, param) != 0 || strcmp(p->test, test) != 0)
			continue;
		for (j = 0; j < ns; j++)
			if (strcmp(samples[j], p->sample) == 0)
				break;
		if (j == ns) {
			if (ns == MAX_SERIES) {
				more = 1;
				continue;
			}
			samples[ns] = p->sample;
			np[ns++] = 0;
		}
		for (size_t k = 0; k < r->n_params; k++) {
			const wbg_param_record *q = &r->params[k];
			if (q->readout_s == 0 && strcmp(q->name, param) == 0 && strcmp(q->test, test) == 0 &&
			    strcmp(q->sample, p->sample) == 0) {
				base = q->value;
				break;
			}
		}
		if (isnan(base) || np[j] >= 32)
			continue;
		xs[j][np[j]] = p->readout_s / 3600.0;
		ys[j][np[j]] = p->value - base;
		np[j]++;
	}
	memset(ser, 0, sizeof(ser));
	for (j = 0; j < ns; j++) {
		ser[j].x = xs[j];
		ser[j].y = ys[j];
		ser[j].n = np[j];
		ser[j].label = samples[j];
		ser[j].style = PLOT_LINE_POINTS;
		ser[j].color = color_of(j);
	}
	for (i = 0; i < r->n_verdicts && nm == 0; i++) {
		const wbg_verdict_info *v = &r->verdicts[i];
		if (strcmp(v->limit, "shift-absolute") != 0 || strcmp(v->parameter, param) != 0)
			continue;
		if (isfinite(v->tl_lo))
			mk[nm++] = (struct plot_marker){false, v->tl_lo, "lower shift limit", 2};
		if (isfinite(v->tl_hi))
			mk[nm++] = (struct plot_marker){false, v->tl_hi, "upper shift limit", 2};
	}
	snprintf(ylabel, sizeof(ylabel), "shift of %s (V)", param);
	memset(&spec, 0, sizeof(spec));
	spec.title = "Threshold shift against readout time";
	spec.xlabel = "stress time (h)";
	spec.ylabel = ylabel;
	spec.series = ser;
	spec.n_series = ns;
	spec.markers = mk;
	spec.n_markers = nm;
	spec.width_px = 760;
	spec.height_px = 460;
	snprintf(caption, sizeof(caption),
	         "Test %s: each sample's %s minus its own baseline (0 h) reading; dotted lines: the "
	         "shift limits of the standard.%s",
	         test, param, more ? " The first 12 samples are shown." : "");
	emit(out, "shift", &spec, caption);
}

/* --------------------------------------------------------------- Weibull */

static void weibull_plot(FILE *out, const struct rep *r)
{
	wbg_life_obs *obs = calloc(r->n_steps + 1, sizeof(*obs)), *pos = calloc(r->n_steps + 1,
	                                                                          sizeof(*pos));
	double *pt = calloc(r->n_steps + 1, sizeof(double)), *pf = calloc(r->n_steps + 1,
	                                                                    sizeof(double));
	double tmax = 0, tmin = 0, fx[60], fy[60], lx[60], ly[60], hx[60], hy[60];
	const char **seen = calloc(r->n_steps + 1, sizeof(*seen));
	size_t n = 0, no = 0, nbase = 0, i, j, nfail = 0, npos = 0, nf = 0, nb = 0, nl = 0;
	struct plot_series ser[4];
	struct plot_spec spec;
	wbg_life_fit fit;
	wbg_ctx *ctx = NULL;
	char caption[400];
	double beta_lo, beta_hi, eta_lo, eta_hi;

	fputs("<h3>Weibull probability plot</h3>\n", out);
	if (!obs || !pos || !pt || !pf || !seen || wbg_ctx_new(&ctx) != WBG_OK)
		goto out;
	for (i = 0; i < r->n_steps; i++)
		if (r->steps[i].readout_s > tmax)
			tmax = r->steps[i].readout_s;
	/* one record per stressed sample: failed between two readouts, or still good */
	for (i = 0; i < r->n_steps && tmax > 0; i++) {
		const struct rep_step *s = &r->steps[i];
		double tf = INFINITY, prev = 0;
		if (s->readout_s <= 0)
			continue;
		for (j = 0; j < n; j++)
			if (strcmp(seen[j], s->sample) == 0)
				break;
		if (j < n)
			continue;
		seen[n] = s->sample;
		/* a unit that fails at the baseline was never good: not life data */
		for (j = 0; j < r->n_verdicts; j++)
			if (strcmp(r->verdicts[j].sample, s->sample) == 0 &&
			    rep_outcome(r->verdicts[j].outcome) == WBG_FAIL &&
			    r->verdicts[j].readout_s == 0)
				break;
		if (j < r->n_verdicts) {
			nbase++;
			n++;
			continue;
		}
		for (j = 0; j < r->n_verdicts; j++) {
			const wbg_verdict_info *v = &r->verdicts[j];
			if (strcmp(v->sample, s->sample) == 0 && rep_outcome(v->outcome) == WBG_FAIL &&
			    v->readout_s > 0 && v->readout_s < tf)
				tf = v->readout_s;
		}
		for (j = 0; j < r->n_steps; j++)
			if (strcmp(r->steps[j].sample, s->sample) == 0 && r->steps[j].readout_s < tf &&
			    r->steps[j].readout_s > prev)
				prev = r->steps[j].readout_s;
		obs[no].count = 1;
		pos[no].count = 1;
		if (isfinite(tf)) {
			obs[no].cens = WBG_LIFE_INTERVAL;
			obs[no].t_s = prev;
			obs[no].t_hi_s = tf;
			pos[no].cens = WBG_LIFE_EXACT;
			pos[no].t_s = tf;
			nfail++;
		} else {
			obs[no].cens = WBG_LIFE_RIGHT;
			obs[no].t_s = tmax;
			pos[no].cens = WBG_LIFE_RIGHT;
			pos[no].t_s = tmax;
		}
		no++;
		n++;
	}
	if (no == 0) {
		fputs("<p class=\"muted\">No stress readouts in this run: no life data.</p>\n", out);
		goto out;
	}
	if (wbg_life_fit_mle(&fit, obs, no, WBG_LIFE_WEIBULL, ctx) != WBG_OK) {
		fprintf(out, "<p class=\"muted\">%zu stressed units, %zu failed (a FAIL verdict at a "
		        "readout): a two-parameter Weibull fit needs failures in at least two distinct "
		        "readout intervals, so none is drawn.</p>\n", no, nfail);
		goto out;
	}
	if (wbg_life_plot_positions(pt, pf, &npos, no, pos, no, ctx) != WBG_OK)
		npos = 0;
	for (i = 0; i < npos; i++)
		pt[i] /= 3600.0;
	/* the fit and its 90 % Fisher bounds, drawn as the time to each failed fraction */
	/* drawn over two decades either side of the data, so that poorly
	 * determined bounds do not stretch the axis over twenty decades */
	for (i = 0; i < no; i++) {
		double t = pos[i].t_s;
		if (t > 0 && (tmin == 0 || t < tmin))
			tmin = t;
	}
	for (i = 0; i < 60; i++) {
		double p = 0.01 + 0.98 * (double)i / 59.0, t, lo, hi;
		if (wbg_life_percentile(&t, &lo, &hi, &fit, p, 0.90, WBG_LIFE_FISHER, NULL, 0, ctx) !=
		    WBG_OK)
			continue;
		if (t >= tmin / 100 && t <= tmax * 100) {
			fx[nf] = t / 3600.0;
			fy[nf++] = p;
		}
		if (isfinite(lo) && lo >= tmin / 100 && lo <= tmax * 100) {
			lx[nl] = lo / 3600.0;
			ly[nl++] = p;
		}
		if (isfinite(hi) && hi >= tmin / 100 && hi <= tmax * 100) {
			hx[nb] = hi / 3600.0;
			hy[nb++] = p;
		}
	}
	memset(ser, 0, sizeof(ser));
	ser[0] = (struct plot_series){pt, pf, npos, "failures (median ranks)", PLOT_POINTS, 8};
	ser[1] = (struct plot_series){fx, fy, nf, "Weibull ML fit", PLOT_LINE, 1};
	ser[2] = (struct plot_series){lx, ly, nl, "90 % bounds", PLOT_DASHED, 2};
	ser[3] = (struct plot_series){hx, hy, nb, NULL, PLOT_DASHED, 2};
	memset(&spec, 0, sizeof(spec));
	spec.kind = PLOT_WEIBULL;
	spec.title = "Weibull probability plot of the stress failures";
	spec.xlabel = "stress time (h)";
	spec.ylabel = "fraction failed";
	spec.series = ser;
	spec.n_series = 4;
	spec.width_px = 760;
	spec.height_px = 460;
	if (wbg_life_param_bounds(&beta_lo, &beta_hi, &fit, WBG_LIFE_P_BETA, 0.90, WBG_LIFE_FISHER,
	                          NULL, 0, ctx) != WBG_OK)
		beta_lo = beta_hi = NAN;
	if (wbg_life_param_bounds(&eta_lo, &eta_hi, &fit, WBG_LIFE_P_ETA, 0.90, WBG_LIFE_FISHER,
	                          NULL, 0, ctx) != WBG_OK)
		eta_lo = eta_hi = NAN;
	snprintf(caption, sizeof(caption),
	         "%zu stressed units, %zu failed%s. A unit fails at the first readout with a FAIL "
	         "verdict; it is fitted as failed between that readout and the one before "
	         "(interval-censored), survivors as suspended at %g h. Shape beta = %.3g [%.3g, "
	         "%.3g], scale eta = %.4g h [%.4g, %.4g] (90 %% Fisher bounds).",
	         no, nfail, nbase ? " (units that failed at the baseline are left out)" : "",
	         tmax / 3600.0, 1.0 / fit.sigma, beta_lo, beta_hi, exp(fit.mu) / 3600.0,
	         eta_lo / 3600.0, eta_hi / 3600.0);
	emit(out, "weibull", &spec, caption);
out:
	wbg_ctx_free(ctx);
	free(obs);
	free(pos);
	free(pt);
	free(pf);
	free(seen);
}

/* ------------------------------------------------------ lot distributions */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void distribution_plots(FILE *out, const struct rep *r)
{
	size_t i, j, plots = 0;
	char *done = calloc(r->n_verdicts + 1, 1);

	fputs("<h3>Lot distributions</h3>\n", out);
	if (!done)
		return;
	for (i = 0; i < r->n_verdicts && plots < MAX_DIST_PLOTS; i++) {
		const wbg_verdict_info *a = &r->verdicts[i];
		double *x, *f, scale = 1;
		size_t n = 0;
		struct plot_series ser;
		struct plot_marker mk[4];
		struct plot_spec spec;
		size_t nm = 0;
		char title[200], xlabel[120], ro[32];
		bool logx;
		if (done[i] || !a->sample[0] || strcmp(a->limit, "sample-plan") == 0 ||
		    strcmp(a->limit, "cpk") == 0)
			continue;
		x = calloc(r->n_verdicts, sizeof(double));
		f = calloc(r->n_verdicts, sizeof(double));
		if (!x || !f) {
			free(x);
			free(f);
			break;
		}
		for (j = i; j < r->n_verdicts; j++) {
			const wbg_verdict_info *b = &r->verdicts[j];
			if (strcmp(a->test, b->test) == 0 && strcmp(a->parameter, b->parameter) == 0 &&
			    strcmp(a->limit, b->limit) == 0 && b->sample[0] &&
			    ((isnan(a->readout_s) && isnan(b->readout_s)) || a->readout_s == b->readout_s)) {
				done[j] = 1;
				x[n++] = b->value;
			}
		}
		/* in the parameter's unit in the standard (ratios have none) */
		if (strcmp(a->limit, "shift-ratio") == 0 || strcmp(a->limit, "shift-relative") == 0 ||
		    !a->unit[0] || wbg_unit_from_si(&scale, 1.0, a->unit, NULL) != WBG_OK)
			scale = 1;
		for (j = 0; j < n; j++)
			x[j] *= scale;
		if (n < 3) {
			free(x);
			free(f);
			continue;
		}
		qsort(x, n, sizeof(double), cmp_double);
		for (j = 0; j < n; j++)
			f[j] = ((double)j + 0.5) / (double)n; /* Hazen plotting positions */
		/* values over more than two decades (leakage) on a log axis */
		logx = x[0] > 0 && x[n - 1] / x[0] > 100;
		if (isfinite(a->tl_lo) && (!logx || a->tl_lo > 0))
			mk[nm++] = (struct plot_marker){true, a->tl_lo * scale, "lower limit", 2};
		if (isfinite(a->tl_hi) && (!logx || a->tl_hi > 0))
			mk[nm++] = (struct plot_marker){true, a->tl_hi * scale, "upper limit", 2};
		/* acceptance limits unlabelled: they sit next to the tolerance limits */
		if (isfinite(a->al_lo) && a->al_lo != a->tl_lo && (!logx || a->al_lo > 0))
			mk[nm++] = (struct plot_marker){true, a->al_lo * scale, NULL, 7};
		if (isfinite(a->al_hi) && a->al_hi != a->tl_hi && (!logx || a->al_hi > 0))
			mk[nm++] = (struct plot_marker){true, a->al_hi * scale, NULL, 7};
		memset(&ser, 0, sizeof(ser));
		ser.x = x;
		ser.y = f;
		ser.n = n;
		ser.label = "samples";
		ser.style = PLOT_LINE_POINTS;
		ser.color = 1;
		if (isnan(a->readout_s))
			snprintf(ro, sizeof(ro), "all readouts");
		else
			snprintf(ro, sizeof(ro), "%g h", a->readout_s / 3600.0);
		snprintf(title, sizeof(title), "%s %s (%s), %s", a->test, a->parameter, a->limit, ro);
		if (strcmp(a->limit, "shift-ratio") == 0 || strcmp(a->limit, "shift-relative") == 0)
			snprintf(xlabel, sizeof(xlabel), "%s %s", a->parameter, a->limit);
		else
			snprintf(xlabel, sizeof(xlabel), "%s%s (%s)",
			         strncmp(a->limit, "shift", 5) == 0 ? "shift of " : "", a->parameter,
			         a->unit[0] ? a->unit : "1");
		memset(&spec, 0, sizeof(spec));
		spec.title = title;
		spec.xlabel = xlabel;
		spec.ylabel = "cumulative fraction of the lot";
		spec.logx = logx;
		spec.series = &ser;
		spec.n_series = 1;
		spec.markers = mk;
		spec.n_markers = nm;
		spec.width_px = 640;
		spec.height_px = 360;
		emit(out, "distribution", &spec,
		     "Each sample's value against the cumulative fraction of the lot; vermillion: "
		     "the tolerance limits, grey: the acceptance limits of the decision rule.");
		plots++;
		free(x);
		free(f);
	}
	if (plots == 0)
		fputs("<p class=\"muted\">No per-sample verdicts over at least three samples.</p>\n",
		      out);
	free(done);
}

void rep_write_plots(FILE *out, const struct rep *r)
{
	struct arr_list l = {NULL, 0, 0};

	fputs("<h2 id=\"plots\">Plots</h2>\n<h3>Transfer curves</h3>\n", out);
	if (wbg_store_arrays_list(r->st, r->run, collect_array, &l) == WBG_OK) {
		transfer_plot(out, r, &l, 0);
		transfer_plot(out, r, &l, 1);
	}
	free(l.a);
	fputs("<h3>Shift against readout time</h3>\n", out);
	shift_plot(out, r);
	weibull_plot(out, r);
	distribution_plots(out, r);
}
