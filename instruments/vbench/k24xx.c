/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Keithley 2450 / 2460 / 2470 SourceMeter in SCPI mode (command set of the
 * Model 2450 Reference Manual, 2450-901-01; the 2460 and 2470 share it).
 *
 * Modelled: source function and level, ILIM/VLIM compliance with the TRIP
 * query, source ranges (a fixed one bounds the level), measure ranges of
 * each model (autorange, or fixed with +9.9E37 on overflow; noise 1 ppm of
 * range plus 20 ppm (I) or 10 ppm (V) of reading at 1 PLC), source delay (auto = 1 ms), NPLC with autozero, :READ?/:MEAS?,
 * linear sweeps (:SOUR:SWE:<func>:LIN) run by :INIT into defbuffer1,
 * :TRAC:DATA? with READ/SOUR/REL elements, in ASCII or IEEE 754 binary
 * (:FORM:DATA REAL|SREAL, :FORM:BORD; "#0" blocks), *RST state. Power envelopes
 * (approximate, from the datasheets): 2450 1.05 A to 21 V, 105 mA to 210 V;
 * 2460 7.35 A to 7.35 V, 1.05 A to 105 V; 2470 1.05 A to 21 V, 105 mA to
 * 210 V, 21 mA to 1100 V. A level or limit outside the envelope is refused
 * with -221 (settings conflict), a value outside the model's span with -222.
 * The 2460's ranges (1 µA, ..., 1 A, 4 A, 5 A, 7 A; 200 mV, 2 V, 7 V, 10 V,
 * 20 V, 100 V) and spans (7.35 A, 105 V) are those the 2461 Reference
 * Manual (2461-901-01 Rev. A, :SOURce:RANGe and :SOURce:LEVel, pages 6-93
 * and 6-98) gives for its sibling, less the 2461's pulse-only 10 A range.
 * Its DC envelope could not be checked against a copy of the 2460 data
 * sheet: a corner between 7.35 V and 105 V that the real 2460 may allow is
 * not modelled (refused with -221).
 * Digital I/O trigger lines and trigger-model blocks: k24xx_trig.c.
 * Not modelled: count "INF" (a sweep of more than 100000 readings is
 * refused with -222, since the simulation runs it at once).
 * Timing: a reading takes NPLC/60 Hz (twice with autozero) plus 0.2 ms;
 * a sweep point adds its delay. Line frequency is 60 Hz.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "k24xx.h"

static const struct k24_spec spec_2450 = {
	210.0, 1.05, {21.0, 210.0, 0}, {1.05, 0.105, 0},
	{10e-9, 100e-9, 1e-6, 10e-6, 100e-6, 1e-3, 10e-3, 100e-3, 1.0, 0},
	{20e-3, 200e-3, 2.0, 20.0, 200.0, 0}};
static const struct k24_spec spec_2460 = {
	105.0, 7.35, {7.35, 105.0, 0}, {7.35, 1.05, 0},
	{1e-6, 10e-6, 100e-6, 1e-3, 10e-3, 100e-3, 1.0, 4.0, 5.0, 7.0, 0},
	{200e-3, 2.0, 7.0, 10.0, 20.0, 100.0, 0}};
static const struct k24_spec spec_2470 = {
	1100.0, 1.05, {21.0, 210.0, 1100.0}, {1.05, 0.105, 0.021},
	{10e-9, 100e-9, 1e-6, 10e-6, 100e-6, 1e-3, 10e-3, 100e-3, 1.0, 0},
	{200e-3, 2.0, 20.0, 200.0, 1000.0, 0}};

/* The smallest range holding |v| (with the 5 % over-range), else the top. */
static double pick_range(const double *ranges, double v)
{
	size_t k;

	for (k = 0; ranges[k] > 0; k++)
		if (fabs(v) <= ranges[k] * 1.05)
			return ranges[k];
	return ranges[k - 1];
}

static double env_imax(const struct k24_spec *s, double v)
{
	int k;

	for (k = 0; k < 3 && s->env_v[k] > 0; k++)
		if (fabs(v) <= s->env_v[k] * (1 + 1e-9))
			return s->env_i[k];
	return 0.0;
}

