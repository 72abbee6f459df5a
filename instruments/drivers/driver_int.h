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
/* A source level read back below this is 0 V (the 2450's 20 mV range
 * resolves 500 nV; an instrument echoes the 0 it was given exactly). */
#define WBGI_OFF_LEVEL_V 1e-6

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
	/* Rear-panel digital I/O lines usable as trigger lines (0: none), and
	 * the synchronised sweep of two such instruments joined by a trigger
	 * cable (wbg_smu_link: a's line drives b's line); NULL: none. */
	int dio_lines;
	int (*sweep2_linked)(wbg_smu *a, wbg_smu *b, wbg_smu_reading *out_a,
	                     wbg_smu_reading *out_b, double a_start, double a_stop,
	                     double a_limit, double b_level, double b_limit, size_t points,
	                     double delay_s);
	/* NULL when the instrument has no pulse mode. */
	int (*pulse)(wbg_smu *s, wbg_smu_reading *out, wbg_smu_fn fn, double base, double peak,
	             double limit, double width_s);
	int (*off)(wbg_smu *s);
	/* Read back the output relay and the voltage level (after off(): is it
	 * really off at 0 V?). NULL when the instrument cannot tell. */
	int (*state)(wbg_smu *s, bool *out_on, double *out_level_v);
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
	/* A trigger cable from this instrument's line trig_out_line to line
	 * trig_in_line of trig_to's instrument (wbg_smu_link); NULL: none. */
	wbg_smu *trig_to;
	int trig_out_line, trig_in_line;
	double reconnect_s; /* how long wbg_smu_off() waits for a dropped link, 0: never */
	bool gave_up;       /* the last wait ended without the instrument */
	bool idn_known;     /* *IDN? was read at open: a reopen checks it is the same */
	char off_report[640]; /* what the last wbg_smu_off() did about a dropped link */
};

/* Counted bus operations; printf-style commands. */
int wbgi_smu_write(wbg_smu *s, const char *fmt, ...) WBG_PRINTF(2, 3);
int wbgi_smu_query(wbg_smu *s, char **out, double work_s, const char *fmt, ...)
	WBG_PRINTF(4, 5);
int wbgi_smu_query_array(wbg_smu *s, double **out, size_t *out_n, double work_s,
                         wbg_scpi_format fmt, const char *cmd);
/* One numeric reply of @p cmd (a query). */
int wbgi_smu_query_number(wbg_smu *s, double *out, const char *cmd);
/* Drain the error queue after a step; any error -> WBG_ERR_INSTRUMENT naming
 * @p what and the first error. */
int wbgi_smu_errors(wbg_smu *s, const char *what);
/* Fill u_v and u_i from the accuracy model (NaN when none applies), and the
 * compliance flag from the programmed limit. */
void wbgi_smu_uncertainty(const wbg_smu *s, wbg_smu_reading *r);

extern const struct wbgi_smu_ops wbgi_smu_k2450, wbgi_smu_k2460, wbgi_smu_k2470;
extern const struct wbgi_smu_ops wbgi_smu_b2901a, wbgi_smu_b2902a;

#endif
