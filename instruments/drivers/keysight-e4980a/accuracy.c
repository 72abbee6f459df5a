/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Keysight E4980A relative measurement accuracy of C (Cp-D), from the
 * E4980A data sheet ("Relative accuracy", Equation 8):
 *
 *   Ae = [Ab + Zs/|Zm| x 100 + Yo x |Zm| x 100] x Kt   (% of reading)
 *
 * Ab basic accuracy (Table 13, measurement time MED or LONG), Zs short
 * offset (Tables 16/17, cable 0 m: Table 18 adds nothing), Yo open offset
 * (Tables 19/20), Kt = 1 at 23 °C (the data sheet's C-D worked example:
 * 1 kHz, 100 nF, 1 Vrms, MED gives Ae = 0.05 %). Encoded: MED/LONG,
 * 20 Hz..2 MHz, 50 mVrms..20 Vrms, D <= 0.1 (L/C accuracy applies when
 * D <= 0.1), |Zm| = 1/(2 pi f C) as in that example. Refused (NaN): the
 * SHORT mode (not used by the driver), levels under 50 mVrms (the table's
 * scaled first column could not be checked), D > 0.1, other temperatures.
 * Not included: the calibration accuracy Acal of the absolute accuracy
 * (its table for |Z| and C was not verified here) and the cable-length
 * terms for cables longer than 0 m.
 */
#include "config.h"

#include <math.h>

#include "e4980a_drv.h"

/* Table 13 (MED, LONG): rows 20-100 Hz, 100 Hz-1 MHz, 1-2 MHz; columns
 * 50 mV-0.3 V, 0.3-1 V, 1-10 V, 10-20 V rms (upper bounds inclusive: the
 * worked example puts 1 Vrms at 1 kHz at 0.05 %). */
static const double ab_med[3][4] = {
	{0.25, 0.10, 0.15, 0.15},
	{0.10, 0.05, 0.10, 0.15},
	{0.20, 0.10, 0.20, 0.30},
};

double wbgi_e4980a_ae_pct(double freq_hz, double vs, double c_f, double d)
{
	double zm, ab, zs, yo, vfac;
	int row, col;

	if (!(freq_hz >= 20 && freq_hz <= 2e6) || !(vs >= 0.05 && vs <= 20) || !(c_f > 0) ||
	    !(fabs(d) <= 0.1))
		return NAN;
	row = freq_hz <= 100 ? 0 : freq_hz <= 1e6 ? 1 : 2;
	col = vs <= 0.3 ? 0 : vs <= 1 ? 1 : vs <= 10 ? 2 : 3;
	ab = ab_med[row][col];
	zm = 1.0 / (2 * 3.14159265358979323846 * freq_hz * c_f);
	/* Short offset, Table 16 (|Zm| > 1.08 Ohm) or 17, MED/LONG. */
	if (zm > 1.08)
		zs = 0.6e-3 * (1 + 0.400 / vs) * (1 + sqrt(1000 / freq_hz));
	else
		zs = 0.2e-3 * (1 + 1 / vs) * (1 + sqrt(1000 / freq_hz));
	/* Open offset, Table 19 (Vs <= 2 Vrms) or 20, MED/LONG. */
	vfac = vs <= 2.0 ? 1 + 0.100 / vs : 1 + 2 / vs;
	if (freq_hz <= 100e3)
		yo = 0.5e-9 * vfac * (1 + sqrt(100 / freq_hz));
	else if (freq_hz <= 1e6)
		yo = 5e-9 * vfac;
	else
		yo = 10e-9 * vfac;
	return ab + zs / zm * 100 + yo * zm * 100; /* x Kt = 1 at 23 °C */
}
