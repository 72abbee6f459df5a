/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * DC methods on a gate SMU and a drain SMU: output curves, threshold
 * voltage (preconditioning, readout delay, fine up-sweep), on-resistance,
 * drain and gate leakage, breakdown at a leakage criterion, body-diode
 * forward voltage. Each checks every bias before switching anything on and
 * leaves every source at 0 V, off, on every exit.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "method_int.h"
#include "wbg/error.h"

static int smus(wbg_meas *m, const char *method, wbg_smu **g, wbg_smu **d)
{
	int rc = wbgi_meas_need(g, m, WBGI_T_GATE, method);

	return rc == WBG_OK ? wbgi_meas_need(d, m, WBGI_T_DRAIN, method) : rc;
}

static double lin(double a, double b, size_t k, size_t n)
{
	return a + (b - a) * (double)k / (double)(n - 1);
}

/* ---- output curve Id(Vds) at a fixed Vgs ---- */

int wbgi_method_output(wbg_meas_result **out, wbg_meas *m, double vgs, double vds_start,
                       double vds_stop, size_t points, double id_limit, double ig_limit,
                       double nplc, double delay_s, wbg_sweep_mode mode)
{
	wbg_meas_result *r = NULL;
	wbg_smu_reading *rd = NULL, rg;
	wbg_smu *g, *d;
	double *vds, *id, *u_id, *vg;
	bool instrument;
	size_t k;
	int rc;

	if (points < 2 || points > 10000 || !(id_limit > 0) || !(ig_limit > 0) || !(nplc > 0) ||
	    !(delay_s >= 0))
		return wbg_ctx_error(m->ctx, WBG_ERR_INVALID_ARG,
		                     "output: points 2..10000, positive limits and NPLC");
	rc = smus(m, "output", &g, &d);
	if (rc == WBG_OK)
		rc = wbg_meas_check(m, "gate", vgs, ig_limit);
	if (rc == WBG_OK)
		rc = wbg_meas_check(m, "drain", vds_start, id_limit);
	if (rc == WBG_OK)
		rc = wbg_meas_check(m, "drain", vds_stop, id_limit);
	if (rc != WBG_OK)
		return rc;
	instrument = mode != WBG_SWEEP_POINTS;
	rc = wbgi_result_new(&r, m, "output");
	if (rc != WBG_OK)
		return rc;
	vds = wbgi_result_array(r, "vds", "V", points);
	id = wbgi_result_array(r, "id", "A", points);
	u_id = wbgi_result_array(r, "u_id", "A", points);
	vg = wbgi_result_array(r, "vgs", "V", points);
	rd = calloc(points, sizeof(*rd));
	if (!vds || !id || !u_id || !vg || !rd) {
		rc = wbg_ctx_error(m->ctx, WBG_ERR_NOMEM, "output: %zu points", points);
		goto out;
	}
	rc = wbg_smu_set_nplc(d, nplc);
	if (rc == WBG_OK)
		rc = wbgi_smu_on(g, WBG_SMU_SOURCE_V, vgs, ig_limit);
	if (rc == WBG_OK && delay_s > 0)
		rc = wbg_smu_wait(g, delay_s);
	if (rc == WBG_OK)
		rc = wbgi_meas_poll(m);
	if (rc == WBG_OK && instrument) {
		/* The drain sweeps on its own trigger model; the gate holds. */
		rc = wbg_smu_sweep(d, rd, WBG_SMU_SOURCE_V, vds_start, vds_stop, points, id_limit,
		                   delay_s);
	} else if (rc == WBG_OK) {
		rc = wbgi_smu_on(d, WBG_SMU_SOURCE_V, vds_start, id_limit);
		for (k = 0; rc == WBG_OK && k < points; k++) {
			rc = wbgi_meas_poll(m);
			if (rc == WBG_OK)
				rc = wbg_smu_set_level(d, lin(vds_start, vds_stop, k, points));
			if (rc == WBG_OK && delay_s > 0)
				rc = wbg_smu_wait(d, delay_s);
			if (rc == WBG_OK)
				rc = wbg_smu_measure(d, &rd[k]);
			if (rc == WBG_OK) {
				/* kept as it is taken: a failure later leaves it */
				vds[k] = rd[k].v;
				id[k] = rd[k].i;
				u_id[k] = rd[k].u_i;
			}
		}
	}
	if (rc == WBG_OK)
		rc = wbg_smu_measure(g, &rg);
	if (rc != WBG_OK)
		goto out;
	for (k = 0; k < points; k++) {
		vds[k] = rd[k].v;
		id[k] = rd[k].i;
		u_id[k] = rd[k].u_i;
		vg[k] = rg.v;
	}
	rc = wbgi_result_record(r, m->ctx, "id_max", id[points - 1], "A", u_id[points - 1], "vgs",
	                        vgs, "V", "vds", vds[points - 1], "V", "vds_start", vds_start, "V",
	                        "vds_stop", vds_stop, "V", "points", (double)points, "1", "id_limit",
	                        id_limit, "A", "nplc", nplc, "1", "delay", delay_s, "s",
	                        "instrument_sweep", instrument ? 1.0 : 0.0, "1", (const char *)NULL);
out:
	free(rd);
	return wbgi_method_done(out, m, r, rc);
}

