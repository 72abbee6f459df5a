/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Keysight B2901A / B2902A Precision SMU (command set of the Keysight
 * B2900 SCPI Command Reference). Channels by header suffix (:SOUR2:VOLT,
 * :OUTP2) and by channel list ((@1), (@1,2)) for :MEAS?, :INIT, :FETC:ARR?.
 *
 * Modelled: source function, fixed and sweep modes (:SOUR:VOLT:MODE SWE,
 * :STAR/:STOP, :SOUR:SWE:POIN, :SOUR:SWE:STA SING|DOUB), compliance
 * (:SENS:CURR:PROT, :SENS:VOLT:PROT, :TRIP?), NPLC, trigger count,
 * transient/acquisition delays, trigger timer, :INIT runs the acquisition
 * at once (output auto-on), :FETC:ARR[:VOLT|:CURR|:TIME|:SOUR]? and
 * :READ:ARR? in ASCII or binary (:FORM REAL,32|REAL,64 with :FORM:BORD
 * NORM (big-endian) or SWAP (little-endian), IEEE 488.2 definite-length
 * block), :FORM:ELEM:SENS. Output envelope (datasheet, approximate): 3.03 A
 * to 6.3 V, 1.515 A to 21 V, 105 mA to 210 V; outside it -221, outside
 * +-210 V / +-3.03 A -222. Timing as the 2450: NPLC at 60 Hz plus delays;
 * with :TRIG:SOUR TIM a point takes max(timer period, its own time).
 * Pulsed output (:SOUR:FUNC:SHAP PULS): b29xx_pulse.c and b29xx_acq.c.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "b29xx.h"

/* The channel of a command by its first header suffix; -114 if absent. */
struct b29_ch *wbgi_b29_chan(struct wbgi_scpi_call *c, int *out_idx)
{
	struct b29 *b = st(c);
	int k = c->nsuffix ? c->suffix[0] : 1;

	if (k < 1 || k > b->nch) {
		wbgi_scpi_error(c->vi, -114);
		return NULL;
	}
	if (out_idx)
		*out_idx = k - 1;
	return &b->ch[k - 1];
}

void wbgi_b29_push_drive(wbg_vinstr *vi, int k)
{
	struct b29 *b = vi->st;
	struct b29_ch *h = &b->ch[k];
	struct wbgi_drive d;

	d.on = h->out;
	d.mode = h->func;
	d.level = h->level[h->func];
	d.limit = h->prot[h->func];
	if (vi->term[k] >= 0)
		wbgi_bench_set_drive(vi->bench, vi->term[k], &d);
}

static void b29_reset_common(wbg_vinstr *vi, int nch)
{
	struct b29 *b = vi->st;
	int k;

	b->nch = nch;
	b->binary = false;
	b->real64 = true;
	b->swapped = false;
	b->nelems = 0;
	for (k = 0; k < EL_N; k++)
		b->elems[b->nelems++] = k;
	for (k = 0; k < 2; k++) {
		struct b29_ch *h = &b->ch[k];
		h->func = WBGI_SRC_V;
		h->sweep[0] = h->sweep[1] = false;
		h->level[0] = h->level[1] = 0;
		h->start[0] = h->start[1] = h->stop[0] = h->stop[1] = 0;
		h->points = 1;
		h->dbl = false;
		h->prot[WBGI_SRC_V] = 100e-6;
		h->prot[WBGI_SRC_I] = 2.0;
		h->nplc = 1.0;
		h->out = false;
		h->trig_count = 1;
		h->tran_del = h->acq_del = 0;
		h->timer = 1e-4;
		h->trig_timer = false;
		h->n = 0;
		wbgi_b29_pulse_reset(h);
		if (k < nch)
			wbgi_b29_push_drive(vi, k);
	}
}

static void b2901_reset(wbg_vinstr *vi)
{
	b29_reset_common(vi, 1);
}

static void b2902_reset(wbg_vinstr *vi)
{
	b29_reset_common(vi, 2);
}

static double env_imax(double v)
{
	v = fabs(v);
	if (v <= 6.3 * (1 + 1e-9))
		return 3.03;
	if (v <= 21.0 * (1 + 1e-9))
		return 1.515;
	return 0.105;
}

