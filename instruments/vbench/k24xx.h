/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Keithley 2450/2460/2470 simulation: state shared by k24xx.c (source,
 * measure, command table) and k24xx_trace.c (reading buffer, sweeps). */
#ifndef WBG_VBENCH_K24XX_H
#define WBG_VBENCH_K24XX_H

#include "vbench_int.h"

#define K24_BUF_MAX 100000
#define K24_SWEEP_MAX 10000
#define K24_SWEEP_READINGS_MAX 100000.0
#define K24_LINE_HZ 60.0

struct k24_spec {
	double vmax, imax;
	double env_v[3], env_i[3]; /* |I| <= env_i[k] while |V| <= env_v[k] */
	double irange[12], vrange[8]; /* measure ranges, ascending, 0-terminated */
};

enum k24_form { K24_FORM_ASC = 0, K24_FORM_REAL = 1, K24_FORM_SREAL = 2 };

struct k24_entry {
	double reading, source, t;
};

struct k24 {
	enum wbgi_src func;
	double level[2]; /* [WBGI_SRC_V], [WBGI_SRC_I] */
	double limit[2]; /* ILIM (for V source), VLIM (for I source) */
	double srange[2];
	bool srange_auto[2];
	double delay[2];
	bool delay_auto[2];
	int sense; /* 0 current, 1 voltage, 2 resistance */
	double mrange[2];    /* measure range: [0] current, [1] voltage */
	bool mrange_auto[2];
	double nplc[3];
	bool azero;
	bool out;
	/* :FORMat[:DATA] ASCii|REAL|SREal and :FORMat:BORDer (*RST: ASC, SWAP) */
	int form;     /* enum k24_form */
	bool swapped; /* SWAPped: least significant byte first */
	bool dirty; /* source changed since the last reading */
	bool tripped;
	/* sweep */
	bool sweep_set;
	enum wbgi_src sw_func;
	size_t sw_n;
	double sw_pts[K24_SWEEP_MAX];
	double sw_delay;
	long sw_count;
	bool sw_abort, sw_dual;
	/* defbuffer1 */
	size_t cap, n, head;
	double t0;
	struct k24_entry buf[K24_BUF_MAX];
};

static inline struct k24 *st(struct wbgi_scpi_call *c)
{
	return c->vi->st;
}

static inline const struct k24_spec *spec(const wbg_vinstr *vi)
{
	return vi->model->spec;
}

void wbgi_k24_push_drive(wbg_vinstr *vi);
bool wbgi_k24_envelope_ok(wbg_vinstr *vi, enum wbgi_src f, double level, double limit);
void wbgi_k24_take_reading(wbg_vinstr *vi, double extra_delay, struct k24_entry *out);
void wbgi_k24_put_num(struct wbgi_scpi_call *c, double v);
void wbgi_k24_bool_cmd(struct wbgi_scpi_call *c, bool *b);

/* k24xx_trace.c: readings into defbuffer1, sweeps, :TRACe. */
void wbgi_k24_read(struct wbgi_scpi_call *c);
void wbgi_k24_meas(struct wbgi_scpi_call *c);
void wbgi_k24_meas_i(struct wbgi_scpi_call *c);
void wbgi_k24_meas_v(struct wbgi_scpi_call *c);
void wbgi_k24_meas_r(struct wbgi_scpi_call *c);
void wbgi_k24_swe_v(struct wbgi_scpi_call *c);
void wbgi_k24_swe_i(struct wbgi_scpi_call *c);
void wbgi_k24_init(struct wbgi_scpi_call *c);
void wbgi_k24_abort(struct wbgi_scpi_call *c);
void wbgi_k24_trac_data(struct wbgi_scpi_call *c);
void wbgi_k24_trac_act(struct wbgi_scpi_call *c);
void wbgi_k24_trac_clear(struct wbgi_scpi_call *c);
void wbgi_k24_trac_points(struct wbgi_scpi_call *c);
void wbgi_k24_form(struct wbgi_scpi_call *c);
void wbgi_k24_bord(struct wbgi_scpi_call *c);

#endif
