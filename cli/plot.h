/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Plots for reports, drawn by PLplot's SVG driver (not a plotting engine of
 * our own). Each call makes its own PLplot stream and ends it, so plots do
 * not share state. The SVG text returned is ready to be inlined in HTML
 * (no XML declaration, no DOCTYPE).
 */
#ifndef WBG_CLI_PLOT_H
#define WBG_CLI_PLOT_H

#include <stdbool.h>
#include <stddef.h>

enum plot_style { PLOT_LINE = 0, PLOT_POINTS, PLOT_LINE_POINTS, PLOT_DASHED };

struct plot_series {
	const double *x;
	const double *y;
	size_t n;
	const char *label; /* legend text, NULL for none */
	enum plot_style style;
	int color; /* PLplot cmap0 index, 1..14 */
};

/* A horizontal or vertical marker line: a limit or an extracted value. */
struct plot_marker {
	bool vertical; /* true: x = at; false: y = at */
	double at;
	const char *label;
	int color;
};

/* The y axis of a Weibull probability plot: y values are probabilities F in
 * (0, 1) drawn on the ln(-ln(1-F)) scale with percent tick labels; x is drawn
 * on a log10 scale. */
enum plot_kind { PLOT_XY = 0, PLOT_WEIBULL };

struct plot_spec {
	enum plot_kind kind;
	const char *title;
	const char *xlabel;
	const char *ylabel;
	bool logx; /* x data > 0, drawn on log10 */
	bool logy;
	const struct plot_series *series;
	size_t n_series;
	const struct plot_marker *markers;
	size_t n_markers;
	int width_px; /* 0: 640 */
	int height_px; /* 0: 400 */
};

/* Largest SVG we accept back from PLplot. */
#define PLOT_MAX_SVG (8u * 1024u * 1024u)

/*
 * Draw @p spec. On success *out_svg is a malloc'ed NUL-terminated SVG
 * document (free it) and returns 0. On failure returns -1 with a message in
 * @p err (non-positive data on a log axis, no finite points, PLplot errors).
 */
int plot_svg(char **out_svg, const struct plot_spec *spec, char *err, size_t errlen);

#endif
