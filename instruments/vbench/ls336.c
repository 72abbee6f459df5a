/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Lake Shore Model 336 temperature controller driving the bench's thermal
 * chuck (command set of the Model 336 User's Manual, chapter 6: KRDG?,
 * CRDG?, SRDG?, RDGST?, INTYPE, INCRV, CRVHDR?, CRVPT?, SETP, RAMP,
 * RAMPST?, RANGE, HTR?, PID, OUTMODE; *IDN?, *RST, *CLS, *ESR?, *OPC).
 * Like the real unit it has no SCPI error queue:
 * a bad command sets the event status register (CME bit 5 for an unknown
 * command or bad parameter, EXE bit 4 for a value out of range) and there
 * is no :SYST:ERR?. Responses end in CR LF, as the real unit's.
 *
 * Chuck model: the control setpoint moves towards SETP at the RAMP rate
 * (K/min; immediately when ramping is off); with the heater on (RANGE 1-3)
 * the chuck follows the control setpoint as a first-order lag with a 30 s
 * time constant (so a ramp is followed with a lag of rate x 30 s, and a
 * step settles to 1e-4 of its size in 9.2 tau = 4.6 min). With the heater
 * off it relaxes to 25 °C ambient with a 600 s time constant. Input A is
 * the chuck (the DUT temperature); B reads the same, C and D are absent
 * (readings +0). Readback noise: 5 mK. Heater output: 100 % x the share of
 * the control setpoint above ambient over 400 K, clamped to 0..100 %.
 *
 * Sensors: A and B are DT-670 silicon diodes on the 2.5 V diode range
 * (INTYPE? "1,0,0,0,1") read through standard curve 2, the published
 * DT-670 curve (dt670.c); C and D are disabled ("0,0,0,0,1", curve 0).
 * SRDG? is the diode voltage at the sensed temperature, KRDG? the
 * temperature the curve gives for it (linear between curve points, so the
 * two agree). Outside the curve (above 500 K) the reading is flagged
 * T.OVER in RDGST? (bit 32) and KRDG? answers +0; an input set to another
 * sensor type, or to a curve other than 2, has no valid reading (bit 1).
 * Only curve 2 holds points: CRVPT? of any other curve answers 0,0 as an
 * empty curve does. RDGST? bits are those of the manual (1 invalid,
 * 16 T.UNDER, 32 T.OVER, 64 S.ZERO, 128 S.OVER).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "vbench_int.h"

#define AMBIENT_K 298.15
#define TAU_ON_S 30.0
#define TAU_OFF_S 600.0

#define DT670_CURVE 2
#define N_CURVE_PTS 200 /* points a 336 curve holds */

/* INTYPE parameters and INCRV of one input. */
struct ls_input {
	int type, autorange, range, comp, units, curve;
};

struct ls336 {
	double setp[2], ramp_rate[2], ctrl[2], pid[2][3];
	bool ramp_on[2];
	int range[2];
	int outmode[2];
	struct ls_input in[4];
};

static struct ls336 *st(struct wbgi_scpi_call *c)
{
	return c->vi->st;
}

static void ls_reset(wbg_vinstr *vi)
{
	struct ls336 *l = vi->st;
	int k;

	for (k = 0; k < 2; k++) {
		l->setp[k] = vi->bench->temp_k;
		l->ctrl[k] = vi->bench->temp_k;
		l->ramp_rate[k] = 0;
		l->ramp_on[k] = false;
		l->range[k] = 0;
		l->outmode[k] = 1; /* closed loop PID */
		l->pid[k][0] = 50;
		l->pid[k][1] = 20;
		l->pid[k][2] = 0;
	}
	for (k = 0; k < 4; k++) {
		struct ls_input diode = {1, 0, 0, 0, 1, DT670_CURVE}, off = {0, 0, 0, 0, 1, 0};

		l->in[k] = k < 2 ? diode : off;
	}
}