static bool envelope_ok(enum wbgi_src f, double level, double limit)
{
	double v = f == WBGI_SRC_V ? level : limit, i = f == WBGI_SRC_V ? limit : level;

	return fabs(i) <= env_imax(v) * (1 + 1e-9);
}

static void put_num(struct wbgi_scpi_call *c, double v)
{
	char b[40];

	wbgi_fmt_num(b, sizeof(b), v);
	wbgi_scpi_begin(c);
	wbgi_scpi_printf(c, "%s", b);
}

static const char *const func_words[] = {"VOLTage", "CURRent", NULL};

static void c_func(struct wbgi_scpi_call *c)
{
	int k, f;
	struct b29_ch *h = wbgi_b29_chan(c, &k);

	if (!h)
		return;
	if (c->query) {
		wbgi_scpi_begin(c);
		wbgi_scpi_printf(c, "%s", h->func == WBGI_SRC_V ? "VOLT" : "CURR");
		return;
	}
	if (wbgi_scpi_nparams(c, 1, 1) && wbgi_scpi_choice(c, 0, func_words, &f)) {
		h->func = (enum wbgi_src)f;
		wbgi_b29_push_drive(c->vi, k);
	}
}

enum what { W_LEVEL, W_START, W_STOP };

static void value_cmd(struct wbgi_scpi_call *c, enum wbgi_src f, enum what w)
{
	int k;
	struct b29_ch *h = wbgi_b29_chan(c, &k);
	double max = f == WBGI_SRC_V ? 210.0 : 3.03, v, *dst;

	if (!h)
		return;
	dst = w == W_LEVEL ? &h->level[f] : w == W_START ? &h->start[f] : &h->stop[f];
	if (c->query) {
		put_num(c, *dst);
		return;
	}
	if (!wbgi_scpi_nparams(c, 1, 1) || !wbgi_scpi_num(c, 0, -max, max, 0, &v))
		return;
	if (!envelope_ok(f, v, h->prot[f])) {
		wbgi_scpi_error(c->vi, -221);
		return;
	}
	*dst = v;
	if (w == W_LEVEL)
		wbgi_b29_push_drive(c->vi, k);
}

static void c_volt(struct wbgi_scpi_call *c)
{
	value_cmd(c, WBGI_SRC_V, W_LEVEL);
}

static void c_curr(struct wbgi_scpi_call *c)
{
	value_cmd(c, WBGI_SRC_I, W_LEVEL);
}

static void c_vstart(struct wbgi_scpi_call *c)
{
	value_cmd(c, WBGI_SRC_V, W_START);
}

static void c_vstop(struct wbgi_scpi_call *c)
{
	value_cmd(c, WBGI_SRC_V, W_STOP);
}

static void c_istart(struct wbgi_scpi_call *c)
{
	value_cmd(c, WBGI_SRC_I, W_START);
}

static void c_istop(struct wbgi_scpi_call *c)
{
	value_cmd(c, WBGI_SRC_I, W_STOP);
}

static void mode_cmd(struct wbgi_scpi_call *c, enum wbgi_src f)
{
	static const char *const w[] = {"FIXed", "SWEep", "LIST", NULL};
	struct b29_ch *h = wbgi_b29_chan(c, NULL);
	int m;

	if (!h)
		return;
	if (c->query) {
		wbgi_scpi_begin(c);
		wbgi_scpi_printf(c, "%s", h->sweep[f] ? "SWE" : "FIX");
		return;
	}
	if (!wbgi_scpi_nparams(c, 1, 1) || !wbgi_scpi_choice(c, 0, w, &m))
		return;
	if (m == 2) { /* LIST is a real mode we do not simulate */
		wbgi_scpi_error(c->vi, -221);
		return;
	}
	h->sweep[f] = m == 1;
}

static void c_vmode(struct wbgi_scpi_call *c)
{
	mode_cmd(c, WBGI_SRC_V);
}

static void c_imode(struct wbgi_scpi_call *c)
{
	mode_cmd(c, WBGI_SRC_I);
}

static void c_points(struct wbgi_scpi_call *c)
{
	struct b29_ch *h = wbgi_b29_chan(c, NULL);
	double v;

	if (!h)
		return;
	if (c->query) {
		wbgi_scpi_begin(c);
		wbgi_scpi_printf(c, "+%zu", h->points);
		return;
	}
	if (wbgi_scpi_nparams(c, 1, 1) && wbgi_scpi_num(c, 0, 1, B29_PTS_MAX, 1, &v))
		h->points = (size_t)lround(v);
}

