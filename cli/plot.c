/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Report plots through PLplot's SVG driver. See plot.h. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <plplot.h>

#include "plot.h"

/* PLplot reports non-fatal problems through a process-wide abort handler
 * without user data; the CLI is single-threaded, so one buffer serves. */
static char pl_message[256];

static void on_plabort(PLCHAR_VECTOR msg)
{
	snprintf(pl_message, sizeof(pl_message), "%s", msg ? msg : "");
}

struct range {
	double lo, hi;
};

static void grow(struct range *r, double v)
{
	if (!isfinite(v))
		return;
	if (v < r->lo)
		r->lo = v;
	if (v > r->hi)
		r->hi = v;
}

/* Data value to plot coordinate. Returns NAN when it cannot be drawn. */
static double tx(const struct plot_spec *s, double x)
{
	if (s->logx || s->kind == PLOT_WEIBULL)
		return x > 0 ? log10(x) : NAN;
	return x;
}

static double ty(const struct plot_spec *s, double y)
{
	if (s->kind == PLOT_WEIBULL)
		return (y > 0 && y < 1) ? log(-log1p(-y)) : NAN;
	if (s->logy)
		return y > 0 ? log10(y) : NAN;
	return y;
}

static int fail(char *err, size_t errlen, const char *msg)
{
	snprintf(err, errlen, "%s", msg);
	return -1;
}

/* Plot limits from the data and markers, padded by 5 %. */
static int limits(struct range *rx, struct range *ry, const struct plot_spec *s, char *err,
                  size_t errlen)
{
	size_t i, j, drawn = 0;

	rx->lo = ry->lo = INFINITY;
	rx->hi = ry->hi = -INFINITY;
	for (i = 0; i < s->n_series; i++) {
		const struct plot_series *p = &s->series[i];
		if (p->n > 0 && (!p->x || !p->y))
			return fail(err, errlen, "a plot series has no data arrays");
		for (j = 0; j < p->n; j++) {
			double x = tx(s, p->x[j]), y = ty(s, p->y[j]);
			if (isfinite(x) && isfinite(y)) {
				grow(rx, x);
				grow(ry, y);
				drawn++;
			}
		}
	}
	if (drawn == 0)
		return fail(err, errlen, "nothing to plot: no finite point (or none > 0 on a log axis)");
	for (i = 0; i < s->n_markers; i++) {
		if (s->markers[i].vertical)
			grow(rx, tx(s, s->markers[i].at));
		else
			grow(ry, ty(s, s->markers[i].at));
	}
	if (rx->hi - rx->lo <= 1e-300 * fabs(rx->hi)) {
		rx->lo -= rx->lo != 0 ? fabs(rx->lo) * 0.1 : 1;
		rx->hi += rx->hi != 0 ? fabs(rx->hi) * 0.1 : 1;
	}
	if (ry->hi - ry->lo <= 1e-300 * fabs(ry->hi)) {
		ry->lo -= ry->lo != 0 ? fabs(ry->lo) * 0.1 : 1;
		ry->hi += ry->hi != 0 ? fabs(ry->hi) * 0.1 : 1;
	}
	{
		double px = (rx->hi - rx->lo) * 0.05, py = (ry->hi - ry->lo) * 0.05;
		rx->lo -= px;
		rx->hi += px;
		ry->lo -= py;
		ry->hi += py;
	}
	if (!isfinite(rx->lo) || !isfinite(rx->hi) || !isfinite(ry->lo) || !isfinite(ry->hi))
		return fail(err, errlen, "plot range is not finite");
	return 0;
}

/* A light, colour-blind-safe palette (Okabe-Ito) on white. */
static void palette(void)
{
	static const int rgb[][3] = {
		{255, 255, 255}, /* 0 background */
		{0, 114, 178},   /* 1 blue */
		{213, 94, 0},    /* 2 vermillion */
		{0, 158, 115},   /* 3 green */
		{230, 159, 0},   /* 4 orange */
		{204, 121, 167}, /* 5 purple */
		{86, 180, 233},  /* 6 sky */
		{120, 120, 120}, /* 7 grey */
		{0, 0, 0},       /* 8 black */
	};
	size_t i;

	plscmap0n(16);
	for (i = 0; i < sizeof(rgb) / sizeof(rgb[0]); i++)
		plscol0((PLINT)i, rgb[i][0], rgb[i][1], rgb[i][2]);
	plscol0(15, 0, 0, 0); /* axes and text */
}

static void weibull_axis(const struct range *rx, const struct range *ry)
{
	static const double f[] = {0.001, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.632, 0.8, 0.9,
	                           0.95, 0.99, 0.999};
	size_t i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		double y = log(-log1p(-f[i]));
		char lab[16];
		if (y < ry->lo || y > ry->hi)
			continue;
		snprintf(lab, sizeof(lab), f[i] < 0.01 ? "%.1f" : "%.0f", f[i] * 100);
		plcol0(7);
		pllsty(3);
		pljoin(rx->lo, y, rx->hi, y);
		pllsty(1);
		plcol0(15);
		plmtex("lv", 0.5, (y - ry->lo) / (ry->hi - ry->lo), 1.0, lab);
	}
}