/* Output 1 controls the chuck (input A). Exact for any step: a first-order
 * lag driven by a constant or a linearly ramping target,
 * T(h) = Tr(h) - r tau + (T0 - Tr0 + r tau) e^(-h/tau). */
static void ls_advance(wbg_vinstr *vi, double dt)
{
	struct ls336 *l = vi->st;
	double *t = &vi->bench->temp_k;
	bool heat = l->range[0] > 0 && l->outmode[0] != 0;

	while (dt > 0) {
		double h = dt, r = 0.0, tau = heat ? TAU_ON_S : TAU_OFF_S, d;
		bool reach = false;
		if (!l->ramp_on[0] || l->ramp_rate[0] <= 0)
			l->ctrl[0] = l->setp[0];
		d = l->setp[0] - l->ctrl[0];
		if (d != 0.0) {
			r = copysign(l->ramp_rate[0] / 60.0, d);
			reach = fabs(d / r) <= dt;
			if (reach)
				h = fabs(d / r);
		}
		if (heat)
			*t = l->ctrl[0] + r * h - r * tau + (*t - l->ctrl[0] + r * tau) * exp(-h / tau);
		else
			*t = AMBIENT_K + (*t - AMBIENT_K) * exp(-h / tau);
		l->ctrl[0] = reach ? l->setp[0] : l->ctrl[0] + r * h;
		dt -= h;
	}
}

static bool ls_transient(const wbg_vinstr *vi)
{
	const struct ls336 *l = vi->st;
	double target = l->range[0] > 0 ? l->setp[0] : AMBIENT_K;

	return fabs(vi->bench->temp_k - target) > 1e-6 || fabs(l->ctrl[0] - l->setp[0]) > 1e-9;
}

/* Fixed-point responses with @p digits decimals, signed unless digits 0. */
static void put(struct wbgi_scpi_call *c, int digits, double v)
{
	wbgi_scpi_begin(c);
	if (digits == 0)
		wbgi_scpi_printf(c, "%.0f", v);
	else
		wbgi_scpi_printf(c, "%+.*f", digits, v);
}

/* Output number 1..2 (parameter i). */
static bool output(struct wbgi_scpi_call *c, size_t i, int *out)
{
	double v;

	if (!wbgi_scpi_num(c, i, 1, 2, 1, &v))
		return false;
	*out = (int)lround(v) - 1;
	return true;
}

static const char *const input_names[] = {"A", "B", "C", "D", NULL};

/* The input of a query with at most that parameter (A when absent). */
static bool input(struct wbgi_scpi_call *c, int *out)
{
	return wbgi_scpi_nparams(c, 0, 1) &&
	       (c->nparam == 0 ? (*out = 0, true) : wbgi_scpi_choice(c, 0, input_names, out));
}

/* The input named by the first of several parameters. */
static bool input_first(struct wbgi_scpi_call *c, int *out)
{
	return wbgi_scpi_choice(c, 0, input_names, out);
}

/* One reading of input @p in: kelvin (0 when not valid), sensor units
 * and the RDGST? status bits. */
static void reading(struct wbgi_scpi_call *c, int in, double *out_k, double *out_s, int *out_st)
{
	const struct ls_input *p = &st(c)->in[in];
	double t, v;

	*out_k = *out_s = 0.0;
	*out_st = 0;
	if (p->type == 0)
		return;
	if (in >= 2 || p->type != 1) {
		*out_st = 1; /* no sensor wired, or not the diode that is */
		return;
	}
	t = c->vi->bench->temp_k + wbgi_bench_noise(c->vi->bench, 5e-3);
	v = wbgi_dt670_volts(t);
	if (v < 0 && t < wbgi_dt670[0][0]) {
		*out_s = wbgi_dt670[0][1];
		*out_st = 16; /* T.UNDER */
		return;
	}
	if (v < 0) {
		/* Beyond 500 K: the last segment continued, not below 0 V. */
		v = wbgi_dt670[wbgi_dt670_n - 1][1] +
		    (t - wbgi_dt670[wbgi_dt670_n - 1][0]) *
		        (wbgi_dt670[wbgi_dt670_n - 1][1] - wbgi_dt670[wbgi_dt670_n - 2][1]) /
		        (wbgi_dt670[wbgi_dt670_n - 1][0] - wbgi_dt670[wbgi_dt670_n - 2][0]);
		*out_s = fmax(0.0, v);
		*out_st = 32;
		return;
	}
	*out_s = v;
	if (p->curve != DT670_CURVE) {
		*out_st = 1;
		return;
	}
	*out_k = t;
}

