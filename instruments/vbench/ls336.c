/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Lake Shore Model 336 temperature controller driving the bench's thermal
 * chuck (command set of the Model 336 User's Manual, chapter 6: KRDG?,
 * CRDG?, SETP, RAMP, RAMPST?, RANGE, HTR?, PID, OUTMODE; *IDN?, *RST,
 * *CLS, *ESR?, *OPC). Like the real unit it has no SCPI error queue:
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
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "vbench_int.h"

#define AMBIENT_K 298.15
#define TAU_ON_S 30.0
#define TAU_OFF_S 600.0

struct ls336 {
	double setp[2], ramp_rate[2], ctrl[2], pid[2][3];
	bool ramp_on[2];
	int range[2];
	int outmode[2];
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

static bool input(struct wbgi_scpi_call *c, int *out)
{
	static const char *const w[] = {"A", "B", "C", "D", NULL};

	return wbgi_scpi_nparams(c, 0, 1) &&
	       (c->nparam == 0 ? (*out = 0, true) : wbgi_scpi_choice(c, 0, w, out));
}

static double reading(struct wbgi_scpi_call *c, int in)
{
	if (in >= 2)
		return 0.0;
	return c->vi->bench->temp_k + wbgi_bench_noise(c->vi->bench, 5e-3);
}

static void c_krdg(struct wbgi_scpi_call *c)
{
	int in;

	if (input(c, &in))
		put(c, 3, reading(c, in));
}

static void c_crdg(struct wbgi_scpi_call *c)
{
	int in;

	if (input(c, &in))
		put(c, 3, in >= 2 ? 0.0 : reading(c, in) - 273.15);
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
