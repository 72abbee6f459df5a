/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Threshold voltage and breakdown: both step a voltage from the host and
 * stop at a current criterion, so the device is stressed no further than
 * needed.
 *
 * Threshold voltage in the style of JEDEC JEP183 / IEC 63505: a
 * preconditioning gate pulse (vpre for t_pre, drain at 0 V) sets the trap
 * state, the gate returns to vgs_start for a readout delay, then the gate
 * steps up at a fixed Vds until Id reaches the criterion id_th; Vth is the
 * gate voltage at id_th, interpolated in log(Id) between the two points
 * around it. When Id never crosses id_th in vgs_start..vgs_stop the sweep
 * is kept and the record is a bound: vth_above (Vth > the last Vgs) or
 * vth_below (Id already above id_th at vgs_start).
 * Breakdown BVDSS: the gate held off, the drain stepped up under a hard
 * current limit until the drain current reaches the leakage criterion
 * id_crit; BVDSS is the voltage there, interpolated linearly.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "method_int.h"
#include "wbg/error.h"

/* Copy the first n readings into arrays named x (unit ux) and y (A). */
static int keep(wbg_meas_result *r, const char *x, const char *ux, const double *xs,
                const char *y, const double *ys, size_t n)
{
	double *a = wbgi_result_array(r, x, ux, n), *b = wbgi_result_array(r, y, "A", n);
	size_t k;

	if (!a || !b)
		return WBG_ERR_NOMEM;
	for (k = 0; k < n; k++) {
		a[k] = xs[k];
		b[k] = ys[k];
	}
	return WBG_OK;
}

