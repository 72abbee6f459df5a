/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Virtual bench internals: the SCPI engine shared by the simulated
 * instruments, the bench (DUT, clock, terminals) and the device models.
 * Not installed; symbols are hidden (wbgi_ prefix, no WBG_API).
 */
#ifndef WBG_VBENCH_INT_H
#define WBG_VBENCH_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "wbg/vbench.h"

/* ------------------------------------------------------------------ */
/* Device models (dut.c; parameter sets in dut_sic_mosfet.c, dut_gan_hemt.c) */

enum wbgi_term { WBGI_GATE = 0, WBGI_DRAIN = 1, WBGI_NTERM = 2 };

enum wbgi_dut_kind { WBGI_DUT_OPEN, WBGI_DUT_RESISTOR, WBGI_DUT_FET };

enum wbgi_cap { WBGI_CISS, WBGI_COSS, WBGI_CRSS };

/* Every parameter in SI; temperatures in K. See dut.md for the equations. */
struct wbgi_dut_params {
	enum wbgi_dut_kind kind;
	double r_ohm;           /* resistor DUT */
	double tref_k;          /* reference temperature of the parameters */
	/* channel (EKV-style forward/reverse charge model) */
	double vth0_v;          /* threshold at tref, fresh, no hysteresis */
	double dvth_dt_v_k;     /* dVth/dT */
	double n_ss;            /* subthreshold slope factor: SS = n kT/q ln10 */
	double k0_a_v2;         /* transconductance parameter at tref */
	double k_texp;          /* K(T) = K0 (T/tref)^k_texp */
	double lambda_1_v;      /* channel-length modulation */
	double rd0_ohm;         /* drift / access resistance at tref */
	double rd_texp;         /* Rd(T) = Rd0 (T/tref)^rd_texp */
	/* leakage: I = I0 (V/Vref) 2^((T-tref)/leak_double_k) */
	double igss0_a, igss_vref_v;
	double idss0_a, idss_vref_v;
	double leak_double_k;
	/* avalanche: Iav = iav0 exp((Vds - BV(T))/bv_slope), BV(T) = BV0 (1 + bv_tc (T - tref)) */
	double bv0_v, bv_tc_1_k, bv_slope_v, iav0_a;
	/* body diode (0 = none): I = -Is(T) (exp(-Vd / (n kT/q)) - 1) */
	double bd_is0_a, bd_n, bd_eg_ev, bd_rs_ohm;
	/* capacitances: Cgd = Cgd0 (1 + Vds/Vj)^-m, Cds likewise, Cgs constant */
	double cgs_f, cgd0_f, cgd_vj_v, cgd_m, cds0_f, cds_vj_v, cds_m, rg_ohm;
	/* threshold hysteresis: Vth += hyst_v * s, s -> tanh(Vgs/hyst_vscale) with tau */
	double hyst_v, hyst_vscale_v, hyst_tau_s;
	/* BTI: dVth = A (|Vgs|/Vref)^gamma exp(-Ea/k (1/T - 1/tref)) t^n, positive and negative bias */
	double bti_a_pos_v, bti_vref_pos_v, bti_a_neg_v, bti_vref_neg_v;
	double bti_n, bti_gamma, bti_ea_ev, bti_vmin_v;
	/* TDDB (E model): eta = eta0 exp(-g (E - E0)) exp(Ea/k (1/T - 1/tref)), E = Vgs/tox */
	double tox_m, tddb_eta0_s, tddb_e0_v_m, tddb_g_m_v, tddb_ea_ev, tddb_beta, tddb_vmin_v;
	double short_r_ohm;     /* gate to source after breakdown */
	/* charge trapping (dynamic Ron, GaN): Rd *= 1 + trap */
	double trap_max, trap_vref_v, trap_p, trap_tau_c_s, trap_tau_e_s, trap_ea_ev, trap_vmin_v;
};

struct wbgi_dut {
	struct wbgi_dut_params p;
	char name[32];
	/* state */
	double hyst;       /* -1..1 */
	double bti_pos_v;  /* accumulated positive shift */
	double bti_neg_v;  /* accumulated negative shift (as a positive number) */
	double damage;     /* integral of dt / eta */
	double damage_fail;/* damage at which the oxide breaks: (-ln(1-u))^(1/beta) */
	bool failed;
	double trap;       /* relative Rd increase */
};

/* Fill the parameters of a named DUT; WBG_ERR_NOT_FOUND if unknown. */
int wbgi_dut_init(struct wbgi_dut *d, const char *name, double u_tddb);
void wbgi_dut_sic_mosfet(struct wbgi_dut_params *p);
void wbgi_dut_gan_hemt(struct wbgi_dut_params *p);
/* Unit-to-unit spread and defects of a lot (lot.c). */
void wbgi_dut_spread(struct wbgi_dut *d, gsl_rng *r, double defect_fraction);

double wbgi_dut_vth(const struct wbgi_dut *d, double temp_k);
/* Terminal currents into gate and drain (source is the return). */
void wbgi_dut_currents(const struct wbgi_dut *d, double vgs, double vds, double temp_k,
                       double *out_ig, double *out_id);
