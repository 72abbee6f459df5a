/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * C-V: Ciss, Coss and Crss as functions of Vds, each on the LCR meter the
 * fixture wires to that capacitance, as a bias list sweep run by the meter
 * (Cp-D; e.g. 1 MHz, 25 mV rms as in power-device data sheets). The
 * E4980A's accuracy covers 5 mVrms..20 Vrms (data sheet Table 13), so the
 * default level gets its uncertainty (README, "E4980A accuracy").
 */
#include "config.h"

#include <math.h>
#include <stdio.h>

#include "method_int.h"
#include "wbg/error.h"

#define CV_MAX 201

int wbgi_method_cv(wbg_meas_result **out, wbg_meas *m, double vds_start, double vds_stop,
                   size_t points, double freq_hz, double level_v)
{
	wbg_meas_result *r = NULL;
	wbg_lcr_reading rd[CV_MAX];
	double bias[CV_MAX], *vds, *c, *d;
	char dname[16];
	size_t k;
	int i, any = 0, rc;

	if (points < 2 || points > CV_MAX)
		return wbg_ctx_error(m->ctx, WBG_ERR_INVALID_ARG, "cv: points 2..%d", CV_MAX);
	for (i = 0; i < WBGI_C_N; i++)
		any |= m->lcr[i] != NULL;
	if (!any)
		return wbg_ctx_error(m->ctx, WBG_ERR_NOT_FOUND,
		                     "cv needs an LCR meter: add a <connection terminal=\"ciss\"> "
		                     "(or coss, crss) to the bench file");
	/* The bias is applied drain to source. */
	rc = wbg_meas_check(m, "drain", vds_start, 0.0);
	if (rc == WBG_OK)
		rc = wbg_meas_check(m, "drain", vds_stop, 0.0);
	if (rc == WBG_OK)
		rc = wbgi_result_new(&r, m, "cv");
	if (rc != WBG_OK)
		return rc;
	vds = wbgi_result_array(r, "vds", "V", points);
	if (!vds) {
		rc = wbg_ctx_error(m->ctx, WBG_ERR_NOMEM, "cv");
		goto out;
	}
	for (k = 0; k < points; k++)
		vds[k] = bias[k] = vds_start + (vds_stop - vds_start) * (double)k / (double)(points - 1);
	for (i = 0; i < WBGI_C_N && rc == WBG_OK; i++) {
		if (!m->lcr[i])
			continue;
		rc = wbgi_meas_poll(m);
		if (rc == WBG_OK)
			rc = wbg_lcr_setup(m->lcr[i], freq_hz, level_v);
		if (rc == WBG_OK)
			rc = wbg_lcr_bias_sweep(m->lcr[i], rd, bias, points);
		if (rc == WBG_OK)
			rc = wbg_lcr_off(m->lcr[i]);
		if (rc != WBG_OK)
			break;
		snprintf(dname, sizeof(dname), "d_%s", wbgi_cap_names[i]);
		c = wbgi_result_array(r, wbgi_cap_names[i], "F", points);
		d = wbgi_result_array(r, dname, "1", points);
		if (!c || !d) {
			rc = wbg_ctx_error(m->ctx, WBG_ERR_NOMEM, "cv");
			break;
		}
		for (k = 0; k < points; k++) {
			c[k] = rd[k].c_f;
			d[k] = rd[k].d;
		}
		rc = wbgi_result_record(r, m->ctx, wbgi_cap_names[i], c[points - 1], "F",
		                        rd[points - 1].u_c_f, "vds", vds_stop, "V", "freq", freq_hz,
		                        "Hz", "level", level_v, "V", (const char *)NULL);
	}
out:
	return wbgi_method_done(out, m, r, rc);
}