static void draw_series(const struct plot_spec *s, const struct plot_series *p)
{
	PLFLT *xs = malloc((p->n ? p->n : 1) * sizeof(PLFLT));
	PLFLT *ys = malloc((p->n ? p->n : 1) * sizeof(PLFLT));
	size_t i;
	PLINT k = 0;

	if (!xs || !ys) {
		free(xs);
		free(ys);
		return;
	}
	for (i = 0; i < p->n; i++) {
		double x = tx(s, p->x[i]), y = ty(s, p->y[i]);
		if (isfinite(x) && isfinite(y)) {
			xs[k] = x;
			ys[k] = y;
			k++;
		}
	}
	plcol0(p->color > 0 && p->color < 15 ? p->color : 1);
	if (p->style == PLOT_DASHED)
		pllsty(2);
	if (k > 1 && p->style != PLOT_POINTS)
		plline(k, xs, ys);
	pllsty(1);
	if (k > 0 && (p->style == PLOT_POINTS || p->style == PLOT_LINE_POINTS)) {
		plssym(0, 2.0);
		plpoin(k, xs, ys, 17);
	}
	free(xs);
	free(ys);
}

static void draw_markers(const struct plot_spec *s, const struct range *rx, const struct range *ry)
{
	size_t i;

	for (i = 0; i < s->n_markers; i++) {
		const struct plot_marker *m = &s->markers[i];
		plcol0(m->color > 0 && m->color < 15 ? m->color : 2);
		pllsty(2);
		if (m->vertical) {
			double x = tx(s, m->at);
			if (!isfinite(x))
				continue;
			pljoin(x, ry->lo, x, ry->hi);
			if (m->label)
				plptex(x + (rx->hi - rx->lo) * 0.01, ry->lo + (ry->hi - ry->lo) * 0.05, 1, 0, 0,
				       m->label);
		} else {
			double y = ty(s, m->at);
			if (!isfinite(y))
				continue;
			pljoin(rx->lo, y, rx->hi, y);
			if (m->label)
				plptex(rx->lo + (rx->hi - rx->lo) * 0.01, y + (ry->hi - ry->lo) * 0.015, 1, 0, 0,
				       m->label);
		}
		pllsty(1);
	}
}

static void legend(const struct plot_spec *s, const struct range *rx, const struct range *ry)
{
	size_t i, row = 0;

	for (i = 0; i < s->n_series; i++) {
		const struct plot_series *p = &s->series[i];
		if (!p->label)
			continue;
		plcol0(p->color > 0 && p->color < 15 ? p->color : 1);
		plptex(rx->lo + (rx->hi - rx->lo) * 0.03,
		       ry->hi - (ry->hi - ry->lo) * (0.06 + 0.06 * (double)row), 1, 0, 0, p->label);
		row++;
	}
}

static char *read_svg(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	char *buf, *start;
	size_t n;

	if (!f) {
		fail(err, errlen, "PLplot wrote no SVG file");
		return NULL;
	}
	buf = malloc(PLOT_MAX_SVG + 1);
	if (!buf) {
		fclose(f);
		fail(err, errlen, "out of memory reading the plot");
		return NULL;
	}
	n = fread(buf, 1, PLOT_MAX_SVG + 1, f);
	fclose(f);
	if (n > PLOT_MAX_SVG || n == 0) {
		free(buf);
		fail(err, errlen, n ? "plot larger than 8 MiB" : "PLplot wrote an empty SVG");
		return NULL;
	}
	buf[n] = '\0';
	/* Inline in HTML: drop the XML declaration and the DOCTYPE. */
	start = strstr(buf, "<svg");
	if (!start) {
		free(buf);
		fail(err, errlen, "PLplot's output has no <svg> element");
		return NULL;
	}
	memmove(buf, start, strlen(start) + 1);
	return buf;
}

int plot_svg(char **out_svg, const struct plot_spec *s, char *err, size_t errlen)
{
	char path[] = "/tmp/wbg-plot-XXXXXX";
	struct range rx, ry;
	PLINT strm;
	int fd;
	size_t i;
	char *svg;

	if (!out_svg || !s || (s->n_series && !s->series) || (s->n_markers && !s->markers))
		return fail(err, errlen, "plot_svg: bad arguments");
	if (limits(&rx, &ry, s, err, errlen) != 0)
		return -1;
	fd = mkstemp(path);
	if (fd < 0)
		return fail(err, errlen, "cannot create a temporary file for the plot");
	close(fd);

	pl_message[0] = '\0';
	plsabort(on_plabort);
	plmkstrm(&strm);
	plsdev("svg");
	plsfnam(path);
	plspage(0, 0, s->width_px > 0 ? s->width_px : 640, s->height_px > 0 ? s->height_px : 400, 0, 0);
	palette();
	plinit();
	plcol0(15);
	pladv(0);
	plvsta();
	plwind(rx.lo, rx.hi, ry.lo, ry.hi);
	/* A light dotted grid under black axes. */
	plcol0(7);
	pllsty(3);
	if (s->kind == PLOT_WEIBULL) {
		plbox("gl", 0, 0, "", 0, 0);
		pllsty(1);
		plcol0(15);
		plbox("bcnstl", 0, 0, "bc", 0, 0);
		weibull_axis(&rx, &ry);
	} else {
		plbox(s->logx ? "gl" : "g", 0, 0, s->logy ? "gl" : "g", 0, 0);
		pllsty(1);
		plcol0(15);
		plbox(s->logx ? "bcnstl" : "bcnst", 0, 0, s->logy ? "bcnstvl" : "bcnstv", 0, 0);
	}
	plcol0(15);
	pllab(s->xlabel ? s->xlabel : "", s->ylabel ? s->ylabel : "", s->title ? s->title : "");
	for (i = 0; i < s->n_series; i++)
		draw_series(s, &s->series[i]);
	draw_markers(s, &rx, &ry);
	legend(s, &rx, &ry);
	plend1();

	svg = read_svg(path, err, errlen);
	unlink(path);
	if (!svg)
		return -1;
	if (pl_message[0]) {
		free(svg);
		return fail(err, errlen, pl_message);
	}
	*out_svg = svg;
	return 0;
}