void wbgi_k24_push_drive(wbg_vinstr *vi)
{
	struct k24 *k = vi->st;
	struct wbgi_drive d;

	d.on = k->out;
	d.mode = k->func;
	d.level = k->level[k->func];
	d.limit = k->limit[k->func];
	if (vi->term[0] >= 0)
		wbgi_bench_set_drive(vi->bench, vi->term[0], &d);
	k->dirty = true;
}

static void k24_reset(wbg_vinstr *vi)
{
	struct k24 *k = vi->st;

	k->func = WBGI_SRC_V;
	k->level[0] = k->level[1] = 0.0;
	k->limit[WBGI_SRC_V] = 105e-6;
	k->limit[WBGI_SRC_I] = 21.0;
	k->srange[WBGI_SRC_V] = 200e-3;
	k->srange[WBGI_SRC_I] = 1e-6;
	k->srange_auto[0] = k->srange_auto[1] = true;
	k->delay[0] = k->delay[1] = 1e-3;
	k->delay_auto[0] = k->delay_auto[1] = true;
	k->sense = 0;
	k->mrange[0] = 100e-6;
	k->mrange[1] = 20.0;
	k->mrange_auto[0] = k->mrange_auto[1] = true;
	k->nplc[0] = k->nplc[1] = k->nplc[2] = 1.0;
	k->azero = true;
	k->out = false;
	k->form = K24_FORM_ASC;
	k->swapped = true;
	k->tripped = false;
	k->sweep_set = false;
	k->n = 0;
	k->cap = K24_BUF_MAX;
	wbgi_k24_trig_reset(vi);
	wbgi_k24_push_drive(vi);
}

/* One reading: source delay if the source changed, integration, then the
 * value at the end of the integration. */
void wbgi_k24_take_reading(wbg_vinstr *vi, double extra_delay, struct k24_entry *out)
{
	struct k24 *k = vi->st;
	struct wbgi_op op;
	double v, i, nplc = k->nplc[k->sense];
	int t = vi->term[0];

	if (k->dirty || extra_delay > 0)
		wbgi_bench_elapse(vi->bench, extra_delay > 0 ? extra_delay : k->delay[k->func]);
	k->dirty = false;
	wbgi_bench_elapse(vi->bench, nplc / K24_LINE_HZ * (k->azero ? 2.0 : 1.0) + 2e-4);
	wbgi_bench_solve(vi->bench, &op);
	v = t >= 0 ? op.v[t] : (k->out && k->func == WBGI_SRC_V ? k->level[0] : 0.0);
	i = t >= 0 ? op.i[t] : 0.0;
	if (!k->out)
		v = 0.0;
	k->tripped = k->out && t >= 0 && op.in_limit[t];
	/* Ranges: autorange picks the smallest that holds the value; a fixed
	 * range too small overflows (+9.9E37, as the instrument shows it). */
	if (k->mrange_auto[0])
		k->mrange[0] = pick_range(spec(vi)->irange, i);
	if (k->mrange_auto[1])
		k->mrange[1] = pick_range(spec(vi)->vrange, v);
	/* Noise: 20 ppm (I) / 10 ppm (V) of reading plus 1 ppm of range (plus
	 * 1 fA), falling as 1/sqrt(NPLC). */
	v += wbgi_bench_noise(vi->bench, (10e-6 * fabs(v) + 1e-6 * k->mrange[1]) / sqrt(nplc));
	i += wbgi_bench_noise(vi->bench, (20e-6 * fabs(i) + 1e-6 * k->mrange[0] + 1e-15) / sqrt(nplc));
	if (fabs(i) > k->mrange[0] * 1.05)
		i = 9.9e37;
	if (fabs(v) > k->mrange[1] * 1.05)
		v = 9.9e37;
	switch (k->sense) {
	case 0:
		out->reading = i;
		break;
	case 1:
		out->reading = v;
		break;
	default:
		out->reading = i != 0.0 ? v / i : 9.91e37;
		break;
	}
	out->source = k->func == WBGI_SRC_V ? v : i;
	out->t = wbg_vbench_time(vi->bench);
}

void wbgi_k24_put_num(struct wbgi_scpi_call *c, double v)
{
	char b[40];

	wbgi_fmt_num(b, sizeof(b), v);
	wbgi_scpi_begin(c);
	wbgi_scpi_printf(c, "%s", b);
}

