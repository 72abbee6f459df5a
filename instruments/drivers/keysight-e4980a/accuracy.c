/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Keysight E4980A/E4980AL measurement accuracy of a Cp-D reading, from the
 * data sheet (Keysight 5989-4435EN, "Measurement accuracy"; table and
 * equation numbers of its edition with the DC-resistance accuracy as
 * Tables 42-44):
 *
 *   Ae = [Ab + Zs/|Zm| x 100 + Yo x |Zm| x 100] x Kt   (Equation 8, % of reading)
 *   De = Ae / 100, times (1 + Dx) when Dx > 0.1          (Equation 9)
 *
 * Ab basic accuracy: Tables 12 (SHORT) and 13 (MED, LONG), 5 mVrms to
 * 20 Vrms, the first column (5-50 mVrms) scaled as printed: 0.6 %, 0.2 %,
 * 0.4 % x (50 mVrms/Vs) for SHORT and 0.25 %, 0.1 %, 0.2 % x (30 mVrms/Vs)
 * for MED/LONG; plus, with a DC bias on the DUT, Table 63 (only when
 * Fm < 10 kHz and |Vdc| > 5 V). Zs short offset: Tables 16 (|Zm| > 1.08 Ohm)
 * and 17; Table 18 adds nothing for the 0 m cable. Yo open offset: Tables 19
 * (Vs <= 2 Vrms) and 20, three times larger in 40-70 kHz and 80-100 kHz
 * (the note under Table 20: "may become three times greater"; taken as the
 * bound). Where conditions fall in more than one row or column of a table
 * the data sheet says to apply the best value ("How to Use Tables", its
 * example: SHORT, 125 Hz, 0.3 Vrms gives Ab = 0.10 %).
 *
 * |Zm| of a Cp-D reading is 1 / (2 pi f Cp sqrt(1 + D^2)) (parallel C and
 * G; the data sheet's worked example, D = 0, takes 1 / (2 pi f C)).
 *
 * Not encoded, so the result assumes it: Kt = 1 (the meter at 23 °C, as in
 * the worked example; the Kt table was not available here), a 0 m cable
 * (the cable-length effects beyond Table 18 were not available), OPEN and
 * SHORT corrections done, bias current isolation off. The calibration
 * accuracy Acal of the absolute accuracy (Aa = Ae + Acal) is not included:
 * its table for |Z| and C was not available here (the DC-resistance
 * Acal, 0.03 %, does not apply to C). Refused (NaN): outside 20 Hz..2 MHz
 * or 5 mVrms..20 Vrms, C when Dx > 0.1 (the data sheet gives L, C, X, B
 * accuracy only for Dx <= 0.1), a non-positive Cp.
 */
#include "config.h"

#include <math.h>
#include <stddef.h>

#include "e4980a_drv.h"

#define E4980A_PI 3.14159265358979323846

/* Row edges (Hz) of Tables 12 and 13 (they differ at the low end: 125 Hz
 * for SHORT, 100 Hz for MED/LONG). Column edges (V rms). */
static const double ab_rows[2][4] = {{20, 125, 1e6, 2e6}, {20, 100, 1e6, 2e6}};
static const double ab_cols[6] = {0.005, 0.05, 0.3, 1, 10, 20};

/* Table 12 (SHORT) and Table 13 (MED, LONG), % of reading. The first
 * column is scaled by ab_vref / Vs. */
static const double ab_pct[2][3][5] = {
	{{0.60, 0.60, 0.30, 0.30, 0.30}, {0.20, 0.20, 0.10, 0.15, 0.15}, {0.40, 0.40, 0.20, 0.30, 0.30}},
	{{0.25, 0.25, 0.10, 0.15, 0.15}, {0.10, 0.10, 0.05, 0.10, 0.15}, {0.20, 0.20, 0.10, 0.20, 0.30}},
};
static const double ab_vref[2] = {0.050, 0.030};

static int table_of(enum wbgi_e4980a_mode mode)
{
	return mode == WBGI_E4980A_SHORT ? 0 : 1;
}

static int mode_ok(enum wbgi_e4980a_mode mode)
{
	return mode == WBGI_E4980A_SHORT || mode == WBGI_E4980A_MED || mode == WBGI_E4980A_LONG;
}

static int in_range(double f, double vs)
{
	return f >= 20 && f <= 2e6 && vs >= 0.005 && vs <= 20;
}

double wbgi_e4980a_ab_pct(enum wbgi_e4980a_mode mode, double freq_hz, double vs)
{
	double best = INFINITY, v;
	int t, r, c;

	if (!mode_ok(mode) || !in_range(freq_hz, vs))
		return NAN;
	t = table_of(mode);
	/* Every cell whose row and column hold the conditions; the best. */
	for (r = 0; r < 3; r++) {
		if (freq_hz < ab_rows[t][r] || freq_hz > ab_rows[t][r + 1])
			continue;
		for (c = 0; c < 5; c++) {
			if (vs < ab_cols[c] || vs > ab_cols[c + 1])
				continue;
			v = ab_pct[t][r][c];
			if (c == 0)
				v *= ab_vref[t] / vs;
			if (v < best)
				best = v;
		}
	}
	return best;
}

double wbgi_e4980a_bias_ab_pct(enum wbgi_e4980a_mode mode, double freq_hz, double vs,
                               double bias_v)
{
	/* Table 63: SHORT 0.05 %, MED/LONG 0.01 %, x (100 mV/Vs) x
	 * (1 + sqrt(100/Fm)), only when Fm < 10 kHz and |Vdc| > 5 V. */
	double k = mode == WBGI_E4980A_SHORT ? 0.05 : 0.01;

	if (!mode_ok(mode) || !in_range(freq_hz, vs) || !isfinite(bias_v))
		return NAN;
	if (!(freq_hz < 10e3 && fabs(bias_v) > 5))
		return 0;
	return k * (0.100 / vs) * (1 + sqrt(100 / freq_hz));
}

double wbgi_e4980a_zs_ohm(enum wbgi_e4980a_mode mode, double freq_hz, double vs, double zm_ohm)
{
	double fk = 1 + sqrt(1000 / freq_hz);

	if (!mode_ok(mode) || !in_range(freq_hz, vs) || !(zm_ohm > 0))
		return NAN;
	/* Table 16, |Zm| > 1.08 Ohm: SHORT 2.5 mOhm, MED/LONG 0.6 mOhm,
	 * x (1 + 0.400/Vs). Table 17, |Zm| <= 1.08 Ohm: SHORT 1 mOhm,
	 * MED/LONG 0.2 mOhm, x (1 + 1/Vs). Both x (1 + sqrt(1000/Fm)). */
	if (zm_ohm > 1.08)
		return (mode == WBGI_E4980A_SHORT ? 2.5e-3 : 0.6e-3) * (1 + 0.400 / vs) * fk;
	return (mode == WBGI_E4980A_SHORT ? 1e-3 : 0.2e-3) * (1 + 1 / vs) * fk;
}

double wbgi_e4980a_yo_s(enum wbgi_e4980a_mode mode, double freq_hz, double vs)
{
	/* Tables 19 (Vs <= 2.0 Vrms) and 20 (Vs > 2.0 Vrms): rows 20 Hz-100 kHz,
	 * 100 kHz-1 MHz, 1-2 MHz; SHORT 2, 20, 40 nS and MED/LONG 0.5, 5,
	 * 10 nS, x (1 + 0.100/Vs) (Table 19) or (1 + 2/Vs) (Table 20), the
	 * first row also x (1 + sqrt(100/Fm)). */
	static const double edges[4] = {20, 100e3, 1e6, 2e6};
	static const double yo[2][3] = {{2e-9, 20e-9, 40e-9}, {0.5e-9, 5e-9, 10e-9}};
	double vfac, best = INFINITY, y;
	int t, r;

	if (!mode_ok(mode) || !in_range(freq_hz, vs))
		return NAN;
	t = table_of(mode);
	vfac = vs <= 2.0 ? 1 + 0.100 / vs : 1 + 2 / vs;
	for (r = 0; r < 3; r++) {
		if (freq_hz < edges[r] || freq_hz > edges[r + 1])
			continue;
		y = yo[t][r] * vfac;
		if (r == 0) {
			y *= 1 + sqrt(100 / freq_hz);
			/* The note under Table 20: up to three times greater in
			 * 40-70 kHz and 80-100 kHz (residual response). */
			if ((freq_hz >= 40e3 && freq_hz <= 70e3) ||
			    (freq_hz >= 80e3 && freq_hz <= 100e3))
				y *= 3;
		}
		if (y < best)
			best = y;
	}
	return best;
}

double wbgi_e4980a_ae_pct(const struct wbgi_e4980a_cond *cond, double zm_ohm)
{
	double ab, bias, zs, yo;

	if (!cond)
		return NAN;
	ab = wbgi_e4980a_ab_pct(cond->mode, cond->freq_hz, cond->level_v);
	bias = wbgi_e4980a_bias_ab_pct(cond->mode, cond->freq_hz, cond->level_v, cond->bias_v);
	zs = wbgi_e4980a_zs_ohm(cond->mode, cond->freq_hz, cond->level_v, zm_ohm);
	yo = wbgi_e4980a_yo_s(cond->mode, cond->freq_hz, cond->level_v);
	/* NaN propagates from any refused term. Kt = 1 (23 °C). */
	return ab + bias + zs / zm_ohm * 100 + yo * zm_ohm * 100;
}

/* |Z| of a parallel C and G with D = G / (w C). */
static double cp_zm(double freq_hz, double cp_f, double d)
{
	return 1.0 / (2 * E4980A_PI * freq_hz * cp_f * sqrt(1 + d * d));
}

double wbgi_e4980a_cp_pct(const struct wbgi_e4980a_cond *cond, double cp_f, double d)
{
	if (!cond || !(cp_f > 0) || !(fabs(d) <= 0.1))
		return NAN;
	return wbgi_e4980a_ae_pct(cond, cp_zm(cond->freq_hz, cp_f, d));
}

double wbgi_e4980a_d_abs(const struct wbgi_e4980a_cond *cond, double cp_f, double d)
{
	double de;

	if (!cond || !(cp_f > 0) || !isfinite(d))
		return NAN;
	de = wbgi_e4980a_ae_pct(cond, cp_zm(cond->freq_hz, cp_f, d)) / 100;
	return fabs(d) > 0.1 ? de * (1 + fabs(d)) : de;
}