double wbgi_dut_cap(const struct wbgi_dut *d, enum wbgi_cap which, double v);
double wbgi_dut_bv(const struct wbgi_dut *d, double temp_k);
double wbgi_dut_tddb_eta(const struct wbgi_dut *d, double vgs, double temp_k);
/* Bias and temperature held for dt: hysteresis, BTI, trapping, wear-out. */
void wbgi_dut_advance(struct wbgi_dut *d, double vgs, double vds, double temp_k, double dt);

/* ------------------------------------------------------------------ */
/* SCPI engine (scpi.c) */

#define WBGI_SCPI_MAX_PARAMS 256
#define WBGI_SCPI_MAX_SUFFIX 4

struct wbgi_scpi_call {
	wbg_vinstr *vi;
	bool query;
	int suffix[WBGI_SCPI_MAX_SUFFIX]; /* numeric header suffixes in order, 1 if absent */
	size_t nsuffix;
	size_t nparam;
	char *param[WBGI_SCPI_MAX_PARAMS]; /* trimmed, NUL-terminated */
};

typedef void (*wbgi_scpi_fn)(struct wbgi_scpi_call *c);

#define WBGI_SET 1u
#define WBGI_QRY 2u

/* Pattern: upper case = short form, lower case completes the long form,
 * [:NODE] optional, '#' after a node accepts a numeric suffix. */
struct wbgi_scpi_cmd {
	const char *pattern;
	unsigned forms;
	wbgi_scpi_fn fn;
};

enum wbgi_vkind { WBGI_VK_SMU1, WBGI_VK_SMU2, WBGI_VK_LCR, WBGI_VK_TC };

struct wbgi_vmodel {
	const char *name;
	const char *idn;
	enum wbgi_vkind kind;
	const struct wbgi_scpi_cmd *cmds; /* terminated by a NULL pattern */
	size_t state_size;
	void (*reset)(wbg_vinstr *vi);
	/* virtual time passes (may be NULL); transient: wants small steps */
	void (*advance)(wbg_vinstr *vi, double dt_s);
	bool (*transient)(const wbg_vinstr *vi);
	const void *spec;
	bool err_signed; /* SYST:ERR? as "+0,..." (Keysight) rather than "0,..." */
	bool no_error_queue; /* no :SYST:ERR? (Lake Shore): errors only set the ESR */
	int max_suffix;      /* highest header suffix (channel), 0 = unchecked */
	bool crlf;           /* responses end in CR LF (Lake Shore) instead of LF */
	/* Rear-panel digital I/O lines a trigger cable can join (0: none), and
	 * what the instrument does with an edge arriving on line (1-based). */
	int dio_lines;
	void (*dio_edge)(wbg_vinstr *vi, int line);
	/* Header suffixes accepted by a command (NULL: each 1..max_suffix). */
	bool (*suffix_ok)(const struct wbgi_scpi_call *c, const struct wbgi_scpi_cmd *cmd);
};

#define WBGI_ERRQ_MAX 32
#define WBGI_IN_MAX (64u * 1024u)
#define WBGI_OUT_MAX (16u * 1024u * 1024u)

struct wbg_vinstr {
	wbg_vbench *bench;
	const struct wbgi_vmodel *model;
	char name[32];
	int term[2];  /* wired terminals per channel, -1 none; LCR: enum wbgi_cap */
	void *st;     /* model state, model->state_size bytes */
	/* message exchange */
	uint8_t *in;
	size_t in_len;
	bool in_overflow;
	uint8_t *out;
	size_t out_len, out_pos, out_cap;
	bool out_pending; /* a response of the current message has started */
	int errq[WBGI_ERRQ_MAX];
	size_t nerr;
	uint8_t esr, ese, sre;
	char path[128]; /* header path for following commands of a message */
};

/* Find a model by name (case-insensitive), NULL if unknown. */
const struct wbgi_vmodel *wbgi_vmodel_find(const char *name);
extern const struct wbgi_vmodel wbgi_vmodel_2450, wbgi_vmodel_2460, wbgi_vmodel_2470;
extern const struct wbgi_vmodel wbgi_vmodel_b2901a, wbgi_vmodel_b2902a;
extern const struct wbgi_vmodel wbgi_vmodel_e4980a, wbgi_vmodel_336;

/* The Lake Shore DT-670 standard curve (dt670.c): {T (K), V (V)} points,
 * ascending temperature, and the forward voltage at @p temp_k by linear
 * interpolation between them (-1 outside 1.4 K..500 K). */
extern const double wbgi_dt670[][2];
extern const size_t wbgi_dt670_n;
double wbgi_dt670_volts(double temp_k);

/* Queue an error (standard SCPI message). */
void wbgi_scpi_error(wbg_vinstr *vi, int code);
const char *wbgi_scpi_errmsg(int code);
/* Execute one complete program message (no terminator). */
void wbgi_scpi_execute(wbg_vinstr *vi, const char *msg, size_t len);
/* Append to the response of the current query ("; " separation handled). */
void wbgi_scpi_printf(struct wbgi_scpi_call *c, const char *fmt, ...) WBG_PRINTF(2, 3);
/* Append raw bytes to the response (no separator), for binary blocks. */
void wbgi_scpi_raw(struct wbgi_scpi_call *c, const void *data, size_t len);
/* Append one IEEE 754 value, binary64 or binary32, most significant byte
 * first unless @p swapped. */
