/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Device models of the virtual bench: the equations shared by the SiC
 * MOSFET and the GaN HEMT (their parameters and sources are in
 * dut_sic_mosfet.c and dut_gan_hemt.c; the equations are written out in
 * dut.md). Pure functions of bias, temperature and the DUT's stress state;
 * only wbgi_dut_advance() changes the state.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "vbench_int.h"
#include "wbg/error.h"

#define K_B_EV 8.617333262e-5 /* Boltzmann constant, eV/K (CODATA 2018) */

static void resistor(struct wbgi_dut_params *p, double r)
{
	memset(p, 0, sizeof(*p));
	p->kind = WBGI_DUT_RESISTOR;
	p->r_ohm = r;
	p->tref_k = 298.15;
}

int wbgi_dut_init(struct wbgi_dut *d, const char *name, double u_tddb)
{
	struct wbgi_dut_params *p = &d->p;

	memset(d, 0, sizeof(*d));
	if (!name || strcmp(name, "sic-mosfet") == 0 || strcmp(name, "sic") == 0) {
		wbgi_dut_sic_mosfet(p);
		name = "sic-mosfet";
	} else if (strcmp(name, "gan-hemt") == 0 || strcmp(name, "gan") == 0) {
		wbgi_dut_gan_hemt(p);
		name = "gan-hemt";
	} else if (strcmp(name, "r1k") == 0) {
		resistor(p, 1000.0);
	} else if (strcmp(name, "open") == 0) {
		memset(p, 0, sizeof(*p));
		p->kind = WBGI_DUT_OPEN;
		p->tref_k = 298.15;
	} else {
		return WBG_ERR_NOT_FOUND;
	}
	snprintf(d->name, sizeof(d->name), "%s", name);
	if (u_tddb <= 0.0)
		u_tddb = 1e-12;
	if (u_tddb >= 1.0)
		u_tddb = 1.0 - 1e-12;
	d->damage_fail = p->tddb_beta > 0 ? pow(-log1p(-u_tddb), 1.0 / p->tddb_beta) : INFINITY;
	return WBG_OK;
}

static double arrhenius(double ea_ev, double t_k, double tref_k)
{
	/* Acceleration relative to tref: > 1 above tref for a positive Ea. */
	return exp(ea_ev / K_B_EV * (1.0 / tref_k - 1.0 / t_k));
}

double wbgi_dut_vth(const struct wbgi_dut *d, double temp_k)
{
	const struct wbgi_dut_params *p = &d->p;

	return p->vth0_v + p->dvth_dt_v_k * (temp_k - p->tref_k) + p->hyst_v * d->hyst + d->bti_pos_v -
	       d->bti_neg_v;
}

/* ln^2(1 + e^x) without overflow. */
static double f_ekv(double x)
{
	double l = x > 40.0 ? x : log1p(exp(x));
	return l * l;
}

static double channel(const struct wbgi_dut *d, double vgs, double vds, double temp_k)
{
	const struct wbgi_dut_params *p = &d->p;
	double phi = K_B_EV * temp_k, n = p->n_ss, vth = wbgi_dut_vth(d, temp_k);
	double k = p->k0_a_v2 * pow(temp_k / p->tref_k, p->k_texp);
	/* Forward term from the source, reverse term from the drain (Vgd): the
	 * square law above threshold, exponential below, symmetric so that
	 * the channel conducts in the third quadrant once Vgd > Vth. */
	double i = 2.0 * n * n * k * phi * phi *
	           (f_ekv((vgs - vth) / (2.0 * n * phi)) - f_ekv((vgs - vth - vds) / (2.0 * n * phi)));
	return i * (1.0 + p->lambda_1_v * fabs(vds));
}

/* Channel current with the drift resistance in series: solve
 * I = Ich(Vgs, Vds - I Rd) by bisection (Ich is monotonic in Vds). */
static double channel_series(const struct wbgi_dut *d, double vgs, double vds, double temp_k)
{
	const struct wbgi_dut_params *p = &d->p;
	double rd = p->rd0_ohm * pow(temp_k / p->tref_k, p->rd_texp) * (1.0 + d->trap);
	double lo = 0.0, hi = channel(d, vgs, vds, temp_k), mid = 0.0;
	int it;

	if (rd <= 0.0 || hi == 0.0)
		return hi;
	if (hi < lo) {
		lo = hi;
		hi = 0.0;
	}
	for (it = 0; it < 80; it++) {
		mid = 0.5 * (lo + hi);
		if (channel(d, vgs, vds - mid * rd, temp_k) > mid)
			lo = mid;
		else
			hi = mid;
	}
	return mid;
}

static double body_diode(const struct wbgi_dut_params *p, double vds, double temp_k)
{
	double is, nphi, lo, hi, mid = 0.0, x;
	int it;

	if (p->bd_is0_a <= 0.0 || vds >= 0.0)
		return 0.0;
	nphi = p->bd_n * K_B_EV * temp_k;
	is = p->bd_is0_a * exp(p->bd_eg_ev / (p->bd_n * K_B_EV) * (1.0 / p->tref_k - 1.0 / temp_k));
	/* Forward current I (positive, source to drain) with the series
	 * resistance: I = Is (exp((|Vds| - I Rs)/nphi) - 1). */
	x = -vds / nphi;
	hi = is * expm1(x > 600.0 ? 600.0 : x);
	if (p->bd_rs_ohm > 0.0 && -vds / p->bd_rs_ohm < hi)
		hi = -vds / p->bd_rs_ohm;
	lo = 0.0;
	for (it = 0; it < 80; it++) {
		mid = 0.5 * (lo + hi);
		x = (-vds - mid * p->bd_rs_ohm) / nphi;
		if (is * expm1(x > 600.0 ? 600.0 : x) > mid)
			lo = mid;
		else
			hi = mid;
	}
	return -mid;
}

