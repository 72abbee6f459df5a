/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Keysight E4980A Precision LCR Meter with option 001 (±40 V DC bias,
 * 20 Vrms test signal), command set of the E4980A User's Guide (SCPI
 * chapter). The meter is wired across the DUT as a capacitance fixture:
 * "ciss" (gate-source with drain AC-shorted), "coss" (drain-source with
 * gate shorted to source) or "crss" (gate-drain, guarded); the DC bias is
 * the drain-source voltage of the C-V curve.
 *
 * Impedance model: Z = Rs + 1 / (G + j w C(Vbias)), with C from the DUT
 * model, Rs the internal gate resistance for Ciss and 1 Ohm for the output
 * capacitances, G = 1 nS. A resistor DUT is its resistance; "open" is a
 * 10 fF stray. Functions CPD CPQ CPG CPRP CSD CSQ CSRS RX ZTD ZTR from
 * the standard conversions (Cs = -1/(w Im Z), D = Re Z/(-Im Z), Y = 1/Z,
 * Cp = Im Y / w, D = Re Y / Im Y). Noise: 50 ppm of each value.
 * Timing (approximate, at >= 1 kHz, longer by 1 kHz / f below): aperture
 * SHORt 5.6 ms, MEDium 88 ms, LONG 220 ms, times the averaging count.
 * List sweep: one parameter (:LIST:BIAS:VOLT or :LIST:FREQ, up to 201
 * points); defining the other while one is set is -221; with :DISP:PAGE
 * LIST a trigger measures every point and :FETC? returns
 * "A,B,status,comparator" for each.
 */
#include "config.h"

#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "vbench_int.h"

#define LIST_MAX 201
#define WBGI_PI 3.14159265358979323846

enum lcr_func { F_CPD, F_CPQ, F_CPG, F_CPRP, F_CSD, F_CSQ, F_CSRS, F_RX, F_ZTD, F_ZTR, F_N };

static const char *const func_words[] = {"CPD", "CPQ", "CPG", "CPRP", "CSD",
                                         "CSQ", "CSRS", "RX",  "ZTD",  "ZTR", NULL};

struct lcr {
	double freq, level, bias;
	bool bias_on;
	enum lcr_func func;
	int aperture; /* 0 short, 1 medium, 2 long */
	double avg;
	bool cont, trig_bus, list_page;
	double list_bias[LIST_MAX], list_freq[LIST_MAX];
	size_t n_bias, n_freq;
	/* last result */
	size_t nres;
	double res[LIST_MAX][2];
};

static struct lcr *st(struct wbgi_scpi_call *c)
{
	return c->vi->st;
}

static void lcr_reset(wbg_vinstr *vi)
{
	struct lcr *l = vi->st;

	memset(l, 0, sizeof(*l));
	l->freq = 1000.0;
	l->level = 1.0;
	l->func = F_CPD;
	l->aperture = 1;
	l->avg = 1;
	l->cont = true;
}

static double complex impedance(wbg_vinstr *vi, double f, double bias)
{
	const struct wbgi_dut *d = &vi->bench->dut;
	double w = 2 * WBGI_PI * f, c, rs;

	switch (d->p.kind) {
	case WBGI_DUT_RESISTOR:
		return d->p.r_ohm;
	case WBGI_DUT_OPEN:
		return 1.0 / (I * w * 10e-15);
	case WBGI_DUT_FET:
		break;
	}
	c = wbgi_dut_cap(d, (enum wbgi_cap)vi->term[0], bias);
	rs = vi->term[0] == WBGI_CISS ? d->p.rg_ohm : 1.0;
	return rs + 1.0 / (1e-9 + I * w * c);
}

static void convert(enum lcr_func fn, double complex z, double w, double out[2])
{
	double complex y = 1.0 / z;

	switch (fn) {
	case F_CPD:
		out[0] = cimag(y) / w;
		out[1] = creal(y) / cimag(y);
		break;
	case F_CPQ:
		out[0] = cimag(y) / w;
		out[1] = cimag(y) / creal(y);
		break;
	case F_CPG:
		out[0] = cimag(y) / w;
		out[1] = creal(y);
		break;
	case F_CPRP:
		out[0] = cimag(y) / w;
		out[1] = 1.0 / creal(y);
		break;
	case F_CSD:
		out[0] = -1.0 / (w * cimag(z));
		out[1] = creal(z) / -cimag(z);
		break;
	case F_CSQ:
		out[0] = -1.0 / (w * cimag(z));
		out[1] = -cimag(z) / creal(z);
		break;
	case F_CSRS:
		out[0] = -1.0 / (w * cimag(z));
		out[1] = creal(z);
		break;
	case F_RX:
		out[0] = creal(z);
		out[1] = cimag(z);
		break;
	case F_ZTD:
		out[0] = cabs(z);
		out[1] = carg(z) * 180.0 / WBGI_PI;
		break;
	case F_ZTR:
	case F_N:
	default:
		out[0] = cabs(z);
		out[1] = carg(z);
		break;
	}
}