int wbgi_method_vth(wbg_meas_result **out, wbg_meas *m, double vds, double id_th, double vpre,
                    double t_pre, double delay_s, double vgs_start, double vgs_stop,
                    double step, double id_limit, double nplc)
{
	wbg_meas_result *r = NULL;
	wbg_smu *g, *d;
	wbg_smu_reading rd, rg;
	double *vg = NULL, *id = NULL, *uid = NULL, *uvg = NULL;
	double vth, slope, u, f;
	size_t n, k, npts;
	int rc;

	if (!(id_th > 0) || !(step > 0) || !(vgs_stop > vgs_start) || !(t_pre >= 0) ||
	    !(delay_s >= 0) || !(id_limit > id_th) || !(nplc > 0))
		return wbg_ctx_error(m->ctx, WBG_ERR_INVALID_ARG,
		                     "vth: id_th > 0, step > 0, vgs_stop > vgs_start, id_limit > id_th");
	npts = (size_t)floor((vgs_stop - vgs_start) / step + 1e-9) + 1;
	if (npts < 2 || npts > 10000)
		return wbg_ctx_error(m->ctx, WBG_ERR_INVALID_ARG,
		                     "vth: (vgs_stop - vgs_start)/step gives %zu points (2..10000)", npts);
	rc = wbgi_meas_need(&g, m, WBGI_T_GATE, "vth");
	if (rc == WBG_OK)
		rc = wbgi_meas_need(&d, m, WBGI_T_DRAIN, "vth");
	if (rc == WBG_OK)
		rc = wbg_meas_check(m, "gate", vpre, 1e-3);
	if (rc == WBG_OK)
		rc = wbg_meas_check(m, "gate", vgs_start, 1e-3);
	if (rc == WBG_OK)
		rc = wbg_meas_check(m, "gate", vgs_stop, 1e-3);
	if (rc == WBG_OK)
		rc = wbg_meas_check(m, "drain", vds, id_limit);
	if (rc == WBG_OK)
		rc = wbgi_result_new(&r, m, "vth");
	if (rc != WBG_OK)
		return rc;
	vg = calloc(npts, sizeof(*vg));
	id = calloc(npts, sizeof(*id));
	uid = calloc(npts, sizeof(*uid));
	uvg = calloc(npts, sizeof(*uvg));
	if (!vg || !id || !uid || !uvg) {
		rc = wbg_ctx_error(m->ctx, WBG_ERR_NOMEM, "vth: %zu points", npts);
		goto out;
	}
	rc = wbg_smu_set_nplc(d, nplc);
	/* Preconditioning pulse, drain at 0 V. */
	if (rc == WBG_OK)
		rc = wbgi_smu_on(d, WBG_SMU_SOURCE_V, 0.0, id_limit);
	if (rc == WBG_OK)
		rc = wbgi_smu_on(g, WBG_SMU_SOURCE_V, vpre, 1e-3);
	if (rc == WBG_OK && t_pre > 0)
		rc = wbg_smu_wait(g, t_pre);
	if (rc == WBG_OK)
		rc = wbgi_meas_poll(m);
	/* Readout delay at the start voltage, then the drain bias. */
	if (rc == WBG_OK)
		rc = wbg_smu_set_level(g, vgs_start);
	if (rc == WBG_OK && delay_s > 0)
		rc = wbg_smu_wait(g, delay_s);
	if (rc == WBG_OK)
		rc = wbg_smu_set_level(d, vds);
	n = 0;
	for (k = 0; rc == WBG_OK && k < npts; k++) {
		rc = wbgi_meas_poll(m);
		if (rc == WBG_OK)
			rc = wbg_smu_set_level(g, vgs_start + step * (double)k);
		if (rc == WBG_OK)
			rc = wbg_smu_measure(d, &rd);
		if (rc == WBG_OK)
			rc = wbg_smu_measure(g, &rg);
		if (rc != WBG_OK)
			break;
		vg[n] = rg.v;
		uvg[n] = rg.u_v;
		id[n] = rd.i;
		uid[n] = rd.u_i;
		n++;
		if (rd.i >= id_th)
			break;
	}
	if (rc != WBG_OK)
		goto out;
	/* The readings are kept whatever they show: a device that never turns
	 * on is a result, not an error. */
	rc = keep(r, "vgs", "V", vg, "id", id, n);
	if (rc != WBG_OK)
		goto out;
	if (n < 2 || id[n - 1] < id_th) {
		/* No crossing: a bound under its own name (like bvdss_above).
		 * vth_above: Id stayed below id_th up to the last gate voltage;
		 * vth_below: Id was at or above id_th at vgs_start already. */
		int above = id[n - 1] < id_th;
		rc = wbgi_result_record(r, m->ctx, above ? "vth_above" : "vth_below",
		                        above ? vg[n - 1] : vg[0], "V", NAN, "id_th", id_th, "A", "vds",
		                        vds, "V", "vpre", vpre, "V", "t_pre", t_pre, "s", "readout_delay",
		                        delay_s, "s", "step", step, "V", "nplc", nplc, "1",
		                        (const char *)NULL);
		goto out;
	}
	/* Interpolation in log(Id) between the two points around id_th. */
	if (id[n - 2] > 0)
		f = (log(id_th) - log(id[n - 2])) / (log(id[n - 1]) - log(id[n - 2]));
	else /* a reading at or below 0 (noise) before the crossing: linear */
		f = (id_th - id[n - 2]) / (id[n - 1] - id[n - 2]);
	vth = vg[n - 2] + f * (vg[n - 1] - vg[n - 2]);
	/* u: the gate source accuracy, and the drain reading's through the
	 * local slope dId/dVgs. */
	slope = (id[n - 1] - id[n - 2]) / (vg[n - 1] - vg[n - 2]);
	u = hypot(uvg[n - 1], slope > 0 ? uid[n - 1] / slope : NAN);
	rc = wbgi_result_record(r, m->ctx, "vth", vth, "V", u, "id_th", id_th, "A", "vds", vds, "V",
	                        "vpre", vpre, "V", "t_pre", t_pre, "s", "readout_delay", delay_s, "s",
	                        "step", step, "V", "nplc", nplc, "1", (const char *)NULL);
out:
	free(vg);
	free(id);
	free(uid);
	free(uvg);
	return wbgi_method_done(out, m, r, rc);
}