/* KRDG? (kelvin), CRDG? (Celsius, 0 when not valid), SRDG? (sensor units). */
static void c_rdg(struct wbgi_scpi_call *c, char what)
{
	double k, s;
	int in, status;

	if (!input(c, &in))
		return;
	reading(c, in, &k, &s, &status);
	if (what == 'S')
		put(c, 5, s);
	else
		put(c, 3, what == 'C' && k > 0 ? k - 273.15 : k);
}

static void c_krdg(struct wbgi_scpi_call *c)
{
	c_rdg(c, 'K');
}

static void c_crdg(struct wbgi_scpi_call *c)
{
	c_rdg(c, 'C');
}

static void c_srdg(struct wbgi_scpi_call *c)
{
	c_rdg(c, 'S');
}

static void c_rdgst(struct wbgi_scpi_call *c)
{
	double k, s;
	int in, status;

	if (!wbgi_scpi_nparams(c, 1, 1) || !input(c, &in))
		return;
	reading(c, in, &k, &s, &status);
	wbgi_scpi_begin(c);
	wbgi_scpi_printf(c, "%03d", status);
}

/* INTYPE <input>,<type>,<autorange>,<range>,<compensation>,<units>: types
 * 0 disabled, 1 diode (ranges 0 2.5 V, 1 10 V), 2 PTC RTD (0..6, 10 Ω to
 * 10 kΩ), 3 NTC RTD (0..8, 10 Ω to 100 kΩ); 4 thermocouple and 5
 * capacitance need the 3060 / 3061 option cards this unit does not have. */
static void c_intype(struct wbgi_scpi_call *c)
{
	static const int max_range[] = {0, 1, 6, 8};
	struct ls_input *p;
	double v[5];
	int in, k;

	if (!wbgi_scpi_nparams(c, 1, c->query ? 1 : 6) || !input_first(c, &in))
		return;
	p = &st(c)->in[in];
	if (c->query) {
		wbgi_scpi_begin(c);
		wbgi_scpi_printf(c, "%d,%d,%d,%d,%d", p->type, p->autorange, p->range, p->comp,
		                 p->units);
		return;
	}
	if (!wbgi_scpi_nparams(c, 6, 6) || !wbgi_scpi_num(c, 1, 0, 3, 1, &v[0]) ||
	    !wbgi_scpi_num(c, 2, 0, 1, 0, &v[1]) || !wbgi_scpi_num(c, 3, 0, 8, 0, &v[2]) ||
	    !wbgi_scpi_num(c, 4, 0, 1, 0, &v[3]) || !wbgi_scpi_num(c, 5, 1, 3, 1, &v[4]))
		return;
	for (k = 0; k < 5; k++)
		v[k] = (double)lround(v[k]);
	if (v[2] > max_range[(int)v[0]]) {
		wbgi_scpi_error(c->vi, -222);
		return;
	}
	p->type = (int)v[0];
	p->autorange = (int)v[1];
	p->range = (int)v[2];
	p->comp = (int)v[3];
	p->units = (int)v[4];
}

static void c_incrv(struct wbgi_scpi_call *c)
{
	double v;
	int in;

	if (!wbgi_scpi_nparams(c, 1, c->query ? 1 : 2) || !input_first(c, &in))
		return;
	if (c->query) {
		wbgi_scpi_begin(c);
		wbgi_scpi_printf(c, "%02d", st(c)->in[in].curve);
		return;
	}
	if (wbgi_scpi_nparams(c, 2, 2) && wbgi_scpi_num(c, 1, 0, 59, 0, &v))
		st(c)->in[in].curve = (int)lround(v);
}

