/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The lot generator: unit-to-unit spread and defective units. Each unit is
 * drawn from its own stream, seeded from (lot seed, unit index), so unit k
 * is the same whatever the lot size. Spread (1 sigma), typical of the
 * datasheet min/max windows being about ±4 sigma wide: Vth 4 %, K and Rd
 * 4 %, BV 2 %, leakage log-normal with sigma(ln) 0.5, capacitances 3 %.
 * Defects (probability defect_fraction): half are leaky (gate and drain
 * leakage times 10^U(1,3)), half have an extrinsic gate oxide (Weibull
 * scale divided by 1e4, the weak early-failure subpopulation of a
 * bimodal TDDB distribution).
 */
#include "config.h"

#include <math.h>

#include <gsl/gsl_randist.h>

#include "vbench_int.h"

void wbgi_dut_spread(struct wbgi_dut *d, gsl_rng *r, double defect_fraction)
{
	struct wbgi_dut_params *p = &d->p;
	double g;

	if (p->kind != WBGI_DUT_FET) {
		p->r_ohm *= 1.0 + 0.01 * gsl_ran_gaussian(r, 1.0);
		return;
	}
	p->vth0_v *= 1.0 + 0.04 * gsl_ran_gaussian(r, 1.0);
	p->k0_a_v2 *= 1.0 + 0.04 * gsl_ran_gaussian(r, 1.0);
	p->rd0_ohm *= 1.0 + 0.04 * gsl_ran_gaussian(r, 1.0);
	p->bv0_v *= 1.0 + 0.02 * gsl_ran_gaussian(r, 1.0);
	p->igss0_a *= exp(0.5 * gsl_ran_gaussian(r, 1.0));
	p->idss0_a *= exp(0.5 * gsl_ran_gaussian(r, 1.0));
	g = 1.0 + 0.03 * gsl_ran_gaussian(r, 1.0);
	p->cgs_f *= g;
	p->cgd0_f *= g;
	p->cds0_f *= g;
	if (gsl_rng_uniform(r) < defect_fraction) {
		if (gsl_rng_uniform(r) < 0.5) {
			double f = pow(10.0, 1.0 + 2.0 * gsl_rng_uniform(r));
			p->igss0_a *= f;
			p->idss0_a *= f;
		} else {
			p->tddb_eta0_s /= 1e4;
		}
	}
}