static void measure_point(wbg_vinstr *vi, double f, double bias, double out[2])
{
	struct lcr *l = vi->st;
	static const double ap_s[] = {5.6e-3, 88e-3, 220e-3};
	double t = ap_s[l->aperture] * (f < 1000.0 ? 1000.0 / f : 1.0) * l->avg;
	int k;

	wbgi_bench_elapse(vi->bench, t);
	convert(l->func, impedance(vi, f, l->bias_on ? bias : 0.0), 2 * WBGI_PI * f, out);
	for (k = 0; k < 2; k++)
		out[k] *= 1.0 + wbgi_bench_noise(vi->bench, 50e-6);
}

static void trigger(wbg_vinstr *vi)
{
	struct lcr *l = vi->st;
	size_t k;

	if (l->list_page && (l->n_bias || l->n_freq)) {
		size_t n = l->n_bias ? l->n_bias : l->n_freq;
		for (k = 0; k < n; k++)
			measure_point(vi, l->n_freq ? l->list_freq[k] : l->freq,
			              l->n_bias ? l->list_bias[k] : l->bias, l->res[k]);
		l->nres = n;
		return;
	}
	measure_point(vi, l->freq, l->bias, l->res[0]);
	l->nres = 1;
}

static void put_num(struct wbgi_scpi_call *c, double v)
{
	char b[40];

	wbgi_fmt_num(b, sizeof(b), v);
	wbgi_scpi_begin(c);
	wbgi_scpi_printf(c, "%s", b);
}

static void num_field(struct wbgi_scpi_call *c, double *dst, double lo, double hi, double def)
{
	double v;

	if (c->query) {
		put_num(c, *dst);
		return;
	}
	if (wbgi_scpi_nparams(c, 1, 1) && wbgi_scpi_num(c, 0, lo, hi, def, &v))
		*dst = v;
}

static void c_freq(struct wbgi_scpi_call *c)
{
	num_field(c, &st(c)->freq, 20.0, 2e6, 1000.0);
}

static void c_level(struct wbgi_scpi_call *c)
{
	num_field(c, &st(c)->level, 0.0, 20.0, 1.0);
}

static void c_bias(struct wbgi_scpi_call *c)
{
	num_field(c, &st(c)->bias, -40.0, 40.0, 0.0);
}

static void c_bias_state(struct wbgi_scpi_call *c)
{
	if (c->query) {
		wbgi_scpi_begin(c);
		wbgi_scpi_printf(c, "%d", st(c)->bias_on ? 1 : 0);
		return;
	}
	if (wbgi_scpi_nparams(c, 1, 1))
		wbgi_scpi_bool(c, 0, &st(c)->bias_on);
}

static void c_func(struct wbgi_scpi_call *c)
{
	int f;

	if (c->query) {
		wbgi_scpi_begin(c);
		wbgi_scpi_printf(c, "%s", func_words[st(c)->func]);
		return;
	}
	if (wbgi_scpi_nparams(c, 1, 1) && wbgi_scpi_choice(c, 0, func_words, &f))
		st(c)->func = (enum lcr_func)f;
}

static void c_aperture(struct wbgi_scpi_call *c)
{
	static const char *const w[] = {"SHORt", "MEDium", "LONG", NULL};
	static const char *const names[] = {"SHOR", "MED", "LONG"};
	int a;
	double avg = 1;

	if (c->query) {
		wbgi_scpi_begin(c);
		wbgi_scpi_printf(c, "%s,%d", names[st(c)->aperture], (int)st(c)->avg);
		return;
	}
	if (!wbgi_scpi_nparams(c, 1, 2) || !wbgi_scpi_choice(c, 0, w, &a))
		return;
	if (c->nparam > 1 && !wbgi_scpi_num(c, 1, 1, 256, 1, &avg))
		return;
	st(c)->aperture = a;
	st(c)->avg = round(avg);
}

static void c_trig_source(struct wbgi_scpi_call *c)
{
	static const char *const w[] = {"INTernal", "BUS", "EXTernal", "HOLD", NULL};
	int m;

	if (c->query) {
		wbgi_scpi_begin(c);
		wbgi_scpi_printf(c, "%s", st(c)->trig_bus ? "BUS" : "INT");
		return;
	}
	if (!wbgi_scpi_nparams(c, 1, 1) || !wbgi_scpi_choice(c, 0, w, &m))
		return;
	if (m >= 2) { /* no external trigger in the simulation */
		wbgi_scpi_error(c->vi, -221);
		return;
	}
	st(c)->trig_bus = m == 1;
}

static void c_init_cont(struct wbgi_scpi_call *c)
{
	if (c->query) {
		wbgi_scpi_begin(c);
		wbgi_scpi_printf(c, "%d", st(c)->cont ? 1 : 0);
		return;
	}
	if (wbgi_scpi_nparams(c, 1, 1))
		wbgi_scpi_bool(c, 0, &st(c)->cont);
}

static void c_nop(struct wbgi_scpi_call *c)
{
	(void)c;
}

static void c_trig(struct wbgi_scpi_call *c)
{
	trigger(c->vi);
}