static void c_swe_sta(struct wbgi_scpi_call *c)
{
	static const char *const w[] = {"SINGle", "DOUBle", NULL};
	struct b29_ch *h = wbgi_b29_chan(c, NULL);

	if (h)
		wbgi_scpi_flag2(c, w, "SING", "DOUB", &h->dbl);
}

static void prot_cmd(struct wbgi_scpi_call *c, enum wbgi_src f)
{
	int k;
	struct b29_ch *h = wbgi_b29_chan(c, &k);
	double v, lo = f == WBGI_SRC_V ? 1e-9 : 0.02, hi = f == WBGI_SRC_V ? 3.03 : 210.0;

	if (!h)
		return;
	if (c->query) {
		put_num(c, h->prot[f]);
		return;
	}
	if (!wbgi_scpi_nparams(c, 1, 1) || !wbgi_scpi_num(c, 0, lo, hi, lo, &v))
		return;
	if (!envelope_ok(f, h->level[f], v)) {
		wbgi_scpi_error(c->vi, -221);
		return;
	}
	h->prot[f] = v;
	wbgi_b29_push_drive(c->vi, k);
}

/* :SENS:CURR:PROT limits the current while sourcing voltage. */
static void c_iprot(struct wbgi_scpi_call *c)
{
	prot_cmd(c, WBGI_SRC_V);
}

static void c_vprot(struct wbgi_scpi_call *c)
{
	prot_cmd(c, WBGI_SRC_I);
}

static void c_trip(struct wbgi_scpi_call *c)
{
	int k;
	struct b29_ch *h = wbgi_b29_chan(c, &k);
	struct wbgi_op op;

	if (!h)
		return;
	wbgi_bench_solve(c->vi->bench, &op);
	wbgi_scpi_begin(c);
	wbgi_scpi_printf(c, "%d", h->out && c->vi->term[k] >= 0 && op.in_limit[c->vi->term[k]]);
}

void wbgi_b29_num_field(struct wbgi_scpi_call *c, double *dst, double lo, double hi, double def)
{
	double v;

	if (c->query) {
		put_num(c, *dst);
		return;
	}
	if (wbgi_scpi_nparams(c, 1, 1) && wbgi_scpi_num(c, 0, lo, hi, def, &v))
		*dst = v;
}

static void c_nplc(struct wbgi_scpi_call *c)
{
	struct b29_ch *h = wbgi_b29_chan(c, NULL);

	if (h)
		wbgi_b29_num_field(c, &h->nplc, 4e-4, 100, 1);
}

static void c_trig_count(struct wbgi_scpi_call *c)
{
	struct b29_ch *h = wbgi_b29_chan(c, NULL);

	if (h)
		wbgi_b29_num_field(c, &h->trig_count, 1, B29_TRIG_MAX, 1);
}

static void c_tran_del(struct wbgi_scpi_call *c)
{
	struct b29_ch *h = wbgi_b29_chan(c, NULL);

	if (h)
		wbgi_b29_num_field(c, &h->tran_del, 0, 100, 0);
}

static void c_acq_del(struct wbgi_scpi_call *c)
{
	struct b29_ch *h = wbgi_b29_chan(c, NULL);

	if (h)
		wbgi_b29_num_field(c, &h->acq_del, 0, 100, 0);
}

static void c_timer(struct wbgi_scpi_call *c)
{
	struct b29_ch *h = wbgi_b29_chan(c, NULL);

	if (h)
		wbgi_b29_num_field(c, &h->timer, 1e-5, 1e5, 1e-4);
}

static void c_trig_sour(struct wbgi_scpi_call *c)
{
	static const char *const w[] = {"AINT", "BUS", "TIMer", "INT1", "INT2", "EXT1", NULL};
	struct b29_ch *h = wbgi_b29_chan(c, NULL);
	int m;

	if (!h)
		return;
	if (c->query) {
		wbgi_scpi_begin(c);
		wbgi_scpi_printf(c, "%s", h->trig_timer ? "TIM" : "AINT");
		return;
	}
	if (!wbgi_scpi_nparams(c, 1, 1) || !wbgi_scpi_choice(c, 0, w, &m))
		return;
	if (m != 0 && m != 2) { /* no bus or hardware triggers in the simulation */
		wbgi_scpi_error(c->vi, -221);
		return;
	}
	h->trig_timer = m == 2;
}

