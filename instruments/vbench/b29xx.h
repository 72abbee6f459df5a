/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Keysight B2901A/B2902A simulation: state shared by b29xx.c (source,
 * compliance, trigger settings, command table) and b29xx_acq.c
 * (acquisition, :FETCh/:MEASure, data formats). */
#ifndef WBG_VBENCH_B29XX_H
#define WBG_VBENCH_B29XX_H

#include "vbench_int.h"

#define B29_PTS_MAX 2500
#define B29_TRIG_MAX 100000
#define B29_LINE_HZ 60.0

enum { EL_VOLT, EL_CURR, EL_RES, EL_TIME, EL_STAT, EL_SOUR, EL_N };

struct b29_entry {
	double v, i, t, src, stat;
};

struct b29_ch {
	enum wbgi_src func;
	bool sweep[2];         /* per function: MODE SWE */
	double level[2], start[2], stop[2];
	size_t points;
	bool dbl;              /* double (up and back) sweep */
	double prot[2];        /* [V]: current compliance, [I]: voltage compliance */
	double nplc;
	bool out;
	double trig_count, tran_del, acq_del, timer;
	bool trig_timer;
	size_t n;
	struct b29_entry buf[B29_TRIG_MAX];
};

struct b29 {
	int nch;
	bool binary, real64, swapped;
	int elems[EL_N];
	size_t nelems;
	struct b29_ch ch[2];
};

static inline struct b29 *st(struct wbgi_scpi_call *c)
{
	return c->vi->st;
}

void wbgi_b29_push_drive(wbg_vinstr *vi, int k);

/* b29xx_acq.c */
void wbgi_b29_init(struct wbgi_scpi_call *c);
void wbgi_b29_fetc_arr(struct wbgi_scpi_call *c);
void wbgi_b29_fetc_arr_v(struct wbgi_scpi_call *c);
void wbgi_b29_fetc_arr_i(struct wbgi_scpi_call *c);
void wbgi_b29_fetc_arr_t(struct wbgi_scpi_call *c);
void wbgi_b29_fetc_arr_s(struct wbgi_scpi_call *c);
void wbgi_b29_fetc(struct wbgi_scpi_call *c);
void wbgi_b29_read_arr(struct wbgi_scpi_call *c);
void wbgi_b29_meas(struct wbgi_scpi_call *c);
void wbgi_b29_meas_v(struct wbgi_scpi_call *c);
void wbgi_b29_meas_i(struct wbgi_scpi_call *c);
void wbgi_b29_form(struct wbgi_scpi_call *c);
void wbgi_b29_bord(struct wbgi_scpi_call *c);
void wbgi_b29_elem(struct wbgi_scpi_call *c);

#endif