/* ---- source ---- */

static const char *const func_words[] = {"VOLTage", "CURRent", NULL};

static void c_sour_func(struct wbgi_scpi_call *c)
{
	int f;

	if (c->query) {
		wbgi_scpi_begin(c);
		wbgi_scpi_printf(c, "%s", st(c)->func == WBGI_SRC_V ? "VOLT" : "CURR");
		return;
	}
	if (!wbgi_scpi_nparams(c, 1, 1) || !wbgi_scpi_choice(c, 0, func_words, &f))
		return;
	st(c)->func = (enum wbgi_src)f;
	wbgi_k24_push_drive(c->vi);
}

bool wbgi_k24_envelope_ok(wbg_vinstr *vi, enum wbgi_src f, double level, double limit)
{
	double v = f == WBGI_SRC_V ? level : limit, i = f == WBGI_SRC_V ? limit : level;

	/* The source value and its limit must fit the power envelope. */
	return fabs(i) <= env_imax(spec(vi), v) * (1 + 1e-9);
}

static void level_cmd(struct wbgi_scpi_call *c, enum wbgi_src f)
{
	struct k24 *k = st(c);
	double max = f == WBGI_SRC_V ? spec(c->vi)->vmax : spec(c->vi)->imax, v;

	if (c->query) {
		wbgi_k24_put_num(c, k->level[f]);
		return;
	}
	if (!wbgi_scpi_nparams(c, 1, 1) || !wbgi_scpi_num(c, 0, -max, max, 0.0, &v))
		return;
	if (!k->srange_auto[f] && fabs(v) > k->srange[f] * 1.05) {
		wbgi_scpi_error(c->vi, -221);
		return;
	}
	if (!wbgi_k24_envelope_ok(c->vi, f, v, k->limit[f])) {
		wbgi_scpi_error(c->vi, -221);
		return;
	}
	k->level[f] = v;
	wbgi_k24_push_drive(c->vi);
}

static void c_volt(struct wbgi_scpi_call *c)
{
	level_cmd(c, WBGI_SRC_V);
}

static void c_curr(struct wbgi_scpi_call *c)
{
	level_cmd(c, WBGI_SRC_I);
}

static void limit_cmd(struct wbgi_scpi_call *c, enum wbgi_src f)
{
	struct k24 *k = st(c);
	double v, lo, hi;

	if (c->query) {
		wbgi_k24_put_num(c, k->limit[f]);
		return;
	}
	/* ILIM 1 nA .. Imax; VLIM 20 mV .. Vmax */
	lo = f == WBGI_SRC_V ? 1e-9 : 0.02;
	hi = f == WBGI_SRC_V ? spec(c->vi)->imax : spec(c->vi)->vmax;
	if (!wbgi_scpi_nparams(c, 1, 1) || !wbgi_scpi_num(c, 0, lo, hi, f == WBGI_SRC_V ? 105e-6 : 21.0, &v))
		return;
	if (!wbgi_k24_envelope_ok(c->vi, f, k->level[f], v)) {
		wbgi_scpi_error(c->vi, -221);
		return;
	}
	k->limit[f] = v;
	wbgi_k24_push_drive(c->vi);
}

static void c_ilim(struct wbgi_scpi_call *c)
{
	limit_cmd(c, WBGI_SRC_V);
}

static void c_vlim(struct wbgi_scpi_call *c)
{
	limit_cmd(c, WBGI_SRC_I);
}

static void c_trip(struct wbgi_scpi_call *c)
{
	wbgi_scpi_begin(c);
	wbgi_scpi_printf(c, "%d", st(c)->tripped ? 1 : 0);
}

static void range_cmd(struct wbgi_scpi_call *c, enum wbgi_src f)
{
	struct k24 *k = st(c);
	double v, max = f == WBGI_SRC_V ? spec(c->vi)->vmax : spec(c->vi)->imax;

	if (c->query) {
		wbgi_k24_put_num(c, k->srange[f]);
		return;
	}
	if (!wbgi_scpi_nparams(c, 1, 1) || !wbgi_scpi_num(c, 0, -max, max, max, &v))
		return;
	if (fabs(v) * 1.05 < fabs(k->level[f])) {
		wbgi_scpi_error(c->vi, -221);
		return;
	}
	k->srange[f] = fabs(v);
	k->srange_auto[f] = false;
}