static void c_outp(struct wbgi_scpi_call *c)
{
	int k;
	struct b29_ch *h = wbgi_b29_chan(c, &k);
	bool on;

	if (!h)
		return;
	if (c->query) {
		wbgi_scpi_begin(c);
		wbgi_scpi_printf(c, "%d", h->out ? 1 : 0);
		return;
	}
	if (wbgi_scpi_nparams(c, 1, 1) && wbgi_scpi_bool(c, 0, &on)) {
		h->out = on;
		wbgi_b29_push_drive(c->vi, k);
	}
}

static void c_noop_bool(struct wbgi_scpi_call *c)
{
	bool dummy;

	if (c->query) {
		wbgi_scpi_begin(c);
		wbgi_scpi_printf(c, "1");
		return;
	}
	if (wbgi_scpi_nparams(c, 1, 1))
		wbgi_scpi_bool(c, 0, &dummy);
}

static void c_sens_func(struct wbgi_scpi_call *c)
{
	static const char *const w[] = {"VOLTage", "CURRent", "RESistance", NULL};
	size_t i;
	int m;

	if (c->query) {
		wbgi_scpi_begin(c);
		wbgi_scpi_printf(c, "\"VOLT\",\"CURR\"");
		return;
	}
	if (!wbgi_scpi_nparams(c, 1, 3))
		return;
	for (i = 0; i < c->nparam; i++)
		if (!wbgi_scpi_choice(c, i, w, &m))
			return;
}

