/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Transfer curve Id(Vgs) at a fixed Vds: on the instruments whenever
 * wbg_smu_can_sweep2() says so (two channels of one B2902A stepped by one
 * trigger, or two 2400-series SMUs joined by a declared trigger cable, the
 * gate's trigger model triggering the drain's readings; each read back in
 * one binary transfer), else point by point from the host. The result's
 * conditions say which: instrument_sweep 1 on the instruments, 0 from the
 * host; trigger_link 1 when the sweep ran across a trigger cable.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "method_int.h"
#include "wbg/error.h"

#define SWEEP_POINTS_MAX 10000

void wbg_transfer_params_default(wbg_transfer_params *p)
{
	if (!p)
		return;
	p->vds_v = 1.0;
	p->vgs_start_v = 0.0;
	p->vgs_stop_v = 10.0;
	p->points = 101;
	p->id_limit_a = 10e-3;
	p->ig_limit_a = 1e-3;
	p->nplc = 1.0;
	p->delay_s = 1e-3;
	p->mode = WBG_SWEEP_AUTO;
}

/* Point by point: the gate stepped from the host, each point read on both. */
static int transfer_points(wbg_meas *m, wbg_smu *g, wbg_smu *d, const wbg_transfer_params *p,
                           double *vgs, double *id, double *u_id, double *ig, double *vds)
{
	wbg_smu_reading rg, rd;
	size_t k;
	double v;
	int rc;

	for (k = 0; k < p->points; k++) {
		rc = wbgi_meas_poll(m);
		if (rc != WBG_OK)
			return rc;
		v = p->vgs_start_v +
		    (p->vgs_stop_v - p->vgs_start_v) * (double)k / (double)(p->points - 1);
		rc = wbg_smu_set_level(g, v);
		if (rc == WBG_OK && p->delay_s > 0)
			rc = wbg_smu_wait(d, p->delay_s);
		if (rc == WBG_OK)
			rc = wbg_smu_measure(d, &rd);
		if (rc == WBG_OK)
			rc = wbg_smu_measure(g, &rg);
		if (rc != WBG_OK)
			return rc;
		vgs[k] = rg.v;
		ig[k] = rg.i;
		vds[k] = rd.v;
		id[k] = rd.i;
		u_id[k] = rd.u_i;
	}
	return WBG_OK;
}

static int transfer_instrument(wbg_meas *m, wbg_smu *g, wbg_smu *d,
                               const wbg_transfer_params *p, double *vgs, double *id,
                               double *u_id, double *ig, double *vds)
{
	wbg_smu_reading *rg = calloc(p->points, sizeof(*rg));
	wbg_smu_reading *rd = calloc(p->points, sizeof(*rd));
	size_t k;
	int rc;

	if (!rg || !rd) {
		rc = wbg_ctx_error(m->ctx, WBG_ERR_NOMEM, "transfer sweep of %zu points", p->points);
		goto out;
	}
	rc = wbg_smu_sweep2(g, d, rg, rd, p->vgs_start_v, p->vgs_stop_v, p->ig_limit_a, p->vds_v,
	                    p->id_limit_a, p->points, p->delay_s);
	if (rc != WBG_OK)
		goto out;
	for (k = 0; k < p->points; k++) {
		vgs[k] = rg[k].v;
		ig[k] = rg[k].i;
		vds[k] = rd[k].v;
		id[k] = rd[k].i;
		u_id[k] = rd[k].u_i;
	}
out:
	free(rg);
	free(rd);
	return rc;
}