static void c_vrange(struct wbgi_scpi_call *c)
{
	range_cmd(c, WBGI_SRC_V);
}

static void c_irange(struct wbgi_scpi_call *c)
{
	range_cmd(c, WBGI_SRC_I);
}

void wbgi_k24_bool_cmd(struct wbgi_scpi_call *c, bool *b)
{
	if (c->query) {
		wbgi_scpi_begin(c);
		wbgi_scpi_printf(c, "%d", *b ? 1 : 0);
		return;
	}
	if (wbgi_scpi_nparams(c, 1, 1))
		wbgi_scpi_bool(c, 0, b);
}

static void c_vrange_auto(struct wbgi_scpi_call *c)
{
	wbgi_k24_bool_cmd(c, &st(c)->srange_auto[WBGI_SRC_V]);
}

static void c_irange_auto(struct wbgi_scpi_call *c)
{
	wbgi_k24_bool_cmd(c, &st(c)->srange_auto[WBGI_SRC_I]);
}

static void delay_cmd(struct wbgi_scpi_call *c, enum wbgi_src f)
{
	double v;

	if (c->query) {
		wbgi_k24_put_num(c, st(c)->delay[f]);
		return;
	}
	if (wbgi_scpi_nparams(c, 1, 1) && wbgi_scpi_num(c, 0, 0.0, 10000.0, 0.0, &v)) {
		st(c)->delay[f] = v;
		st(c)->delay_auto[f] = false;
	}
}

static void c_vdelay(struct wbgi_scpi_call *c)
{
	delay_cmd(c, WBGI_SRC_V);
}

static void c_idelay(struct wbgi_scpi_call *c)
{
	delay_cmd(c, WBGI_SRC_I);
}

static void c_vdelay_auto(struct wbgi_scpi_call *c)
{
	wbgi_k24_bool_cmd(c, &st(c)->delay_auto[WBGI_SRC_V]);
	if (st(c)->delay_auto[WBGI_SRC_V])
		st(c)->delay[WBGI_SRC_V] = 1e-3;
}

static void c_idelay_auto(struct wbgi_scpi_call *c)
{
	wbgi_k24_bool_cmd(c, &st(c)->delay_auto[WBGI_SRC_I]);
	if (st(c)->delay_auto[WBGI_SRC_I])
		st(c)->delay[WBGI_SRC_I] = 1e-3;
}

static void c_outp(struct wbgi_scpi_call *c)
{
	bool on = st(c)->out;

	wbgi_k24_bool_cmd(c, &on);
	if (!c->query && on != st(c)->out) {
		st(c)->out = on;
		wbgi_k24_push_drive(c->vi);
	}
}

static void c_noop_bool(struct wbgi_scpi_call *c)
{
	bool dummy = false;

	wbgi_k24_bool_cmd(c, &dummy);
}

/* ---- measure ---- */

static int sense_choice(struct wbgi_scpi_call *c, size_t i, int *out)
{
	static const char *const words[] = {"CURRent", "VOLTage", "RESistance", NULL};
	char *p = c->param[i];
	size_t len = strlen(p);

	/* "CURR:DC" is accepted as "CURR". */
	if (len > 4 && strcmp(p + len - 4, ":DC\"") == 0) {
		p[len - 4] = '"';
		p[len - 3] = '\0';
	}
	return wbgi_scpi_choice(c, i, words, out);
}

static void c_sens_func(struct wbgi_scpi_call *c)
{
	int f;

	if (c->query) {
		static const char *const names[] = {"\"CURR:DC\"", "\"VOLT:DC\"", "\"RES\""};
		wbgi_scpi_begin(c);
		wbgi_scpi_printf(c, "%s", names[st(c)->sense]);
		return;
	}
	if (wbgi_scpi_nparams(c, 1, 1) && sense_choice(c, 0, &f))
		st(c)->sense = f;
}

static void nplc_cmd(struct wbgi_scpi_call *c, int which)
{
	double v;

	if (c->query) {
		wbgi_k24_put_num(c, st(c)->nplc[which]);
		return;
	}
	if (wbgi_scpi_nparams(c, 1, 1) && wbgi_scpi_num(c, 0, 0.01, 10.0, 1.0, &v))
		st(c)->nplc[which] = v;
}