/* CRVHDR? <curve>: name, serial number, format (2 = V/K), limit (K),
 * temperature coefficient (1 = negative). */
static void c_crvhdr(struct wbgi_scpi_call *c)
{
	double v;
	int n;

	if (!wbgi_scpi_nparams(c, 1, 1) || !wbgi_scpi_num(c, 0, 1, 59, 1, &v))
		return;
	n = (int)lround(v);
	wbgi_scpi_begin(c);
	if (n == DT670_CURVE)
		wbgi_scpi_printf(c, "DT-670,STANDARD,2,%+.3f,1", wbgi_dt670[wbgi_dt670_n - 1][0]);
	else
		wbgi_scpi_printf(c, ",,0,%+.3f,1", 0.0);
}

/* CRVPT? <curve>,<index>: sensor units and temperature of point 1..200,
 * ascending sensor units; 0,0 past the end of a curve. */
static void c_crvpt(struct wbgi_scpi_call *c)
{
	double v[2], s = 0.0, t = 0.0;
	size_t i;

	if (!wbgi_scpi_nparams(c, 2, 2) || !wbgi_scpi_num(c, 0, 1, 59, 1, &v[0]) ||
	    !wbgi_scpi_num(c, 1, 1, N_CURVE_PTS, 1, &v[1]))
		return;
	i = (size_t)lround(v[1]);
	if (lround(v[0]) == DT670_CURVE && i <= wbgi_dt670_n) {
		t = wbgi_dt670[wbgi_dt670_n - i][0];
		s = wbgi_dt670[wbgi_dt670_n - i][1];
	}
	wbgi_scpi_begin(c);
	wbgi_scpi_printf(c, "%+.6f,%+.3f", s, t);
}

static void c_setp(struct wbgi_scpi_call *c)
{
	int o;
	double v;

	if (!wbgi_scpi_nparams(c, 1, c->query ? 1 : 2) || !output(c, 0, &o))
		return;
	if (c->query) {
		put(c, 3, st(c)->setp[o]);
		return;
	}
	if (wbgi_scpi_nparams(c, 2, 2) && wbgi_scpi_num(c, 1, 0, 1500, 0, &v))
		st(c)->setp[o] = v;
}

static void c_ramp(struct wbgi_scpi_call *c)
{
	int o;
	bool on;
	double rate;

	if (!wbgi_scpi_nparams(c, 1, c->query ? 1 : 3) || !output(c, 0, &o))
		return;
	if (c->query) {
		wbgi_scpi_begin(c);
		wbgi_scpi_printf(c, "%d,%+.1f", st(c)->ramp_on[o] ? 1 : 0, st(c)->ramp_rate[o]);
		return;
	}
	/* Rate 0.1 .. 100 K/min; 0 means no ramping. */
	if (!wbgi_scpi_nparams(c, 3, 3) || !wbgi_scpi_bool(c, 1, &on) ||
	    !wbgi_scpi_num(c, 2, 0, 100, 0, &rate))
		return;
	/* Ramping starts from the present temperature. */
	if (on && !st(c)->ramp_on[o])
		st(c)->ctrl[o] = c->vi->bench->temp_k;
	st(c)->ramp_on[o] = on;
	st(c)->ramp_rate[o] = rate;
}

static void c_rampst(struct wbgi_scpi_call *c)
{
	int o;

	if (!wbgi_scpi_nparams(c, 1, 1) || !output(c, 0, &o))
		return;
	put(c, 0,
	    st(c)->ramp_on[o] && fabs(st(c)->ctrl[o] - st(c)->setp[o]) > 1e-9 ? 1.0 : 0.0);
}

static void c_range(struct wbgi_scpi_call *c)
{
	int o;
	double v;

	if (!wbgi_scpi_nparams(c, 1, c->query ? 1 : 2) || !output(c, 0, &o))
		return;
	if (c->query) {
		put(c, 0, st(c)->range[o]);
		return;
	}
	if (wbgi_scpi_nparams(c, 2, 2) && wbgi_scpi_num(c, 1, 0, 3, 0, &v))
		st(c)->range[o] = (int)lround(v);
}

