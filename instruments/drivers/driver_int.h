/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Internal: what a driver implements behind the capability interfaces of
 * wbg/driver.h, and the counted bus helpers every driver uses.
 */
#ifndef WBG_INSTRUMENTS_DRIVER_INT_H
#define WBG_INSTRUMENTS_DRIVER_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "wbg/accuracy.h"
#include "wbg/driver.h"

/* Ambient temperature assumed for the accuracy models (23 °C). */
#define WBGI_AMBIENT_K 296.15

struct wbgi_smu_ops {
	const char *model;      /* "2450" */
	const char *accuracy;   /* accuracy model name, NULL when none is published */
	int channels;
	int (*reset)(wbg_smu *s);
	int (*source)(wbg_smu *s, wbg_smu_fn fn, double level, double limit);
	int (*level)(wbg_smu *s, double level); /* change only the level */
	int (*nplc)(wbg_smu *s, double nplc);
	int (*output)(wbg_smu *s, bool on);
	int (*measure)(wbg_smu *s, wbg_smu_reading *out);
	/* NULL when the instrument cannot sweep by itself. */
	int (*sweep)(wbg_smu *s, wbg_smu_reading *out, wbg_smu_fn fn, double start, double stop,
	             size_t points, double limit, double delay_s);
	int (*sweep2)(wbg_smu *a, wbg_smu *b, wbg_smu_reading *out_a, wbg_smu_reading *out_b,
	              double a_start, double a_stop, double a_limit, double b_level,
	              double b_limit, size_t points, double delay_s);
	/* NULL when the instrument has no pulse mode. */
	int (*pulse)(wbg_smu *s, wbg_smu_reading *out, wbg_smu_fn fn, double base, double peak,
	             double limit, double width_s);
	int (*off)(wbg_smu *s);
};

struct wbg_smu {
	const struct wbgi_smu_ops *ops;
	wbg_instr *instr; /* borrowed */
	wbg_ctx *ctx;
	const wbg_acc_table *acc; /* the user's table (borrowed), NULL: the built-in one */
	int ch;
	unsigned long tx;
	wbg_smu_fn fn; /* as last programmed */
	double level, limit;
	double nplc;
};

/* Counted bus operations; printf-style commands. */
int wbgi_smu_write(wbg_smu *s, const char *fmt, ...) WBG_PRINTF(2, 3);
int wbgi_smu_query(wbg_smu *s, char **out, double work_s, const char *fmt, ...)
	WBG_PRINTF(4, 5);
int wbgi_smu_query_array(wbg_smu *s, double **out, size_t *out_n, double work_s,
                         wbg_scpi_format fmt, const char *cmd);
/* Drain the error queue after a step; any error -> WBG_ERR_INSTRUMENT naming
 * @p what and the first error. */
int wbgi_smu_errors(wbg_smu *s, const char *what);
/* Fill u_v and u_i from the accuracy model (NaN when none applies), and the
 * compliance flag from the programmed limit. */
void wbgi_smu_uncertainty(const wbg_smu *s, wbg_smu_reading *r);

extern const struct wbgi_smu_ops wbgi_smu_k2450, wbgi_smu_k2460, wbgi_smu_k2470;
extern const struct wbgi_smu_ops wbgi_smu_b2901a, wbgi_smu_b2902a;

#endif