int wbgi_method_bvdss(wbg_meas_result **out, wbg_meas *m, double vgs, double vds_stop,
                      double step, double id_crit, double id_limit, double nplc,
                      double delay_s)
{
	wbg_meas_result *r = NULL;
	wbg_smu *g, *d;
	wbg_smu_reading rd;
	double *vd = NULL, *id = NULL, bv, f;
	size_t n = 0, k, npts;
	int rc;

	if (!(vds_stop > 0) || !(step > 0) || !(id_crit > 0) || !(id_limit >= id_crit) ||
	    !(nplc > 0) || !(delay_s >= 0))
		return wbg_ctx_error(m->ctx, WBG_ERR_INVALID_ARG,
		                     "bvdss: vds_stop, step, id_crit > 0 and id_limit >= id_crit");
	npts = (size_t)floor(vds_stop / step + 1e-9) + 1;
	if (npts < 2 || npts > 10000)
		return wbg_ctx_error(m->ctx, WBG_ERR_INVALID_ARG,
		                     "bvdss: vds_stop/step gives %zu points (2..10000)", npts);
	rc = wbgi_meas_need(&g, m, WBGI_T_GATE, "bvdss");
	if (rc == WBG_OK)
		rc = wbgi_meas_need(&d, m, WBGI_T_DRAIN, "bvdss");
	if (rc == WBG_OK)
		rc = wbg_meas_check(m, "gate", vgs, 1e-3);
	if (rc == WBG_OK)
		rc = wbg_meas_check(m, "drain", vds_stop, id_limit);
	if (rc == WBG_OK)
		rc = wbgi_result_new(&r, m, "bvdss");
	if (rc != WBG_OK)
		return rc;
	vd = calloc(npts, sizeof(*vd));
	id = calloc(npts, sizeof(*id));
	if (!vd || !id) {
		rc = wbg_ctx_error(m->ctx, WBG_ERR_NOMEM, "bvdss: %zu points", npts);
		goto out;
	}
	rc = wbg_smu_set_nplc(d, nplc);
	if (rc == WBG_OK)
		rc = wbgi_smu_on(g, WBG_SMU_SOURCE_V, vgs, 1e-3);
	if (rc == WBG_OK)
		rc = wbgi_smu_on(d, WBG_SMU_SOURCE_V, 0.0, id_limit);
	for (k = 0; rc == WBG_OK && k < npts; k++) {
		rc = wbgi_meas_poll(m);
		if (rc == WBG_OK)
			rc = wbg_smu_set_level(d, step * (double)k);
		if (rc == WBG_OK && delay_s > 0)
			rc = wbg_smu_wait(d, delay_s);
		if (rc == WBG_OK)
			rc = wbg_smu_measure(d, &rd);
		if (rc != WBG_OK)
			break;
		vd[n] = rd.v;
		id[n] = rd.i;
		n++;
		if (fabs(rd.i) >= id_crit || rd.compliance)
			break;
	}
	if (rc == WBG_OK)
		rc = keep(r, "vds", "V", vd, "id", id, n);
	if (rc != WBG_OK)
		goto out;
	if (fabs(id[n - 1]) >= id_crit && n >= 2) {
		f = (id_crit - fabs(id[n - 2])) / (fabs(id[n - 1]) - fabs(id[n - 2]));
		bv = vd[n - 2] + f * (vd[n - 1] - vd[n - 2]);
		rc = wbgi_result_record(r, m->ctx, "bvdss", bv, "V", step / sqrt(12.0), "vgs", vgs, "V",
		                        "id_crit", id_crit, "A", "id_limit", id_limit, "A", "step",
		                        step, "V", "nplc", nplc, "1", (const char *)NULL);
	} else {
		/* Not reached: the result is a lower bound, under its own name. */
		rc = wbgi_result_record(r, m->ctx, "bvdss_above", vd[n - 1], "V", NAN, "vgs", vgs, "V",
		                        "id_crit", id_crit, "A", "id_limit", id_limit, "A", "step",
		                        step, "V", (const char *)NULL);
	}
out:
	free(vd);
	free(id);
	return wbgi_method_done(out, m, r, rc);
}