static const struct wbgi_scpi_cmd b29_cmds[] = {
	{"[:SOURce#]:FUNCtion:MODE", WBGI_SET | WBGI_QRY, c_func},
	{"[:SOURce#]:VOLTage[:LEVel][:IMMediate][:AMPLitude]", WBGI_SET | WBGI_QRY, c_volt},
	{"[:SOURce#]:CURRent[:LEVel][:IMMediate][:AMPLitude]", WBGI_SET | WBGI_QRY, c_curr},
	{"[:SOURce#]:VOLTage:MODE", WBGI_SET | WBGI_QRY, c_vmode},
	{"[:SOURce#]:CURRent:MODE", WBGI_SET | WBGI_QRY, c_imode},
	{"[:SOURce#]:VOLTage:STARt", WBGI_SET | WBGI_QRY, c_vstart},
	{"[:SOURce#]:VOLTage:STOP", WBGI_SET | WBGI_QRY, c_vstop},
	{"[:SOURce#]:CURRent:STARt", WBGI_SET | WBGI_QRY, c_istart},
	{"[:SOURce#]:CURRent:STOP", WBGI_SET | WBGI_QRY, c_istop},
	{"[:SOURce#]:VOLTage:POINts", WBGI_SET | WBGI_QRY, c_points},
	{"[:SOURce#]:CURRent:POINts", WBGI_SET | WBGI_QRY, c_points},
	{"[:SOURce#]:SWEep:POINts", WBGI_SET | WBGI_QRY, c_points},
	{"[:SOURce#]:SWEep:STAir", WBGI_SET | WBGI_QRY, c_swe_sta},
	{"[:SENSe#]:CURRent[:DC]:PROTection[:LEVel][:BOTH]", WBGI_SET | WBGI_QRY, c_iprot},
	{"[:SENSe#]:VOLTage[:DC]:PROTection[:LEVel][:BOTH]", WBGI_SET | WBGI_QRY, c_vprot},
	{"[:SENSe#]:CURRent[:DC]:PROTection:TRIPped", WBGI_QRY, c_trip},
	{"[:SENSe#]:VOLTage[:DC]:PROTection:TRIPped", WBGI_QRY, c_trip},
	{"[:SENSe#]:CURRent[:DC]:NPLCycles", WBGI_SET | WBGI_QRY, c_nplc},
	{"[:SENSe#]:VOLTage[:DC]:NPLCycles", WBGI_SET | WBGI_QRY, c_nplc},
	{"[:SENSe#]:FUNCtion[:ON]", WBGI_SET | WBGI_QRY, c_sens_func},
	{"[:SENSe#]:CURRent[:DC]:RANGe:AUTO", WBGI_SET | WBGI_QRY, c_noop_bool},
	{"[:SENSe#]:VOLTage[:DC]:RANGe:AUTO", WBGI_SET | WBGI_QRY, c_noop_bool},
	{":TRIGger#[:ALL]:COUNt", WBGI_SET | WBGI_QRY, c_trig_count},
	{":TRIGger#[:ALL]:SOURce", WBGI_SET | WBGI_QRY, c_trig_sour},
	{":TRIGger#[:ALL]:TIMer", WBGI_SET | WBGI_QRY, c_timer},
	{":TRIGger#:TRANsient:DELay", WBGI_SET | WBGI_QRY, c_tran_del},
	{":TRIGger#:ACQuire:DELay", WBGI_SET | WBGI_QRY, c_acq_del},
	{":OUTPut#[:STATe]", WBGI_SET | WBGI_QRY, c_outp},
	{"[:SOURce#]:FUNCtion:SHAPe", WBGI_SET | WBGI_QRY, wbgi_b29_shape},
	{"[:SOURce#]:PULSe:WIDTh", WBGI_SET | WBGI_QRY, wbgi_b29_puls_width},
	{"[:SOURce#]:PULSe:DELay", WBGI_SET | WBGI_QRY, wbgi_b29_puls_delay},
	{"[:SOURce#]:VOLTage:TRIGgered[:AMPLitude]", WBGI_SET | WBGI_QRY, wbgi_b29_volt_trig},
	{"[:SOURce#]:CURRent:TRIGgered[:AMPLitude]", WBGI_SET | WBGI_QRY, wbgi_b29_curr_trig},
	{"[:SENSe#]:CURRent[:DC]:APERture", WBGI_SET | WBGI_QRY, wbgi_b29_aper},
	{"[:SENSe#]:VOLTage[:DC]:APERture", WBGI_SET | WBGI_QRY, wbgi_b29_aper},
	{":INITiate[:IMMediate][:ALL]", WBGI_SET, wbgi_b29_init},
	{":FETCh:ARRay", WBGI_QRY, wbgi_b29_fetc_arr},
	{":FETCh:ARRay:VOLTage", WBGI_QRY, wbgi_b29_fetc_arr_v},
	{":FETCh:ARRay:CURRent", WBGI_QRY, wbgi_b29_fetc_arr_i},
	{":FETCh:ARRay:TIME", WBGI_QRY, wbgi_b29_fetc_arr_t},
	{":FETCh:ARRay:SOURce", WBGI_QRY, wbgi_b29_fetc_arr_s},
	{":FETCh[:SCALar]", WBGI_QRY, wbgi_b29_fetc},
	{":READ:ARRay", WBGI_QRY, wbgi_b29_read_arr},
	{":MEASure", WBGI_QRY, wbgi_b29_meas},
	{":MEASure:VOLTage[:DC]", WBGI_QRY, wbgi_b29_meas_v},
	{":MEASure:CURRent[:DC]", WBGI_QRY, wbgi_b29_meas_i},
	{":FORMat[:DATA]", WBGI_SET | WBGI_QRY, wbgi_b29_form},
	{":FORMat:BORDer", WBGI_SET | WBGI_QRY, wbgi_b29_bord},
	{":FORMat:ELEMents:SENSe", WBGI_SET | WBGI_QRY, wbgi_b29_elem},
	{NULL, 0, NULL},
};

const struct wbgi_vmodel wbgi_vmodel_b2901a = {
	.name = "B2901A",
	.idn = "Keysight Technologies,B2901A,MY51140001,3.4.2011.5100",
	.kind = WBGI_VK_SMU1,
	.cmds = b29_cmds,
	.state_size = sizeof(struct b29),
	.reset = b2901_reset,
	.max_suffix = 1,
	.err_signed = true,
};

const struct wbgi_vmodel wbgi_vmodel_b2902a = {
	.name = "B2902A",
	.idn = "Keysight Technologies,B2902A,MY51140002,3.4.2011.5100",
	.kind = WBGI_VK_SMU2,
	.cmds = b29_cmds,
	.state_size = sizeof(struct b29),
	.reset = b2902_reset,
	.max_suffix = 2,
	.err_signed = true,
};