/* ---- spot methods: one bias point, one record ---- */

struct spot {
	const char *method;
	wbg_smu_fn gfn, dfn;
	double g_level, g_limit, d_level, d_limit;
	double delay_s, nplc;
};

/* Both SMUs of a spot, the gate's NPLC set and its bias on. */
static int gate_on(wbg_meas *m, const struct spot *sp, wbg_smu **g, wbg_smu **d)
{
	int rc = smus(m, sp->method, g, d);

	if (rc == WBG_OK)
		rc = wbg_smu_set_nplc(*g, sp->nplc);
	if (rc == WBG_OK)
		rc = wbgi_smu_on(*g, sp->gfn, sp->g_level, sp->g_limit);
	return rc;
}

/* Apply both biases (gate first), wait, read both. */
static int spot_run(wbg_meas *m, const struct spot *sp, wbg_smu_reading *rg,
                    wbg_smu_reading *rd)
{
	wbg_smu *g, *d;
	int rc = gate_on(m, sp, &g, &d);

	if (rc == WBG_OK)
		rc = wbg_smu_set_nplc(d, sp->nplc);
	if (rc == WBG_OK)
		rc = wbgi_smu_on(d, sp->dfn, sp->d_level, sp->d_limit);
	if (rc == WBG_OK)
		rc = wbgi_meas_poll(m);
	if (rc == WBG_OK && sp->delay_s > 0)
		rc = wbg_smu_wait(d, sp->delay_s);
	if (rc == WBG_OK)
		rc = wbgi_meas_poll(m);
	if (rc == WBG_OK)
		rc = wbg_smu_measure(d, rd);
	if (rc == WBG_OK)
		rc = wbg_smu_measure(g, rg);
	return rc;
}

/* Check the biases of a spot: a voltage source is checked at its level with
 * its current limit, a current source at its voltage limit. */
static int spot_check(wbg_meas *m, const struct spot *sp)
{
	int rc = sp->gfn == WBG_SMU_SOURCE_V ? wbg_meas_check(m, "gate", sp->g_level, sp->g_limit)
	                                     : wbg_meas_check(m, "gate", sp->g_limit, sp->g_level);

	if (rc != WBG_OK)
		return rc;
	return sp->dfn == WBG_SMU_SOURCE_V ? wbg_meas_check(m, "drain", sp->d_level, sp->d_limit)
	                                   : wbg_meas_check(m, "drain", sp->d_limit, sp->d_level);
}

/* Raw arrays of a spot: the four readings. */
static int spot_arrays(wbg_meas_result *r, const wbg_smu_reading *rg, const wbg_smu_reading *rd)
{
	double *a[4];

	a[0] = wbgi_result_array(r, "vgs", "V", 1);
	a[1] = wbgi_result_array(r, "ig", "A", 1);
	a[2] = wbgi_result_array(r, "vds", "V", 1);
	a[3] = wbgi_result_array(r, "id", "A", 1);
	if (!a[0] || !a[1] || !a[2] || !a[3])
		return WBG_ERR_NOMEM;
	*a[0] = rg->v;
	*a[1] = rg->i;
	*a[2] = rd->v;
	*a[3] = rd->i;
	return WBG_OK;
}

/* The drain current as one pulse from 0 A at the pulse top, the gate held
 * at vgs (DC), then the gate read. */