static void c_nplc_i(struct wbgi_scpi_call *c)
{
	nplc_cmd(c, 0);
}

static void c_nplc_v(struct wbgi_scpi_call *c)
{
	nplc_cmd(c, 1);
}

static void c_nplc_r(struct wbgi_scpi_call *c)
{
	nplc_cmd(c, 2);
}

static void c_azero(struct wbgi_scpi_call *c)
{
	wbgi_k24_bool_cmd(c, &st(c)->azero);
}

static void mrange_cmd(struct wbgi_scpi_call *c, int which)
{
	struct k24 *k = st(c);
	const double *r = which == 0 ? spec(c->vi)->irange : spec(c->vi)->vrange;
	double v, top = 0;
	size_t n;

	for (n = 0; r[n] > 0; n++)
		top = r[n];
	if (c->query) {
		wbgi_k24_put_num(c, k->mrange[which]);
		return;
	}
	if (!wbgi_scpi_nparams(c, 1, 1) || !wbgi_scpi_num(c, 0, -top, top, top, &v))
		return;
	k->mrange[which] = pick_range(r, v);
	k->mrange_auto[which] = false;
}

static void c_mrange_i(struct wbgi_scpi_call *c)
{
	mrange_cmd(c, 0);
}

static void c_mrange_v(struct wbgi_scpi_call *c)
{
	mrange_cmd(c, 1);
}

static void c_mrange_auto_i(struct wbgi_scpi_call *c)
{
	wbgi_k24_bool_cmd(c, &st(c)->mrange_auto[0]);
}

static void c_mrange_auto_v(struct wbgi_scpi_call *c)
{
	wbgi_k24_bool_cmd(c, &st(c)->mrange_auto[1]);
}

static void c_lfr(struct wbgi_scpi_call *c)
{
	wbgi_k24_put_num(c, K24_LINE_HZ);
}

static void c_lang(struct wbgi_scpi_call *c)
{
	wbgi_scpi_begin(c);
	wbgi_scpi_printf(c, "SCPI");
}

static void c_terminals(struct wbgi_scpi_call *c)
{
	static const char *const w[] = {"FRONt", "REAR", NULL};
	int t;

	if (c->query) {
		wbgi_scpi_begin(c);
		wbgi_scpi_printf(c, "FRON");
		return;
	}
	if (wbgi_scpi_nparams(c, 1, 1))
		wbgi_scpi_choice(c, 0, w, &t);
}

