/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Fuzz target: every extraction of analysis/extract.inc on arbitrary arrays.
 * The input is read as doubles: the first half is x (made increasing when
 * the first byte is odd, since most routines require it and refuse the rest
 * cleanly), the second half y. The curves come from files and instruments,
 * so no value may crash or hang a routine.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wbg/wbg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAXN 512

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static double x[MAXN], y[MAXN], w[MAXN], nn[MAXN], uw[MAXN], un[MAXN];
	uint32_t flags[MAXN];
	unsigned char of[MAXN];
	size_t n, i;
	wbg_vth_opts o;
	wbg_vth_result r, many[2];
	wbg_estimate e, e2, e3;
	wbg_uncertainty_spec acc = {1e-3, 1e-12};
	wbg_mott_schottky ms;
	wbg_tlm tlm;
	wbg_trap trap;
	wbg_capability cap;
	wbg_outlier_limits ol;
	int m;

	if (size < 1 + 2 * sizeof(double))
		return 0;
	n = (size - 1) / (2 * sizeof(double));
	if (n > MAXN)
		n = MAXN;
	memcpy(x, data + 1, n * sizeof(double));
	memcpy(y, data + 1 + n * sizeof(double), n * sizeof(double));
	if (data[0] & 1) {
		/* x as cumulative positive steps: an increasing grid. */
		double s = 0;
		for (i = 0; i < n; i++) {
			double st = fabs(x[i]);
			s += isfinite(st) && st > 1e-9 && st < 1e9 ? st : 1.0;
			x[i] = s;
		}
	}
	for (m = WBG_VTH_CC; m <= WBG_VTH_Y; m++) {
		wbg_vth_opts_init(&o);
		o.method = (wbg_vth_method)m;
		o.icrit = fabs(y[0]) > 0 && isfinite(y[0]) ? fabs(y[0]) : 1e-3;
		o.saturation = (data[0] >> 1) & 1;
		o.window = (data[0] >> 2) & 7;
		o.acc_id = acc;
		o.noise_id = (data[0] & 0x40) ? 1e-9 : 0;
		o.mc_trials = 100;
		wbg_vth_extract(&r, x, y, n, &o, NULL, NULL);
		if (n >= 1 && (n % 2) == 0)
			wbg_vth_extract_many(many, NULL, x, y, 2, n / 2, &o, NULL);
	}
	wbg_gm(w, x, y, n, NULL);
	wbg_ss_extract(&e, x, y, n, NAN, NAN, 5, &acc, NULL);
	wbg_ss_extract(&e, x, y, n, 1e-9, 1e-6, 0, &acc, NULL);
	wbg_ron_fit(&e, x, y, n, 1.0, &acc, &acc, NULL);
	wbg_ron_spot(&e, x, y, n, 1.0, &acc, &acc, NULL);
	wbg_leakage_at(&e, x, y, n, n ? x[n / 2] : 0, &acc, &acc, NULL);
	wbg_bv_extract(&e, x, y, n, 1e-6, &acc, &acc, NULL);
	wbg_hysteresis_extract(&e, &e2, &e3, x, y, n, x, y, n, NULL, NULL);
	wbg_cv_doping_profile(w, nn, uw, un, x, y, n, 1e-10, 1e-6, 0.01, &acc, NULL);
	wbg_cv_mott_schottky(&ms, x, y, n, -1e9, 1e9, 1e-10, 1e-6, 0.01, &acc, NULL);
	wbg_cv_flatband(&e, NULL, x, y, n, 1e-12, 1e22, 1e-10, 1e-8, 300, &acc, NULL);
	wbg_cv_sheet_density(&e, x, y, n, NAN, NAN, 1e-8, 0.01, &acc, NULL);
	wbg_tlm_extract(&tlm, x, y, n, 1e-4, &acc, NULL);
	wbg_dlts_arrhenius(&trap, x, y, n, wbg_dlts_gamma(0.2), 0.1, 0.01, NULL);
	if (n >= 2)
		wbg_vdp_sheet_resistance(&e, fabs(y[0]), 0.1, fabs(y[1]), 0.1, NULL);
	wbg_capability_compute(&cap, y, n, -1, 1, NULL);
	wbg_outlier_screen(&ol, of, y, n, WBG_OUTLIER_ROBUST, 6, NULL, NULL);
	wbg_control_rules(flags, NULL, y, n, 0, 1, NULL);
	wbg_uncertainty_reading(&e, y, n, &acc, NULL);
	return 0;
}
