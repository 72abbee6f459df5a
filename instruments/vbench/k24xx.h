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

/* Digital I/O lines, trigger-model blocks (k24xx_trig.c). */
#define K24_DIO_LINES 6
#define K24_BLOCKS_MAX 64
#define K24_NOTIFY_MAX 8

enum k24_dio { K24_DIO_DIG_IN = 0, K24_DIO_DIG_OUT, K24_DIO_DIG_OD, K24_DIO_TRIG_IN,
	       K24_DIO_TRIG_OUT, K24_DIO_TRIG_OD };

enum k24_blk { K24_B_NONE = 0, K24_B_BUFCLEAR, K24_B_RECALL, K24_B_NEXT, K24_B_DELAY,
	       K24_B_NOTIFY, K24_B_MEASURE, K24_B_WAIT, K24_B_BRCOUNT, K24_B_BRALWAYS };

struct k24_block {
	enum k24_blk type;
	long a;      /* recall index, notify id, measure count, wait line, branch target count */
	int to;      /* branch destination block */
	double x;    /* delay, s */
	bool clear;  /* wait: forget earlier edges on entering (ENTer) */
	long counter;
};

enum k24_tm { K24_TM_IDLE = 0, K24_TM_RUNNING, K24_TM_WAITING };

struct k24_cfg {
	enum wbgi_src func;
	double level, limit;
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
	/* digital I/O and the trigger model */
	int dio_mode[K24_DIO_LINES];  /* enum k24_dio */
	int dio_stim[K24_DIO_LINES];  /* notify id asserting a trigger-out line, 0: none */
	bool dio_seen[K24_DIO_LINES]; /* an edge detected and not yet used by a wait block */
	struct k24_block blk[K24_BLOCKS_MAX + 1]; /* 1-based */
	int nblk;                     /* highest defined block */
	int tm_state;                 /* enum k24_tm */
	int pc;                       /* the block executing or waiting */
	bool tm_busy;                 /* executing blocks (an edge arriving then is recorded) */
	double tm_readings;           /* readings of this run, bounded */
	/* one source configuration list */
	char cl_name[32];
	bool cl_exists;
	size_t cl_n;
	long cl_pos; /* index last recalled, 0-based; -1: none */
	struct k24_cfg cl[K24_SWEEP_MAX];
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
/* Store a reading in defbuffer1. */
void wbgi_k24_store(struct k24 *k, const struct k24_entry *e);

/* k24xx_trig.c: digital I/O lines, source configuration list, trigger-model
 * blocks run by :INITiate. */
void wbgi_k24_dig_mode(struct wbgi_scpi_call *c);
void wbgi_k24_dig_stim(struct wbgi_scpi_call *c);
void wbgi_k24_dig_logic(struct wbgi_scpi_call *c);
void wbgi_k24_dig_edge(struct wbgi_scpi_call *c);
void wbgi_k24_dig_width(struct wbgi_scpi_call *c);
void wbgi_k24_dig_in_clear(struct wbgi_scpi_call *c);
void wbgi_k24_cl_create(struct wbgi_scpi_call *c);
void wbgi_k24_cl_delete(struct wbgi_scpi_call *c);
void wbgi_k24_cl_store(struct wbgi_scpi_call *c);
void wbgi_k24_cl_size(struct wbgi_scpi_call *c);
void wbgi_k24_trig_load(struct wbgi_scpi_call *c);
void wbgi_k24_blk_bufclear(struct wbgi_scpi_call *c);
void wbgi_k24_blk_recall(struct wbgi_scpi_call *c);
void wbgi_k24_blk_next(struct wbgi_scpi_call *c);
void wbgi_k24_blk_delay(struct wbgi_scpi_call *c);
void wbgi_k24_blk_notify(struct wbgi_scpi_call *c);
void wbgi_k24_blk_measure(struct wbgi_scpi_call *c);
void wbgi_k24_blk_wait(struct wbgi_scpi_call *c);
void wbgi_k24_blk_brcount(struct wbgi_scpi_call *c);
void wbgi_k24_blk_bralways(struct wbgi_scpi_call *c);
void wbgi_k24_trig_state(struct wbgi_scpi_call *c);
void wbgi_k24_trig_reset(wbg_vinstr *vi);
/* :INITiate with blocks defined: run them (true), else false. */
bool wbgi_k24_tm_init(wbg_vinstr *vi);
void wbgi_k24_tm_abort(wbg_vinstr *vi);
/* The sweep command replaces the trigger model. */
void wbgi_k24_tm_clear(wbg_vinstr *vi);
void wbgi_k24_dio_edge(wbg_vinstr *vi, int line);
bool wbgi_k24_suffix_ok(const struct wbgi_scpi_call *c, const struct wbgi_scpi_cmd *cmd);

#endif