static void c_htr(struct wbgi_scpi_call *c)
{
	int o;
	double pct;

	if (!wbgi_scpi_nparams(c, 1, 1) || !output(c, 0, &o))
		return;
	pct = st(c)->range[o] > 0 ? 100.0 * (st(c)->ctrl[o] - AMBIENT_K) / 400.0 : 0.0;
	put(c, 1, fmin(100.0, fmax(0.0, pct)));
}

static void c_pid(struct wbgi_scpi_call *c)
{
	int o, k;
	double v[3];

	if (!wbgi_scpi_nparams(c, 1, c->query ? 1 : 4) || !output(c, 0, &o))
		return;
	if (c->query) {
		wbgi_scpi_begin(c);
		wbgi_scpi_printf(c, "%+.1f,%+.1f,%+.0f", st(c)->pid[o][0], st(c)->pid[o][1],
		                 st(c)->pid[o][2]);
		return;
	}
	if (!wbgi_scpi_nparams(c, 4, 4) || !wbgi_scpi_num(c, 1, 0.1, 1000, 50, &v[0]) ||
	    !wbgi_scpi_num(c, 2, 0.1, 1000, 20, &v[1]) || !wbgi_scpi_num(c, 3, 0, 200, 0, &v[2]))
		return;
	for (k = 0; k < 3; k++)
		st(c)->pid[o][k] = v[k];
}

static void c_outmode(struct wbgi_scpi_call *c)
{
	int o;
	double m, in, pu;

	if (!wbgi_scpi_nparams(c, 1, c->query ? 1 : 4) || !output(c, 0, &o))
		return;
	if (c->query) {
		wbgi_scpi_begin(c);
		wbgi_scpi_printf(c, "%d,%d,0", st(c)->outmode[o], o + 1);
		return;
	}
	if (!wbgi_scpi_nparams(c, 4, 4) || !wbgi_scpi_num(c, 1, 0, 5, 1, &m) ||
	    !wbgi_scpi_num(c, 2, 0, 8, 1, &in) || !wbgi_scpi_num(c, 3, 0, 1, 0, &pu))
		return;
	st(c)->outmode[o] = (int)lround(m);
}

static const struct wbgi_scpi_cmd ls_cmds[] = {
	{"KRDG", WBGI_QRY, c_krdg},
	{"CRDG", WBGI_QRY, c_crdg},
	{"SRDG", WBGI_QRY, c_srdg},
	{"RDGST", WBGI_QRY, c_rdgst},
	{"INTYPE", WBGI_SET | WBGI_QRY, c_intype},
	{"INCRV", WBGI_SET | WBGI_QRY, c_incrv},
	{"CRVHDR", WBGI_QRY, c_crvhdr},
	{"CRVPT", WBGI_QRY, c_crvpt},
	{"SETP", WBGI_SET | WBGI_QRY, c_setp},
	{"RAMP", WBGI_SET | WBGI_QRY, c_ramp},
	{"RAMPST", WBGI_QRY, c_rampst},
	{"RANGE", WBGI_SET | WBGI_QRY, c_range},
	{"HTR", WBGI_QRY, c_htr},
	{"PID", WBGI_SET | WBGI_QRY, c_pid},
	{"OUTMODE", WBGI_SET | WBGI_QRY, c_outmode},
	{NULL, 0, NULL},
};

const struct wbgi_vmodel wbgi_vmodel_336 = {
	.name = "336",
	.idn = "LSCI,MODEL336,LSA1B2C3,2.9",
	.kind = WBGI_VK_TC,
	.cmds = ls_cmds,
	.state_size = sizeof(struct ls336),
	.reset = ls_reset,
	.advance = ls_advance,
	.transient = ls_transient,
	.no_error_queue = true,
	.crlf = true,
};