double wbgi_dut_bv(const struct wbgi_dut *d, double temp_k)
{
	return d->p.bv0_v * (1.0 + d->p.bv_tc_1_k * (temp_k - d->p.tref_k));
}

void wbgi_dut_currents(const struct wbgi_dut *d, double vgs, double vds, double temp_k,
                       double *out_ig, double *out_id)
{
	const struct wbgi_dut_params *p = &d->p;
	double leak, ig, id, x;

	switch (p->kind) {
	case WBGI_DUT_OPEN:
		*out_ig = 0.0;
		*out_id = 0.0;
		return;
	case WBGI_DUT_RESISTOR:
		*out_ig = 0.0;
		*out_id = vds / p->r_ohm;
		return;
	case WBGI_DUT_FET:
		break;
	}
	leak = exp2((temp_k - p->tref_k) / p->leak_double_k);
	ig = p->igss0_a * vgs / p->igss_vref_v * leak;
	if (d->failed)
		ig += vgs / p->short_r_ohm;
	id = channel_series(d, vgs, vds, temp_k);
	id += p->idss0_a * vds / p->idss_vref_v * leak;
	if (vds > 0.0) {
		x = (vds - wbgi_dut_bv(d, temp_k)) / p->bv_slope_v;
		id += p->iav0_a * exp(x > 200.0 ? 200.0 : x);
	}
	id += body_diode(p, vds, temp_k);
	*out_ig = ig;
	*out_id = id;
}

double wbgi_dut_cap(const struct wbgi_dut *d, enum wbgi_cap which, double v)
{
	const struct wbgi_dut_params *p = &d->p;
	double vd = v > 0.0 ? v : 0.0, cgd, cds;

	if (p->kind != WBGI_DUT_FET)
		return 0.0;
	cgd = p->cgd0_f * pow(1.0 + vd / p->cgd_vj_v, -p->cgd_m);
	cds = p->cds0_f * pow(1.0 + vd / p->cds_vj_v, -p->cds_m);
	switch (which) {
	case WBGI_CISS:
		return p->cgs_f + cgd;
	case WBGI_COSS:
		return cds + cgd;
	case WBGI_CRSS:
		return cgd;
	}
	return 0.0;
}

double wbgi_dut_tddb_eta(const struct wbgi_dut *d, double vgs, double temp_k)
{
	const struct wbgi_dut_params *p = &d->p;
	double e;

	if (p->kind != WBGI_DUT_FET || fabs(vgs) < p->tddb_vmin_v)
		return INFINITY;
	e = fabs(vgs) / p->tox_m;
	return p->tddb_eta0_s * exp(-p->tddb_g_m_v * (e - p->tddb_e0_v_m)) /
	       arrhenius(p->tddb_ea_ev, temp_k, p->tref_k);
}

/* Power-law drift under changing stress: the equivalent-time method. The
 * shift D = R t^n; a new stress rate R' continues from t_eq = (D/R')^(1/n). */
static double bti_step(double shift, double rate, double n, double dt)
{
	double teq;

	if (rate <= 0.0)
		return shift; /* no recovery modelled */
	teq = pow(shift / rate, 1.0 / n);
	return rate * pow(teq + dt, n);
}

void wbgi_dut_advance(struct wbgi_dut *d, double vgs, double vds, double temp_k, double dt)
{
	const struct wbgi_dut_params *p = &d->p;
	double acc, target, tau, eta;

	if (p->kind != WBGI_DUT_FET || !(dt > 0.0))
		return;
	/* Threshold hysteresis: fast interface/border traps follow the gate. */
	if (p->hyst_tau_s > 0.0) {
		target = tanh(vgs / p->hyst_vscale_v);
		d->hyst += (target - d->hyst) * -expm1(-dt / p->hyst_tau_s);
	}
	/* BTI */
	acc = arrhenius(p->bti_ea_ev, temp_k, p->tref_k);
	if (vgs > p->bti_vmin_v)
		d->bti_pos_v = bti_step(d->bti_pos_v,
		                        p->bti_a_pos_v * pow(vgs / p->bti_vref_pos_v, p->bti_gamma) * acc,
		                        p->bti_n, dt);
	else if (vgs < -p->bti_vmin_v)
		d->bti_neg_v = bti_step(d->bti_neg_v,
		                        p->bti_a_neg_v * pow(-vgs / p->bti_vref_neg_v, p->bti_gamma) * acc,
		                        p->bti_n, dt);
	/* Charge trapping: off-state drain stress fills traps, which empty with
	 * a thermally activated emission time once the stress is gone. */
	if (p->trap_max > 0.0) {
		if (vds > p->trap_vmin_v && vgs < wbgi_dut_vth(d, temp_k))
			target = p->trap_max * pow(vds / p->trap_vref_v, p->trap_p);
		else
			target = 0.0;
		tau = target > d->trap ? p->trap_tau_c_s
		                       : p->trap_tau_e_s / arrhenius(p->trap_ea_ev, temp_k, p->tref_k);
		d->trap += (target - d->trap) * -expm1(-dt / tau);
	}
	/* Oxide wear-out: cumulative damage against the unit's Weibull draw. */
	eta = wbgi_dut_tddb_eta(d, vgs, temp_k);
	if (!d->failed && isfinite(eta)) {
		d->damage += dt / eta;
		if (d->damage >= d->damage_fail)
			d->failed = true;
	}
}