int wbg_meas_transfer(wbg_meas_result **out, wbg_meas *m, const wbg_transfer_params *p)
{
	wbg_meas_result *r = NULL;
	wbg_smu *g, *d;
	double *vgs, *id, *u_id, *ig, *vds;
	double vg_ext;
	bool instrument, link;
	int rc;

	if (!out || !m || !p)
		return wbg_ctx_error(m ? m->ctx : NULL, WBG_ERR_INVALID_ARG,
		                     "wbg_meas_transfer: NULL argument");
	if (p->points < 2 || p->points > SWEEP_POINTS_MAX || !(p->nplc > 0) ||
	    !(p->delay_s >= 0) || !(p->id_limit_a > 0) || !(p->ig_limit_a > 0))
		return wbg_ctx_error(m->ctx, WBG_ERR_INVALID_ARG,
		                     "transfer: points 2..%d, positive limits and NPLC, delay >= 0",
		                     SWEEP_POINTS_MAX);
	rc = wbgi_meas_need(&g, m, WBGI_T_GATE, "transfer");
	if (rc == WBG_OK)
		rc = wbgi_meas_need(&d, m, WBGI_T_DRAIN, "transfer");
	if (rc != WBG_OK)
		return rc;
	/* Every bias checked before anything is switched on. */
	vg_ext = fabs(p->vgs_start_v) > fabs(p->vgs_stop_v) ? p->vgs_start_v : p->vgs_stop_v;
	rc = wbg_meas_check(m, "gate", p->vgs_start_v, p->ig_limit_a);
	if (rc == WBG_OK)
		rc = wbg_meas_check(m, "gate", vg_ext, p->ig_limit_a);
	if (rc == WBG_OK)
		rc = wbg_meas_check(m, "drain", p->vds_v, p->id_limit_a);
	if (rc != WBG_OK)
		return rc;
	instrument = p->mode != WBG_SWEEP_POINTS && wbg_smu_can_sweep2(g, d);
	link = instrument && wbg_smu_instr(g) != wbg_smu_instr(d);
	if (p->mode == WBG_SWEEP_INSTRUMENT && !instrument)
		return wbg_ctx_error(m->ctx, WBG_ERR_NOT_SUPPORTED,
		                     "transfer: an instrument-side transfer sweep needs gate and drain "
		                     "on two channels of one B2902A, or on two 2450/2460/2470 with a "
		                     "<trigger-link> from the gate's instrument to the drain's in the "
		                     "bench file; use mode point by point (2)");
	rc = wbgi_result_new(&r, m, "transfer");
	if (rc != WBG_OK)
		return rc;
	vgs = wbgi_result_array(r, "vgs", "V", p->points);
	id = wbgi_result_array(r, "id", "A", p->points);
	u_id = wbgi_result_array(r, "u_id", "A", p->points);
	ig = wbgi_result_array(r, "ig", "A", p->points);
	vds = wbgi_result_array(r, "vds", "V", p->points);
	if (!vgs || !id || !u_id || !ig || !vds) {
		rc = wbg_ctx_error(m->ctx, WBG_ERR_NOMEM, "transfer: %zu points", p->points);
		goto out;
	}
	rc = wbg_smu_set_nplc(g, p->nplc);
	if (rc == WBG_OK && d != g)
		rc = wbg_smu_set_nplc(d, p->nplc);
	if (rc != WBG_OK)
		goto out;
	if (instrument) {
		rc = transfer_instrument(m, g, d, p, vgs, id, u_id, ig, vds);
	} else {
		rc = wbg_smu_source(g, WBG_SMU_SOURCE_V, p->vgs_start_v, p->ig_limit_a);
		if (rc == WBG_OK)
			rc = wbg_smu_source(d, WBG_SMU_SOURCE_V, p->vds_v, p->id_limit_a);
		if (rc == WBG_OK)
			rc = wbg_smu_output(g, true);
		if (rc == WBG_OK)
			rc = wbg_smu_output(d, true);
		if (rc == WBG_OK)
			rc = transfer_points(m, g, d, p, vgs, id, u_id, ig, vds);
	}
	if (rc != WBG_OK)
		goto out;
	rc = wbgi_result_record(r, m->ctx, "id_max", id[p->points - 1], "A", u_id[p->points - 1],
	                        "vds", p->vds_v, "V", "vgs", vgs[p->points - 1], "V", "vgs_start",
	                        p->vgs_start_v, "V", "vgs_stop", p->vgs_stop_v, "V", "points",
	                        (double)p->points, "1", "id_limit", p->id_limit_a, "A", "ig_limit",
	                        p->ig_limit_a, "A", "nplc", p->nplc, "1", "delay", p->delay_s, "s",
	                        "instrument_sweep", instrument ? 1.0 : 0.0, "1", "trigger_link",
	                        link ? 1.0 : 0.0, "1", (const char *)NULL);
out:
	return wbgi_method_done(out, m, r, rc);
}
