/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Parameters of the simulated 1200 V, 80 mOhm class planar SiC MOSFET
 * (equations in dut.c, written out in dut.md). Magnitudes follow public
 * datasheets of parts of this class (Wolfspeed C2M0080120D rev. C:
 * VGS(th) 2.6 V typ at 25 °C and 2.1 V at 150 °C, RDS(on) 80 mOhm at 25 °C
 * and about 150 mOhm at 150 °C for VGS = 20 V, VSD 3.3 V at 10 A, internal
 * Rg 4.6 Ohm, Ciss 950 pF / Coss 80 pF / Crss 6.5 pF at 1000 V, IGSS and
 * IDSS in the nA range at 25 °C) and the SiC reliability literature
 * (threshold hysteresis of 0.1-0.3 V between up and down sweeps, see
 * JEDEC JEP183; BTI drift ~ t^0.1..0.3; E-model TDDB with an activation
 * energy of a few tenths of an eV and intrinsic Weibull slopes of 5 or
 * more). They are representative, not a copy of any one part.
 */
#include "config.h"

#include <string.h>

#include "vbench_int.h"

void wbgi_dut_sic_mosfet(struct wbgi_dut_params *p)
{
	memset(p, 0, sizeof(*p));
	p->kind = WBGI_DUT_FET;
	p->tref_k = 298.15;
	/* Channel: Vth 3.0 V at 25 °C (the model's Vth gives Id ~ 5 mA), falling
	 * 6 mV/K; SS = n kT/q ln10 = 237 mV/dec at 25 °C (interface traps make
	 * SiC swings several times the ideal 60 mV/dec). */
	p->vth0_v = 3.0;
	p->dvth_dt_v_k = -6.0e-3;
	p->n_ss = 4.0;
	/* Rch = 1/(K (Vgs - Vth)) = 30 mOhm at 18 V, plus 50 mOhm drift: 80 mOhm.
	 * The drift mobility of 4H-SiC falls as ~T^-2 (Rd rises), the channel
	 * mobility only weakly: Ron(175 °C)/Ron(25 °C) ~ 1.8. */
	p->k0_a_v2 = 2.2;
	p->k_texp = -0.5;
	p->lambda_1_v = 2e-4; /* saturation ~290 A at 18 V, 800 V: short-circuit class */
	p->rd0_ohm = 0.050;
	p->rd_texp = 1.8;
	/* Leakage: 1 nA gate at 20 V, 5 nA drain at 1200 V, doubling every 10 K. */
	p->igss0_a = 1e-9;
	p->igss_vref_v = 20.0;
	p->idss0_a = 5e-9;
	p->idss_vref_v = 1200.0;
	p->leak_double_k = 10.0;
	/* Avalanche at 1650 V (100 µA), positive temperature coefficient. */
	p->bv0_v = 1650.0;
	p->bv_tc_1_k = 3e-4;
	p->bv_slope_v = 10.0;
	p->iav0_a = 1e-4;
	/* Body diode: a 4H-SiC pn junction (Eg 3.26 eV), n = 2, 3.3 V at 10 A. */
	p->bd_is0_a = 2.1e-23;
	p->bd_n = 2.0;
	p->bd_eg_ev = 3.26;
	p->bd_rs_ohm = 0.05;
	/* Capacitances (junction-like voltage dependence of Cgd and Cds). */
	p->cgs_f = 940e-12;
	p->cgd0_f = 400e-12;
	p->cgd_vj_v = 0.5;
	p->cgd_m = 0.55;
	p->cds0_f = 1.2e-9;
	p->cds_vj_v = 2.0;
	p->cds_m = 0.5;
	p->rg_ohm = 4.6;
	/* Hysteresis: ±0.15 V after positive / negative gate bias, 0.1 s memory. */
	p->hyst_v = 0.15;
	p->hyst_vscale_v = 5.0;
	p->hyst_tau_s = 0.1;
	/* BTI: +5 mV s^-0.2 at 20 V / 25 °C (≈ +0.1 V after 1000 h, ≈ +0.3 V at
	 * 150 °C), -3 mV s^-0.2 at -10 V; voltage exponent 3, Ea 0.1 eV. */
	p->bti_a_pos_v = 5e-3;
	p->bti_vref_pos_v = 20.0;
	p->bti_a_neg_v = 3e-3;
	p->bti_vref_neg_v = 10.0;
	p->bti_n = 0.2;
	p->bti_gamma = 3.0;
	p->bti_ea_ev = 0.1;
	p->bti_vmin_v = 2.0;
	/* TDDB: 50 nm SiO2; eta = 1e12 s at 4 MV/cm and 25 °C, 3.45 per MV/cm
	 * field acceleration (eta ~ 1000 s at 10 MV/cm), Ea 0.5 eV, beta 5. */
	p->tox_m = 50e-9;
	p->tddb_eta0_s = 1e12;
	p->tddb_e0_v_m = 4e8;
	p->tddb_g_m_v = 3.45e-8;
	p->tddb_ea_ev = 0.5;
	p->tddb_beta = 5.0;
	p->tddb_vmin_v = 5.0;
	p->short_r_ohm = 100.0;
}
