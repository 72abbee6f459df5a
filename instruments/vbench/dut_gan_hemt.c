/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Parameters of the simulated 650 V, 50 mOhm class enhancement-mode
 * p-GaN gate HEMT (equations in dut.c, written out in dut.md). Magnitudes
 * follow public datasheets of this class (GaN Systems GS66508B: VGS(th)
 * 1.7 V typ, RDS(on) 50 mOhm at 25 °C and 129 mOhm at 150 °C, IGSS tens of
 * µA at 6 V, IDSS µA at 650 V, Ciss 260 pF / Coss 65 pF / Crss 2 pF at
 * 400 V, Rg 1.5 Ohm) and the GaN reliability literature (dynamic RDS(on)
 * of tens of percent after off-state stress recovering over seconds to
 * minutes through carbon-related buffer traps with emission energies of
 * 0.5-0.9 eV; small PBTI in the p-GaN gate; gate TDDB with Weibull slopes
 * of 2-4). Representative, not a copy of any one part.
 */
#include "config.h"

#include <string.h>

#include "vbench_int.h"

void wbgi_dut_gan_hemt(struct wbgi_dut_params *p)
{
	memset(p, 0, sizeof(*p));
	p->kind = WBGI_DUT_FET;
	p->tref_k = 298.15;
	/* Vth 1.7 V, nearly flat in temperature (-1 mV/K); SS 89 mV/dec. */
	p->vth0_v = 1.7;
	p->dvth_dt_v_k = -1.0e-3;
	p->n_ss = 1.5;
	/* 20 mOhm channel at 6 V plus 30 mOhm access/drift = 50 mOhm; 2DEG
	 * mobility ~T^-2 in both: Ron(150 °C)/Ron(25 °C) ~ 2.3. */
	p->k0_a_v2 = 11.6;
	p->k_texp = -2.0;
	p->lambda_1_v = 5e-4; /* saturation ~130 A at 6 V, 400 V */
	p->rd0_ohm = 0.030;
	p->rd_texp = 2.5;
	/* Leakage: 1 µA gate at 6 V, 1 µA drain at 650 V, doubling every 20 K
	 * (IDSS rises about tenfold from 25 to 150 °C on GaN datasheets). */
	p->igss0_a = 1e-6;
	p->igss_vref_v = 6.0;
	p->idss0_a = 1e-6;
	p->idss_vref_v = 650.0;
	p->leak_double_k = 20.0;
	/* No avalanche in GaN: a steep rise at 850 V stands for the
	 * (destructive) breakdown, flat in temperature. */
	p->bv0_v = 850.0;
	p->bv_tc_1_k = 0.0;
	p->bv_slope_v = 5.0;
	p->iav0_a = 1e-4;
	/* No body diode: reverse conduction is the channel itself (the EKV
	 * reverse term turns on when Vgd exceeds Vth). */
	p->bd_is0_a = 0.0;
	p->cgs_f = 258e-12;
	p->cgd0_f = 30e-12;
	p->cgd_vj_v = 10.0;
	p->cgd_m = 0.7;
	p->cds0_f = 420e-12;
	p->cds_vj_v = 10.0;
	p->cds_m = 0.5;
	p->rg_ohm = 1.5;
	p->hyst_v = 0.05;
	p->hyst_vscale_v = 3.0;
	p->hyst_tau_s = 0.1;
	/* PBTI of the p-GaN gate: +10 mV s^-0.25 at 6 V, gamma 4, Ea 0.2 eV. */
	p->bti_a_pos_v = 10e-3;
	p->bti_vref_pos_v = 6.0;
	p->bti_a_neg_v = 5e-3;
	p->bti_vref_neg_v = 5.0;
	p->bti_n = 0.25;
	p->bti_gamma = 4.0;
	p->bti_ea_ev = 0.2;
	p->bti_vmin_v = 1.0;
	/* Gate TDDB: 70 nm p-GaN/AlGaN stack, eta = 1e11 s at 6 V, ~1000 s at
	 * 10 V, Ea 0.3 eV, beta 3. */
	p->tox_m = 70e-9;
	p->tddb_eta0_s = 1e11;
	p->tddb_e0_v_m = 6.0 / 70e-9;
	p->tddb_g_m_v = 3.2e-7;
	p->tddb_ea_ev = 0.3;
	p->tddb_beta = 3.0;
	p->tddb_vmin_v = 3.0;
	p->short_r_ohm = 50.0;
	/* Trapping: +40 % drift resistance after 650 V off-state stress
	 * (linear in Vds), capture 10 ms, emission 100 s at 25 °C with 0.6 eV. */
	p->trap_max = 0.4;
	p->trap_vref_v = 650.0;
	p->trap_p = 1.0;
	p->trap_tau_c_s = 0.01;
	p->trap_tau_e_s = 100.0;
	p->trap_ea_ev = 0.6;
	p->trap_vmin_v = 20.0;
}
