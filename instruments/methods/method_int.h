/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internal: the measurement session and results shared by the methods. */
#ifndef WBG_INSTRUMENTS_METHOD_INT_H
#define WBG_INSTRUMENTS_METHOD_INT_H

#include <stdbool.h>

#include "wbg/method.h"

enum { WBGI_T_GATE = 0, WBGI_T_DRAIN = 1, WBGI_T_N = 2 };

/* A limit on a terminal and where it was set, for messages. */
struct wbgi_limit {
	double value; /* NaN: none */
	char where[320];
};

struct wbgi_term {
	wbg_smu *smu;           /* borrowed or owned (owned_smu) */
	bool owned;
	wbg_instr *instr;       /* owned when opened by the session (may be shared) */
	bool owns_instr;
	struct wbgi_limit vmax, imax, pmax, interlock, vmin_dev, vmax_dev, imax_dev;
};

enum { WBGI_C_ISS = 0, WBGI_C_OSS = 1, WBGI_C_RSS = 2, WBGI_C_N = 3 };
extern const char *const wbgi_cap_names[WBGI_C_N];

struct wbg_meas {
	wbg_ctx *ctx;
	const wbg_bench *bench; /* of wbg_meas_use_bench() (borrowed), NULL: none */
	struct wbgi_term t[WBGI_T_N];
	wbg_lcr *lcr[WBGI_C_N];
	bool lcr_owned[WBGI_C_N];
	wbg_instr *lcr_instr[WBGI_C_N]; /* owned when opened by the session */
	const volatile sig_atomic_t *interrupt;
	bool interlock_closed;
	wbg_thermal *th;
	bool th_owned;
	wbg_instr *th_instr; /* owned when opened by the session */
	double reconnect_s;  /* NaN: each SMU keeps its own window */
	wbg_meas_result *partial; /* what the last failed method had measured, owned */
	char off_note[1024]; /* what the last wbg_meas_all_off() did about dropped links */
};

#define WBGI_MAX_ARRAYS 12
#define WBGI_MAX_RECORDS 8

struct wbg_meas_result {
	char method[32];
	wbg_array arrays[WBGI_MAX_ARRAYS];
	double *data[WBGI_MAX_ARRAYS];
	char names[WBGI_MAX_ARRAYS][24];
	size_t n_arrays;
	wbg_record *records[WBGI_MAX_RECORDS];
	size_t n_records;
	double started, finished;
	unsigned long tx;
	double temp_k;   /* at the start, NaN without a temperature controller */
	double temp_u_k; /* its standard uncertainty, NaN when none is known */
};

/* Whether the interrupt flag is set: WBG_ERR_INTERRUPTED with detail. */
int wbgi_meas_poll(wbg_meas *m);
/* Every exit of a method: every source to 0 V and off. Keeps the detail of
 * @p rc (adding a failure to switch off to it); returns rc, or the
 * switch-off error when rc was WBG_OK. */
int wbgi_meas_finish(wbg_meas *m, int rc);
/* The end of every method: wbgi_meas_finish(), then either the finished
 * result handed to *out (WBG_OK) or, on an error, the result kept as the
 * session's partial one (wbg_meas_take_partial()). */
int wbgi_method_done(wbg_meas_result **out, wbg_meas *m, wbg_meas_result *r, int rc);
/* Program a source and switch its output on. */
int wbgi_smu_on(wbg_smu *s, wbg_smu_fn fn, double level, double limit);
/* The SMU on a terminal, or WBG_ERR_NOT_FOUND naming what is missing. */
int wbgi_meas_need(wbg_smu **out, wbg_meas *m, int term, const char *method);
/* New result for @p method, transactions counted from now. */
int wbgi_result_new(wbg_meas_result **out, wbg_meas *m, const char *method);
/* Allocate array @p name (unit) of n values, all NaN (not measured);
 * returns its storage. */
double *wbgi_result_array(wbg_meas_result *r, const char *name, const char *unit, size_t n);
/* Add a record; conditions as (name, value, unit) triples, terminated by a NULL name. */
int wbgi_result_record(wbg_meas_result *r, wbg_ctx *ctx, const char *quantity, double value,
                       const char *unit, double u, ...);
/* Close a result: finish time and transaction count. */
void wbgi_result_finish(wbg_meas_result *r, wbg_meas *m);
/* The methods behind the table (dc.c, vth_bv.c, cv.c). */
int wbgi_method_output(wbg_meas_result **out, wbg_meas *m, double vgs, double vds_start,
                       double vds_stop, size_t points, double id_limit, double ig_limit,
                       double nplc, double delay_s, wbg_sweep_mode mode);
int wbgi_method_rdson(wbg_meas_result **out, wbg_meas *m, double vgs, double id,
                      double vds_limit, double ig_limit, double nplc, double delay_s,
                      bool force_dc, double pulse_width_s);
int wbgi_method_idss(wbg_meas_result **out, wbg_meas *m, double vds, double vgs,
                     double id_limit, double nplc, double delay_s);
int wbgi_method_igss(wbg_meas_result **out, wbg_meas *m, double vgs_pos, double vgs_neg,
                     double ig_limit, double nplc, double delay_s);
int wbgi_method_diode(wbg_meas_result **out, wbg_meas *m, double vgs, double if_a,
                      double v_limit, double nplc, double delay_s);
int wbgi_method_vth(wbg_meas_result **out, wbg_meas *m, double vds, double id_th, double vpre,
                    double t_pre, double delay_s, double vgs_start, double vgs_stop,
                    double step, double id_limit, double nplc);
int wbgi_method_bvdss(wbg_meas_result **out, wbg_meas *m, double vgs, double vds_stop,
                      double step, double id_crit, double id_limit, double nplc,
                      double delay_s);
int wbgi_method_cv(wbg_meas_result **out, wbg_meas *m, double vds_start, double vds_stop,
                   size_t points, double freq_hz, double level_v);
/* Terminal index of "gate"/"drain", -1 otherwise. */
int wbgi_term_index(const char *name);
extern const char *const wbgi_term_names[WBGI_T_N];

#endif