static const struct wbgi_scpi_cmd k24_cmds[] = {
	{"[:SOURce#]:FUNCtion[:MODE]", WBGI_SET | WBGI_QRY, c_sour_func},
	{"[:SOURce#]:VOLTage[:LEVel][:IMMediate][:AMPLitude]", WBGI_SET | WBGI_QRY, c_volt},
	{"[:SOURce#]:CURRent[:LEVel][:IMMediate][:AMPLitude]", WBGI_SET | WBGI_QRY, c_curr},
	{"[:SOURce#]:VOLTage:ILIMit[:LEVel]", WBGI_SET | WBGI_QRY, c_ilim},
	{"[:SOURce#]:CURRent:VLIMit[:LEVel]", WBGI_SET | WBGI_QRY, c_vlim},
	{"[:SOURce#]:VOLTage:ILIMit[:LEVel]:TRIPped", WBGI_QRY, c_trip},
	{"[:SOURce#]:CURRent:VLIMit[:LEVel]:TRIPped", WBGI_QRY, c_trip},
	{"[:SOURce#]:VOLTage:RANGe", WBGI_SET | WBGI_QRY, c_vrange},
	{"[:SOURce#]:CURRent:RANGe", WBGI_SET | WBGI_QRY, c_irange},
	{"[:SOURce#]:VOLTage:RANGe:AUTO", WBGI_SET | WBGI_QRY, c_vrange_auto},
	{"[:SOURce#]:CURRent:RANGe:AUTO", WBGI_SET | WBGI_QRY, c_irange_auto},
	{"[:SOURce#]:VOLTage:DELay", WBGI_SET | WBGI_QRY, c_vdelay},
	{"[:SOURce#]:CURRent:DELay", WBGI_SET | WBGI_QRY, c_idelay},
	{"[:SOURce#]:VOLTage:DELay:AUTO", WBGI_SET | WBGI_QRY, c_vdelay_auto},
	{"[:SOURce#]:CURRent:DELay:AUTO", WBGI_SET | WBGI_QRY, c_idelay_auto},
	{"[:SOURce#]:VOLTage:READ:BACK", WBGI_SET | WBGI_QRY, c_noop_bool},
	{"[:SOURce#]:CURRent:READ:BACK", WBGI_SET | WBGI_QRY, c_noop_bool},
	{"[:SOURce#]:SWEep:VOLTage:LINear", WBGI_SET, wbgi_k24_swe_v},
	{"[:SOURce#]:SWEep:CURRent:LINear", WBGI_SET, wbgi_k24_swe_i},
	{":OUTPut#[:STATe]", WBGI_SET | WBGI_QRY, c_outp},
	{"[:SENSe#]:FUNCtion[:ON]", WBGI_SET | WBGI_QRY, c_sens_func},
	{"[:SENSe#]:CURRent[:DC]:NPLCycles", WBGI_SET | WBGI_QRY, c_nplc_i},
	{"[:SENSe#]:VOLTage[:DC]:NPLCycles", WBGI_SET | WBGI_QRY, c_nplc_v},
	{"[:SENSe#]:RESistance:NPLCycles", WBGI_SET | WBGI_QRY, c_nplc_r},
	{"[:SENSe#]:CURRent[:DC]:AZERo[:STATe]", WBGI_SET | WBGI_QRY, c_azero},
	{"[:SENSe#]:VOLTage[:DC]:AZERo[:STATe]", WBGI_SET | WBGI_QRY, c_azero},
	{"[:SENSe#]:CURRent[:DC]:RANGe[:UPPer]", WBGI_SET | WBGI_QRY, c_mrange_i},
	{"[:SENSe#]:VOLTage[:DC]:RANGe[:UPPer]", WBGI_SET | WBGI_QRY, c_mrange_v},
	{"[:SENSe#]:CURRent[:DC]:RANGe:AUTO", WBGI_SET | WBGI_QRY, c_mrange_auto_i},
	{"[:SENSe#]:VOLTage[:DC]:RANGe:AUTO", WBGI_SET | WBGI_QRY, c_mrange_auto_v},
	{"[:SENSe#]:CURRent[:DC]:RSENse", WBGI_SET | WBGI_QRY, c_noop_bool},
	{"[:SENSe#]:VOLTage[:DC]:RSENse", WBGI_SET | WBGI_QRY, c_noop_bool},
	{":READ", WBGI_QRY, wbgi_k24_read},
	{":MEASure", WBGI_QRY, wbgi_k24_meas},
	{":MEASure:CURRent[:DC]", WBGI_QRY, wbgi_k24_meas_i},
	{":MEASure:VOLTage[:DC]", WBGI_QRY, wbgi_k24_meas_v},
	{":MEASure:RESistance", WBGI_QRY, wbgi_k24_meas_r},
	{":INITiate[:IMMediate]", WBGI_SET, wbgi_k24_init},
	{":ABORt", WBGI_SET, wbgi_k24_abort},
	{":TRACe:DATA", WBGI_QRY, wbgi_k24_trac_data},
	{":TRACe:ACTual", WBGI_QRY, wbgi_k24_trac_act},
	{":TRACe:CLEar", WBGI_SET, wbgi_k24_trac_clear},
	{":TRACe:POINts", WBGI_SET | WBGI_QRY, wbgi_k24_trac_points},
	{":FORMat[:DATA]", WBGI_SET | WBGI_QRY, wbgi_k24_form},
	{":FORMat:BORDer", WBGI_SET | WBGI_QRY, wbgi_k24_bord},
	{":SYSTem:LFRequency", WBGI_QRY, c_lfr},
	{":ROUTe:TERMinals", WBGI_SET | WBGI_QRY, c_terminals},
	{"*LANG", WBGI_QRY, c_lang},
	{":DIGital:LINE#:MODE", WBGI_SET | WBGI_QRY, wbgi_k24_dig_mode},
	{":TRIGger:DIGital#:OUT:STIMulus", WBGI_SET | WBGI_QRY, wbgi_k24_dig_stim},
	{":TRIGger:DIGital#:OUT:LOGic", WBGI_SET | WBGI_QRY, wbgi_k24_dig_logic},
	{":TRIGger:DIGital#:OUT:PULSewidth", WBGI_SET | WBGI_QRY, wbgi_k24_dig_width},
	{":TRIGger:DIGital#:IN:EDGE", WBGI_SET | WBGI_QRY, wbgi_k24_dig_edge},
	{":TRIGger:DIGital#:IN:CLEar", WBGI_SET, wbgi_k24_dig_in_clear},
	{"[:SOURce#]:CONFiguration:LIST:CREate", WBGI_SET, wbgi_k24_cl_create},
	{"[:SOURce#]:CONFiguration:LIST:DELete", WBGI_SET, wbgi_k24_cl_delete},
	{"[:SOURce#]:CONFiguration:LIST:STORe", WBGI_SET, wbgi_k24_cl_store},
	{"[:SOURce#]:CONFiguration:LIST:SIZE", WBGI_QRY, wbgi_k24_cl_size},
	{":TRIGger:LOAD", WBGI_SET, wbgi_k24_trig_load},
	{":TRIGger:BLOCk:BUFFer:CLEar", WBGI_SET, wbgi_k24_blk_bufclear},
	{":TRIGger:BLOCk:CONFig:RECall", WBGI_SET, wbgi_k24_blk_recall},
	{":TRIGger:BLOCk:CONFig:NEXT", WBGI_SET, wbgi_k24_blk_next},
	{":TRIGger:BLOCk:DELay:CONStant", WBGI_SET, wbgi_k24_blk_delay},
	{":TRIGger:BLOCk:NOTify", WBGI_SET, wbgi_k24_blk_notify},
	{":TRIGger:BLOCk:MEASure", WBGI_SET, wbgi_k24_blk_measure},
	{":TRIGger:BLOCk:WAIT", WBGI_SET, wbgi_k24_blk_wait},
	{":TRIGger:BLOCk:BRANch:COUNter", WBGI_SET, wbgi_k24_blk_brcount},
	{":TRIGger:BLOCk:BRANch:ALWays", WBGI_SET, wbgi_k24_blk_bralways},
	{":TRIGger:STATe", WBGI_QRY, wbgi_k24_trig_state},
	{NULL, 0, NULL},
};