static int rdson_pulsed(wbg_meas *m, const struct spot *sp, double width_s, wbg_smu_reading *rg,
                        wbg_smu_reading *rd)
{
	wbg_smu *g, *d;
	int rc = gate_on(m, sp, &g, &d);

	if (rc == WBG_OK)
		rc = wbgi_meas_poll(m);
	if (rc == WBG_OK)
		rc = wbg_smu_pulse(d, rd, WBG_SMU_SOURCE_I, 0.0, sp->d_level, sp->d_limit, width_s);
	if (rc == WBG_OK)
		rc = wbg_smu_measure(g, rg);
	return rc;
}

int wbgi_method_rdson(wbg_meas_result **out, wbg_meas *m, double vgs, double id,
                      double vds_limit, double ig_limit, double nplc, double delay_s,
                      bool force_dc, double pulse_width_s)
{
	struct spot sp = {"rdson", WBG_SMU_SOURCE_V, WBG_SMU_SOURCE_I, vgs, ig_limit, id,
	                  vds_limit, delay_s, nplc};
	wbg_smu_reading rg, rd;
	wbg_meas_result *r = NULL;
	wbg_smu *g, *d;
	bool pulsed;
	double ron, u;
	int rc;

	if (!(id > 0) || !(vds_limit > 0) || !(ig_limit > 0) || !(nplc > 0) ||
	    !(pulse_width_s >= 100e-6 && pulse_width_s <= 10.0))
		return wbg_ctx_error(m->ctx, WBG_ERR_INVALID_ARG,
		                     "rdson: positive drain current, limits and NPLC; pulse_width "
		                     "100 us..10 s");
	rc = smus(m, "rdson", &g, &d);
	if (rc == WBG_OK)
		rc = spot_check(m, &sp);
	if (rc != WBG_OK)
		return rc;
	pulsed = !force_dc && wbg_smu_can_pulse(d);
	rc = wbgi_result_new(&r, m, "rdson");
	if (rc != WBG_OK)
		return rc;
	rc = pulsed ? rdson_pulsed(m, &sp, pulse_width_s, &rg, &rd) : spot_run(m, &sp, &rg, &rd);
	if (rc == WBG_OK && rd.compliance)
		rc = wbg_ctx_error(m->ctx, WBG_ERR_RANGE,
		                   "rdson: the drain reached its %g V limit at %g A: the device is "
		                   "not on at Vgs = %g V; raise vgs or vds_limit",
		                   vds_limit, id, vgs);
	if (rc == WBG_OK)
		rc = spot_arrays(r, &rg, &rd);
	if (rc == WBG_OK) {
		ron = rd.v / rd.i;
		/* u(R)/R = sqrt((u_V/V)^2 + (u_I/I)^2): products of independent readings. */
		u = fabs(ron) * hypot(rd.u_v / rd.v, rd.u_i / rd.i);
		rc = wbgi_result_record(r, m->ctx, "rdson", ron, "ohm", u, "vgs", vgs, "V", "id", id,
		                        "A", "vds_limit", vds_limit, "V", "nplc", nplc, "1", "delay",
		                        pulsed ? 0.0 : delay_s, "s", "pulsed", pulsed ? 1.0 : 0.0, "1",
		                        "pulse_width", pulsed ? pulse_width_s : 0.0, "s",
		                        (const char *)NULL);
	}
	return wbgi_method_done(out, m, r, rc);
}

/* IDSS at (vds, vgs): the off-state drain current. */
int wbgi_method_idss(wbg_meas_result **out, wbg_meas *m, double vds, double vgs,
                     double id_limit, double nplc, double delay_s)
{
	struct spot sp = {"idss", WBG_SMU_SOURCE_V, WBG_SMU_SOURCE_V, vgs, 1e-3, vds, id_limit,
	                  delay_s, nplc};
	wbg_smu_reading rg, rd;
	wbg_meas_result *r = NULL;
	int rc;

	if (!(id_limit > 0) || !(nplc > 0))
		return wbg_ctx_error(m->ctx, WBG_ERR_INVALID_ARG, "idss: positive limit and NPLC");
	rc = spot_check(m, &sp);
	if (rc == WBG_OK)
		rc = wbgi_result_new(&r, m, "idss");
	if (rc != WBG_OK)
		return rc;
	rc = spot_run(m, &sp, &rg, &rd);
	if (rc == WBG_OK)
		rc = spot_arrays(r, &rg, &rd);
	if (rc == WBG_OK)
		rc = wbgi_result_record(r, m->ctx, "idss", rd.i, "A", rd.u_i, "vds", vds, "V", "vgs",
		                        vgs, "V", "id_limit", id_limit, "A", "nplc", nplc, "1",
		                        "delay", delay_s, "s", "compliance", rd.compliance ? 1.0 : 0.0,
		                        "1", (const char *)NULL);
	return wbgi_method_done(out, m, r, rc);
}

