/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Keysight E4980A Precision LCR Meter (option 001 DC bias, ±40 V) behind the
 * LCR interface. A C-V curve runs on the instrument's list sweep
 * (:LIST:BIAS:VOLT, :DISP:PAGE LIST, one trigger) and comes back in one
 * :FETC? reply.
 * Accuracy (accuracy.c): every reading carries standard uncertainties of
 * Cp and D from the data sheet's relative accuracy (Equations 8 and 9) at
 * the frequency, level and DC bias of that point and the MED time mode the
 * driver programs; the limit is taken as rectangular, u = limit / sqrt(3).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "e4980a_drv.h"
#include "wbg/driver.h"
#include "wbg/error.h"

#define LIST_MAX 201

struct wbg_lcr {
	wbg_instr *instr;
	wbg_ctx *ctx;
	unsigned long tx;
	double aperture_s; /* time per point, for the query timeout */
	double freq_hz, level_v; /* as set up (0: not yet), for the accuracy */
	double bias_v;           /* DC bias on the DUT (0 when off), for the accuracy */
	const wbg_acc_table *acal; /* the lab's calibration accuracy (borrowed), NULL: none */
	char source[WBG_ACC_SOURCE_MAX + 96];
};

static int w(wbg_lcr *l, const char *cmd)
{
	l->tx++;
	return wbg_instr_write(l->instr, cmd);
}

static int q(wbg_lcr *l, char **out, const char *cmd, double work_s)
{
	l->tx++;
	return wbg_instr_query(l->instr, out, cmd, work_s);
}

int wbg_lcr_open(wbg_lcr **out, wbg_instr *instr, const char *driver, wbg_ctx *ctx)
{
	wbg_idn idn;
	wbg_lcr *l;
	int rc;

	if (!out || !instr)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_lcr_open: NULL argument");
	if (!driver) {
		rc = wbg_instr_idn(instr, &idn);
		if (rc != WBG_OK)
			return rc;
		driver = idn.model;
	}
	if (strcasecmp(driver, "E4980A") != 0)
		return wbg_ctx_error(ctx, WBG_ERR_NOT_SUPPORTED,
		                     "%s: no LCR driver for model '%s' (drivers: E4980A)",
		                     wbg_instr_resource(instr), driver);
	l = calloc(1, sizeof(*l));
	if (!l)
		return wbg_ctx_error(ctx, WBG_ERR_NOMEM, "opening the LCR interface");
	l->instr = instr;
	l->ctx = ctx;
	wbg_lcr_set_accuracy(l, NULL); /* the data sheet's model alone */
	l->aperture_s = 0.1;
	*out = l;
	return WBG_OK;
}

void wbg_lcr_free(wbg_lcr *lcr)
{
	free(lcr);
}

unsigned long wbg_lcr_transactions(const wbg_lcr *lcr)
{
	return lcr ? lcr->tx : 0;
}

int wbg_lcr_setup(wbg_lcr *lcr, double freq_hz, double level_v)
{
	char cmd[200];

	if (!lcr || !(freq_hz >= 20 && freq_hz <= 2e6) || !(level_v > 0 && level_v <= 20))
		return wbg_ctx_error(lcr ? lcr->ctx : NULL, WBG_ERR_RANGE,
		                     "E4980A: frequency 20 Hz..2 MHz and level 0..20 V rms");
	snprintf(cmd, sizeof(cmd),
	         ":FUNC:IMP CPD;:FREQ %.9g;:VOLT %.6g;:APER MED;:TRIG:SOUR BUS;:INIT:CONT ON",
	         freq_hz, level_v);
	lcr->freq_hz = freq_hz;
	lcr->level_v = level_v;
	return w(lcr, cmd);
}

int wbg_lcr_bias(wbg_lcr *lcr, double bias_v)
{
	char cmd[96];

	if (!lcr || !(fabs(bias_v) <= 40))
		return wbg_ctx_error(lcr ? lcr->ctx : NULL, WBG_ERR_RANGE,
		                     "E4980A option 001: DC bias within ±40 V");
	snprintf(cmd, sizeof(cmd), ":BIAS:VOLT %.6g;:BIAS:STAT ON", bias_v);
	lcr->bias_v = bias_v;
	return w(lcr, cmd);
}

/* Fill out[] from a :FETC? reply of n points measured at the biases
 * bias_v[] (NULL: all at the present bias). */