const struct wbgi_vmodel wbgi_vmodel_2450 = {
	.name = "2450",
	.idn = "KEITHLEY INSTRUMENTS,MODEL 2450,04512450,1.7.12b",
	.kind = WBGI_VK_SMU1,
	.cmds = k24_cmds,
	.state_size = sizeof(struct k24),
	.reset = k24_reset,
	.max_suffix = 1,
	.dio_lines = K24_DIO_LINES,
	.dio_edge = wbgi_k24_dio_edge,
	.suffix_ok = wbgi_k24_suffix_ok,
	.spec = &spec_2450,
};

const struct wbgi_vmodel wbgi_vmodel_2460 = {
	.name = "2460",
	.idn = "KEITHLEY INSTRUMENTS,MODEL 2460,04512460,1.7.12b",
	.kind = WBGI_VK_SMU1,
	.cmds = k24_cmds,
	.state_size = sizeof(struct k24),
	.reset = k24_reset,
	.max_suffix = 1,
	.dio_lines = K24_DIO_LINES,
	.dio_edge = wbgi_k24_dio_edge,
	.suffix_ok = wbgi_k24_suffix_ok,
	.spec = &spec_2460,
};

const struct wbgi_vmodel wbgi_vmodel_2470 = {
	.name = "2470",
	.idn = "KEITHLEY INSTRUMENTS,MODEL 2470,04512470,1.7.12b",
	.kind = WBGI_VK_SMU1,
	.cmds = k24_cmds,
	.state_size = sizeof(struct k24),
	.reset = k24_reset,
	.max_suffix = 1,
	.dio_lines = K24_DIO_LINES,
	.dio_edge = wbgi_k24_dio_edge,
	.suffix_ok = wbgi_k24_suffix_ok,
	.spec = &spec_2470,
};