/* IGSS at +vgs and at -vgs (drain at 0 V): two records. */
int wbgi_method_igss(wbg_meas_result **out, wbg_meas *m, double vgs_pos, double vgs_neg,
                     double ig_limit, double nplc, double delay_s)
{
	struct spot sp = {"igss", WBG_SMU_SOURCE_V, WBG_SMU_SOURCE_V, vgs_pos, ig_limit, 0.0, 1e-3,
	                  delay_s, nplc};
	wbg_smu_reading rg[2], rd;
	wbg_meas_result *r = NULL;
	double *vg, *ig;
	int rc, k;

	if (!(ig_limit > 0) || !(nplc > 0))
		return wbg_ctx_error(m->ctx, WBG_ERR_INVALID_ARG, "igss: positive limit and NPLC");
	rc = spot_check(m, &sp);
	sp.g_level = vgs_neg;
	if (rc == WBG_OK)
		rc = spot_check(m, &sp);
	if (rc == WBG_OK)
		rc = wbgi_result_new(&r, m, "igss");
	if (rc != WBG_OK)
		return rc;
	for (k = 0; k < 2 && rc == WBG_OK; k++) {
		sp.g_level = k == 0 ? vgs_pos : vgs_neg;
		rc = spot_run(m, &sp, &rg[k], &rd);
	}
	if (rc == WBG_OK) {
		vg = wbgi_result_array(r, "vgs", "V", 2);
		ig = wbgi_result_array(r, "ig", "A", 2);
		if (!vg || !ig)
			rc = wbg_ctx_error(m->ctx, WBG_ERR_NOMEM, "igss");
		for (k = 0; rc == WBG_OK && k < 2; k++) {
			vg[k] = rg[k].v;
			ig[k] = rg[k].i;
		}
	}
	if (rc == WBG_OK)
		rc = wbgi_result_record(r, m->ctx, "igss_pos", rg[0].i, "A", rg[0].u_i, "vgs", vgs_pos,
		                        "V", "vds", 0.0, "V", "ig_limit", ig_limit, "A", "delay",
		                        delay_s, "s", (const char *)NULL);
	if (rc == WBG_OK)
		rc = wbgi_result_record(r, m->ctx, "igss_neg", rg[1].i, "A", rg[1].u_i, "vgs", vgs_neg,
		                        "V", "vds", 0.0, "V", "ig_limit", ig_limit, "A", "delay",
		                        delay_s, "s", (const char *)NULL);
	return wbgi_method_done(out, m, r, rc);
}

/* Body diode: gate held off at vgs, a negative drain current forced, the
 * source-drain voltage read. */
int wbgi_method_diode(wbg_meas_result **out, wbg_meas *m, double vgs, double if_a,
                      double v_limit, double nplc, double delay_s)
{
	struct spot sp = {"diode", WBG_SMU_SOURCE_V, WBG_SMU_SOURCE_I, vgs, 1e-3, -fabs(if_a),
	                  v_limit, delay_s, nplc};
	wbg_smu_reading rg, rd;
	wbg_meas_result *r = NULL;
	int rc;

	if (!(if_a > 0) || !(v_limit > 0) || !(nplc > 0))
		return wbg_ctx_error(m->ctx, WBG_ERR_INVALID_ARG,
		                     "diode: positive forward current, voltage limit and NPLC");
	rc = spot_check(m, &sp);
	if (rc == WBG_OK)
		rc = wbgi_result_new(&r, m, "diode");
	if (rc != WBG_OK)
		return rc;
	rc = spot_run(m, &sp, &rg, &rd);
	if (rc == WBG_OK)
		rc = spot_arrays(r, &rg, &rd);
	if (rc == WBG_OK)
		rc = wbgi_result_record(r, m->ctx, "vsd", -rd.v, "V", rd.u_v, "isd", fabs(if_a), "A",
		                        "vgs", vgs, "V", "v_limit", v_limit, "V", "nplc", nplc, "1",
		                        "compliance", rd.compliance ? 1.0 : 0.0, "1",
		                        (const char *)NULL);
	return wbgi_method_done(out, m, r, rc);
}