static void c_fetch(struct wbgi_scpi_call *c)
{
	struct lcr *l = st(c);
	char a[40], b[40];
	size_t k;

	/* Free-running internal trigger: a fresh result for every fetch. */
	if (l->cont && !l->trig_bus)
		trigger(c->vi);
	if (l->nres == 0) {
		wbgi_scpi_error(c->vi, -230);
		return;
	}
	wbgi_scpi_begin(c);
	for (k = 0; k < l->nres; k++) {
		wbgi_fmt_num(a, sizeof(a), l->res[k][0]);
		wbgi_fmt_num(b, sizeof(b), l->res[k][1]);
		if (l->nres > 1)
			wbgi_scpi_printf(c, "%s%s,%s,+0,+0", k ? "," : "", a, b);
		else
			wbgi_scpi_printf(c, "%s,%s,+0", a, b);
	}
}

static void list_cmd(struct wbgi_scpi_call *c, double *dst, size_t *n, size_t other_n, double lo,
                     double hi)
{
	double tmp[LIST_MAX];
	size_t k;

	if (c->query) {
		char b[40];
		wbgi_scpi_begin(c);
		for (k = 0; k < *n; k++) {
			wbgi_fmt_num(b, sizeof(b), dst[k]);
			wbgi_scpi_printf(c, "%s%s", k ? "," : "", b);
		}
		return;
	}
	if (other_n > 0) { /* one list parameter at a time */
		wbgi_scpi_error(c->vi, -221);
		return;
	}
	if (!wbgi_scpi_nparams(c, 1, LIST_MAX))
		return;
	for (k = 0; k < c->nparam; k++)
		if (!wbgi_scpi_num(c, k, lo, hi, 0, &tmp[k]))
			return;
	memcpy(dst, tmp, c->nparam * sizeof(tmp[0]));
	*n = c->nparam;
}

static void c_list_bias(struct wbgi_scpi_call *c)
{
	list_cmd(c, st(c)->list_bias, &st(c)->n_bias, st(c)->n_freq, -40.0, 40.0);
}

static void c_list_freq(struct wbgi_scpi_call *c)
{
	list_cmd(c, st(c)->list_freq, &st(c)->n_freq, st(c)->n_bias, 20.0, 2e6);
}

static void c_list_clear(struct wbgi_scpi_call *c)
{
	st(c)->n_bias = st(c)->n_freq = 0;
}

static void c_page(struct wbgi_scpi_call *c)
{
	static const char *const w[] = {"MEASurement", "LIST", "BNUMber", "BCOunt", "LSETup",
	                                "MSETup", "CSETup", "SYSTem", NULL};
	int m;

	if (c->query) {
		wbgi_scpi_begin(c);
		wbgi_scpi_printf(c, "%s", st(c)->list_page ? "LIST" : "MEAS");
		return;
	}
	if (wbgi_scpi_nparams(c, 1, 1) && wbgi_scpi_choice(c, 0, w, &m))
		st(c)->list_page = m == 1;
}

static void c_opt(struct wbgi_scpi_call *c)
{
	wbgi_scpi_begin(c);
	wbgi_scpi_printf(c, "001");
}

static const struct wbgi_scpi_cmd lcr_cmds[] = {
	{":FREQuency[:CW]", WBGI_SET | WBGI_QRY, c_freq},
	{":VOLTage[:LEVel]", WBGI_SET | WBGI_QRY, c_level},
	{":BIAS:VOLTage[:LEVel]", WBGI_SET | WBGI_QRY, c_bias},
	{":BIAS:STATe", WBGI_SET | WBGI_QRY, c_bias_state},
	{":FUNCtion:IMPedance[:TYPE]", WBGI_SET | WBGI_QRY, c_func},
	{":APERture", WBGI_SET | WBGI_QRY, c_aperture},
	{":TRIGger:SOURce", WBGI_SET | WBGI_QRY, c_trig_source},
	{":TRIGger[:IMMediate]", WBGI_SET, c_trig},
	{"*TRG", WBGI_SET, c_trig},
	{":INITiate[:IMMediate]", WBGI_SET, c_nop},
	{":INITiate:CONTinuous", WBGI_SET | WBGI_QRY, c_init_cont},
	{":FETCh[:IMPedance][:FORMatted]", WBGI_QRY, c_fetch},
	{":LIST:BIAS:VOLTage", WBGI_SET | WBGI_QRY, c_list_bias},
	{":LIST:FREQuency", WBGI_SET | WBGI_QRY, c_list_freq},
	{":LIST:CLEar:ALL", WBGI_SET, c_list_clear},
	{":DISPlay:PAGE", WBGI_SET | WBGI_QRY, c_page},
	{"*OPT", WBGI_QRY, c_opt},
	{NULL, 0, NULL},
};

const struct wbgi_vmodel wbgi_vmodel_e4980a = {
	.name = "E4980A",
	.idn = "Keysight Technologies,E4980A,MY46101234,A.06.11",
	.kind = WBGI_VK_LCR,
	.cmds = lcr_cmds,
	.state_size = sizeof(struct lcr),
	.reset = lcr_reset,
	.err_signed = true,
};