static int fetch(wbg_lcr *lcr, wbg_lcr_reading *out, size_t n, double work_s,
                 const double *bias_v)
{
	double acal = 0.0;
	double a[LIST_MAX], b[LIST_MAX];
	struct wbgi_e4980a_cond cond;
	char *reply = NULL;
	size_t k;
	int rc = q(lcr, &reply, ":TRIG;:FETC?", work_s);

	if (rc != WBG_OK)
		return rc;
	rc = wbgi_e4980a_parse_fetch(a, b, n, reply);
	if (rc == WBG_ERR_RANGE)
		rc = wbg_ctx_error(lcr->ctx, WBG_ERR_RANGE,
		                   "%s: a reading reports overload or no contact (status not 0); "
		                   "check the fixture",
		                   wbg_instr_resource(lcr->instr));
	else if (rc != WBG_OK)
		rc = wbg_ctx_error(lcr->ctx, WBG_ERR_PROTOCOL, "%s: unexpected :FETC? reply '%.60s'",
		                   wbg_instr_resource(lcr->instr), reply);
	free(reply);
	if (rc != WBG_OK)
		return rc;
	if (lcr->acal && wbg_acc_table_acal(&acal, lcr->acal, lcr->freq_hz, NULL) != WBG_OK)
		acal = NAN; /* outside the lab's bands: no stated Acal, so no u */
	/* As wbg_lcr_setup() programs it: :APER MED. */
	cond.mode = WBGI_E4980A_MED;
	cond.freq_hz = lcr->freq_hz;
	cond.level_v = lcr->level_v;
	for (k = 0; k < n; k++) {
		cond.bias_v = bias_v ? bias_v[k] : lcr->bias_v;
		out[k].c_f = a[k];
		out[k].d = b[k];
		/* The data sheet's limits as rectangular half-widths: u = a / sqrt(3);
		 * with the lab's Acal, the absolute accuracy Aa = Ae + Acal. */
		out[k].u_c_f = (wbgi_e4980a_cp_pct(&cond, a[k], b[k]) / 100.0 + acal) * fabs(a[k]) /
		               sqrt(3.0);
		out[k].u_d = wbgi_e4980a_d_abs(&cond, a[k], b[k]) / sqrt(3.0);
	}
	return WBG_OK;
}

int wbg_lcr_measure(wbg_lcr *lcr, wbg_lcr_reading *out)
{
	if (!lcr || !out)
		return WBG_ERR_INVALID_ARG;
	return fetch(lcr, out, 1, lcr->aperture_s, NULL);
}

int wbg_lcr_bias_sweep(wbg_lcr *lcr, wbg_lcr_reading *out, const double *bias_v, size_t n)
{
	char cmd[4096];
	size_t k;
	int rc;

	if (!lcr || !out || !bias_v || n < 2 || n > LIST_MAX)
		return wbg_ctx_error(lcr ? lcr->ctx : NULL, WBG_ERR_INVALID_ARG,
		                     "E4980A list sweep: 2..%d bias points", LIST_MAX);
	for (k = 0; k < n; k++)
		if (!(fabs(bias_v[k]) <= 40))
			return wbg_ctx_error(lcr->ctx, WBG_ERR_RANGE,
			                     "E4980A option 001: DC bias within ±40 V, not %g V", bias_v[k]);
	rc = wbgi_e4980a_fmt_list(cmd, sizeof(cmd), bias_v, n);
	if (rc != WBG_OK)
		return wbg_ctx_error(lcr->ctx, rc, "list sweep command too long");
	rc = w(lcr, ":LIST:CLE:ALL");
	if (rc == WBG_OK)
		rc = w(lcr, cmd);
	if (rc == WBG_OK)
		rc = w(lcr, ":DISP:PAGE LIST;:BIAS:STAT ON");
	if (rc == WBG_OK)
		rc = fetch(lcr, out, n, (double)n * lcr->aperture_s, bias_v);
	return rc;
}

int wbg_lcr_off(wbg_lcr *lcr)
{
	int rc, rc2;

	if (!lcr)
		return WBG_ERR_INVALID_ARG;
	rc = w(lcr, ":BIAS:STAT OFF;:BIAS:VOLT 0");
	lcr->bias_v = 0;
	rc2 = w(lcr, ":DISP:PAGE MEAS;:LIST:CLE:ALL");
	return rc != WBG_OK ? rc : rc2;
}

void wbg_lcr_set_accuracy(wbg_lcr *lcr, const wbg_acc_table *table)
{
	if (!lcr)
		return;
	lcr->acal = table;
	if (table)
		snprintf(lcr->source, sizeof(lcr->source), "%s; Acal: %s", WBGI_E4980A_SOURCE,
		         wbg_acc_table_source(table));
	else
		snprintf(lcr->source, sizeof(lcr->source), "%s", WBGI_E4980A_SOURCE);
}

const char *wbg_lcr_accuracy_source(const wbg_lcr *lcr)
{
	return lcr ? lcr->source : NULL;
}