void wbgi_scpi_real(struct wbgi_scpi_call *c, double v, bool real64, bool swapped);
/* A setting of two words (words[0], words[1], NULL) held as a flag (true
 * for the second); the query answers @p short0 or @p short1. */
void wbgi_scpi_flag2(struct wbgi_scpi_call *c, const char *const *words, const char *short0,
                     const char *short1, bool *flag);
/* :FORMat:BORDer NORMal|SWAPped, set or query, into *@p swapped. */
void wbgi_scpi_bord(struct wbgi_scpi_call *c, bool *swapped);
/* Start a response unit (adds ';' between the responses of one message). */
void wbgi_scpi_begin(struct wbgi_scpi_call *c);

/* Parameter helpers: each queues the SCPI error itself and returns false. */
bool wbgi_scpi_nparams(struct wbgi_scpi_call *c, size_t min, size_t max);
/* Numeric with MIN/MAX/DEF keywords and optional SI multiplier suffix. */
bool wbgi_scpi_num(struct wbgi_scpi_call *c, size_t i, double lo, double hi, double def,
                   double *out);
bool wbgi_scpi_bool(struct wbgi_scpi_call *c, size_t i, bool *out);
/* Character parameter: index into the NULL-terminated list of patterns. */
bool wbgi_scpi_choice(struct wbgi_scpi_call *c, size_t i, const char *const *choices, int *out);
/* Does token match a pattern node such as "VOLTage" (short or long form)? */
bool wbgi_scpi_word(const char *token, size_t len, const char *node);
/* Unquote a string parameter in place; false (and -104 error) if not quoted. */
bool wbgi_scpi_string(struct wbgi_scpi_call *c, size_t i, char **out);
/* Channel list "(@1)", "(@1,2)", "(@1:2)": bit mask of channels 1..n. */
bool wbgi_scpi_chanlist(struct wbgi_scpi_call *c, size_t i, int nchan, unsigned *out_mask);

/* ------------------------------------------------------------------ */
/* Bench (bench.c) */

enum wbgi_src { WBGI_SRC_V, WBGI_SRC_I };

struct wbgi_drive {
	bool on;
	enum wbgi_src mode;
	double level;  /* V or A */
	double limit;  /* the other quantity's compliance */
};

struct wbgi_op {
	double v[WBGI_NTERM];
	double i[WBGI_NTERM];
	bool in_limit[WBGI_NTERM];
};

/* A trigger cable between two digital I/O lines (a wire: an edge driven at
 * either end reaches the other). */
#define WBGI_LINKS_MAX 16
struct wbgi_link {
	wbg_vinstr *a, *b;
	int a_line, b_line;
};

struct wbg_vbench {
	unsigned refs;
	struct wbgi_dut dut;
	double t_s;
	double temp_k;
	gsl_rng *rng;
	wbg_vinstr *instr[8];
	size_t ninstr;
	wbg_vinstr *driver[WBGI_NTERM];
	struct wbgi_drive drive[WBGI_NTERM];
	struct wbgi_link link[WBGI_LINKS_MAX];
	size_t nlink;
	/* Instruments run in parallel after a trigger edge: the receiver's work
	 * is counted apart (deferred) and ends at busy_until, while the clock
	 * goes on with the instrument that drove the edge. */
	int defer_depth;
	double deferred;
	double busy_until;
};

void wbgi_bench_ref(wbg_vbench *b);
void wbgi_bench_set_drive(wbg_vbench *b, int term, const struct wbgi_drive *d);
/* The operating point with the present drives (noise free). */
void wbgi_bench_solve(const wbg_vbench *b, struct wbgi_op *out);
/* Gaussian noise of standard deviation sigma from the bench stream. */
double wbgi_bench_noise(wbg_vbench *b, double sigma);
/* Advance the clock; never fails for finite dt >= 0. */
void wbgi_bench_elapse(wbg_vbench *b, double dt_s);
/* @p from drives an edge on its digital I/O @p line: every line cabled to it
 * sees the edge, at once (cable delay and trigger latency are microseconds,
 * below the clock's resolution here); the work the receivers do then runs in
 * parallel with @p from's (see struct wbg_vbench, wbgi_bench_catch_up). */
void wbgi_bench_dio_drive(wbg_vbench *b, const wbg_vinstr *from, int line);
/* Let the clock reach the end of work that triggered instruments do in
 * parallel (busy_until); a no-op when nothing is pending. */
void wbgi_bench_catch_up(wbg_vbench *b);

/* vinstr.c */
int wbgi_vinstr_new(wbg_vinstr **out, wbg_vbench *b, const char *name,
                    const struct wbgi_vmodel *m, const int term[2]);
void wbgi_vinstr_free(wbg_vinstr *vi);

/* Number formatting shared by the models: "%+.6E"-style, NaN as 9.91E37. */
void wbgi_fmt_num(char *buf, size_t cap, double v);

#endif
