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
	/* pulse (b29xx_pulse.c): :SOUR:FUNC:SHAP PULS, the peak is the
	 * triggered level (or the sweep point), the base the immediate level */
	bool pulse;
	double pulse_width, pulse_delay, trig_level[2];
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
/* The channel of a command by its first header suffix; -114 if absent. */
struct b29_ch *wbgi_b29_chan(struct wbgi_scpi_call *c, int *out_idx);
/* Set or query a number in [lo, hi] (MIN/MAX/DEF as the SCPI layer). */
void wbgi_b29_num_field(struct wbgi_scpi_call *c, double *dst, double lo, double hi, double def);

/* b29xx_pulse.c: pulse settings and one pulsed trigger. */
void wbgi_b29_pulse_reset(struct b29_ch *h);
void wbgi_b29_pulse_point(wbg_vinstr *vi, int k, struct b29_entry *e);
void wbgi_b29_shape(struct wbgi_scpi_call *c);
void wbgi_b29_puls_width(struct wbgi_scpi_call *c);
void wbgi_b29_puls_delay(struct wbgi_scpi_call *c);
void wbgi_b29_volt_trig(struct wbgi_scpi_call *c);
void wbgi_b29_curr_trig(struct wbgi_scpi_call *c);
void wbgi_b29_aper(struct wbgi_scpi_call *c);

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
