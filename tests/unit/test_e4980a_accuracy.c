/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Keysight E4980A accuracy model (instruments/drivers/keysight-e4980a/
 * accuracy.c) against the data sheet (5989-4435EN, "Measurement accuracy"):
 * its two printed worked examples, and closed forms of its tables and
 * equations at the edges of their rows and columns, worked by hand from the
 * printed coefficients.
 */
#include "config.h"

#include <math.h>

#include "../../instruments/drivers/keysight-e4980a/e4980a_drv.h"
#include "wbg/wbg.h"
#include "wbg_test.h"

#define PI 3.14159265358979323846

static struct wbgi_e4980a_cond cond(enum wbgi_e4980a_mode mode, double f, double vs, double vdc)
{
	struct wbgi_e4980a_cond c;

	c.mode = mode;
	c.freq_hz = f;
	c.level_v = vs;
	c.bias_v = vdc;
	return c;
}

/*
 * The data sheet's "Example of C-D accuracy calculation" (the page of
 * Tables 12 and 13): 1 kHz, 100 nF, 1 Vrms, MED, 23 °C.
 *   Ab = 0.05 %, |Zm| = 1/(2 pi 1e3 100e-9) = 1590 Ohm,
 *   Zs = 0.6 mOhm x (1 + 0.400/1) x (1 + sqrt(1000/1000)) = 1.68 mOhm,
 *   Yo = 0.5 nS x (1 + 0.100/1) x (1 + sqrt(100/1000)) = 0.72 nS,
 *   C accuracy Ae = [0.05 + 1.68m/1590 x 100 + 0.72n x 1590 x 100] x 1 = 0.05 %,
 *   D accuracy De = 0.05/100 = 0.0005.
 * The printed results are rounded; unrounded by hand:
 *   Yo = 0.55 nS x 1.3162278 = 0.72392527 nS, |Zm| = 1591.5494 Ohm,
 *   Ae = 0.05 + 1.0555782e-4 + 1.1521487e-4 = 0.05022077 %.
 */
static void test_datasheet_cd_example(void **state)
{
	struct wbgi_e4980a_cond c = cond(WBGI_E4980A_MED, 1e3, 1.0, 0);
	double zm = 1 / (2 * PI * 1e3 * 100e-9);

	(void)state;
	assert_double_exact(wbgi_e4980a_ab_pct(WBGI_E4980A_MED, 1e3, 1.0), 0.05);
	assert_double_near(zm, 1590, 0.001, 0);
	assert_double_near(wbgi_e4980a_zs_ohm(WBGI_E4980A_MED, 1e3, 1.0, zm), 1.68e-3, 1e-12, 0);
	assert_double_near(wbgi_e4980a_yo_s(WBGI_E4980A_MED, 1e3, 1.0), 0.72e-9, 0, 0.005e-9);
	assert_double_near(wbgi_e4980a_yo_s(WBGI_E4980A_MED, 1e3, 1.0), 0.72392527e-9, 1e-7, 0);
	assert_double_near(wbgi_e4980a_cp_pct(&c, 100e-9, 0), 0.05, 0, 0.005);
	assert_double_near(wbgi_e4980a_cp_pct(&c, 100e-9, 0), 0.05022077, 1e-6, 0);
	assert_double_near(wbgi_e4980a_d_abs(&c, 100e-9, 0), 0.0005, 0, 0.00005);
	assert_double_near(wbgi_e4980a_d_abs(&c, 100e-9, 0), 0.0005022077, 1e-6, 0);
	/* LONG uses the same tables as MED (Tables 13, 16, 19). */
	c.mode = WBGI_E4980A_LONG;
	assert_double_near(wbgi_e4980a_cp_pct(&c, 100e-9, 0), 0.05022077, 1e-6, 0);
}

/*
 * "How to Use Tables": where the conditions fall under several categories
 * of a table, the best value applies; the data sheet's example is SHORT,
 * 125 Hz, 0.3 Vrms: Ab = 0.10 % (Table 12: 125 Hz is in the rows 20-125 Hz
 * and 125 Hz-1 MHz, 0.3 Vrms in the columns 50 mV-0.3 V and 0.3-1 V; the
 * four cells 0.60, 0.30, 0.20, 0.10 %).
 */
static void test_datasheet_best_value_example(void **state)
{
	(void)state;
	assert_double_exact(wbgi_e4980a_ab_pct(WBGI_E4980A_SHORT, 125, 0.3), 0.10);
	/* Inside one cell each: 100 Hz and 0.2 V SHORT is row 20-125 Hz,
	 * column 50 mV-0.3 V: 0.60 %; 1 kHz, 0.5 V: 0.10 %. */
	assert_double_exact(wbgi_e4980a_ab_pct(WBGI_E4980A_SHORT, 100, 0.2), 0.60);
	assert_double_exact(wbgi_e4980a_ab_pct(WBGI_E4980A_SHORT, 1e3, 0.5), 0.10);
}

/* Table 13 (MED, LONG) by hand, at and between its edges. */
static void test_table13(void **state)
{
	(void)state;
	/* 100 Hz sits in rows 20-100 Hz and 100 Hz-1 MHz: 1 Vrms in columns
	 * 0.3-1 V and 1-10 V -> min(0.10, 0.15, 0.05, 0.10) = 0.05 %. */
	assert_double_exact(wbgi_e4980a_ab_pct(WBGI_E4980A_MED, 100, 1.0), 0.05);
	assert_double_exact(wbgi_e4980a_ab_pct(WBGI_E4980A_MED, 50, 1.0), 0.10);
	assert_double_exact(wbgi_e4980a_ab_pct(WBGI_E4980A_MED, 50, 5.0), 0.15);
	/* 1 MHz in rows 100 Hz-1 MHz and 1-2 MHz: 0.5 V -> min(0.05, 0.10). */
	assert_double_exact(wbgi_e4980a_ab_pct(WBGI_E4980A_MED, 1e6, 0.5), 0.05);
	assert_double_exact(wbgi_e4980a_ab_pct(WBGI_E4980A_MED, 1.5e6, 0.5), 0.10);
	assert_double_exact(wbgi_e4980a_ab_pct(WBGI_E4980A_MED, 2e6, 20), 0.30);
	assert_double_exact(wbgi_e4980a_ab_pct(WBGI_E4980A_MED, 1e3, 15), 0.15);
	/* The first column, 5-50 mVrms: (0.1 %) x (30 mVrms/Vs) in 100 Hz-1 MHz.
	 * 25 mVrms at 1 MHz (the cv default): min(0.1, 0.2) x 30/25 = 0.12 %. */
	assert_double_near(wbgi_e4980a_ab_pct(WBGI_E4980A_MED, 1e6, 0.025), 0.12, 1e-12, 0);
	assert_double_near(wbgi_e4980a_ab_pct(WBGI_E4980A_MED, 1e3, 0.005), 0.60, 1e-12, 0);
	assert_double_near(wbgi_e4980a_ab_pct(WBGI_E4980A_MED, 50, 0.010), 0.75, 1e-12, 0);
	assert_double_near(wbgi_e4980a_ab_pct(WBGI_E4980A_MED, 1.5e6, 0.020), 0.30, 1e-12, 0);
	/* At 50 mVrms both 5-50 mV and 50 mV-0.3 V hold: as printed, the
	 * scaled column gives 0.1 x 30/50 = 0.06 % < 0.10 %, the best value. */
	assert_double_near(wbgi_e4980a_ab_pct(WBGI_E4980A_MED, 1e3, 0.050), 0.06, 1e-12, 0);
	/* Outside the tables: NaN. */
	assert_true(isnan(wbgi_e4980a_ab_pct(WBGI_E4980A_MED, 1e3, 0.0049)));
	assert_true(isnan(wbgi_e4980a_ab_pct(WBGI_E4980A_MED, 1e3, 20.1)));
	assert_true(isnan(wbgi_e4980a_ab_pct(WBGI_E4980A_MED, 19, 1.0)));
	assert_true(isnan(wbgi_e4980a_ab_pct(WBGI_E4980A_MED, 2.1e6, 1.0)));
	assert_true(isnan(wbgi_e4980a_ab_pct((enum wbgi_e4980a_mode)7, 1e3, 1.0)));
}

/* Table 12 (SHORT): first column (x%) x (50 mVrms/Vs), continuous at 50 mV. */
static void test_table12(void **state)
{
	(void)state;
	assert_double_near(wbgi_e4980a_ab_pct(WBGI_E4980A_SHORT, 20, 0.025), 1.20, 1e-12, 0);
	assert_double_near(wbgi_e4980a_ab_pct(WBGI_E4980A_SHORT, 1e6, 0.025), 0.40, 1e-12, 0);
	assert_double_near(wbgi_e4980a_ab_pct(WBGI_E4980A_SHORT, 2e6, 0.010), 2.00, 1e-12, 0);
	assert_double_near(wbgi_e4980a_ab_pct(WBGI_E4980A_SHORT, 20, 0.050), 0.60, 1e-12, 0);
	assert_double_exact(wbgi_e4980a_ab_pct(WBGI_E4980A_SHORT, 1e3, 5.0), 0.15);
	assert_double_exact(wbgi_e4980a_ab_pct(WBGI_E4980A_SHORT, 1.5e6, 1.0), 0.20);
	assert_double_exact(wbgi_e4980a_ab_pct(WBGI_E4980A_SHORT, 1.5e6, 12), 0.30);
}

/* Table 63, added to Ab with a DC bias, only when Fm < 10 kHz and
 * |Vdc| > 5 V: SHORT 0.05 %, MED/LONG 0.01 %, x (100 mV/Vs) x
 * (1 + sqrt(100/Fm)). */
static void test_table63_bias(void **state)
{
	struct wbgi_e4980a_cond c;

	(void)state;
	assert_double_near(wbgi_e4980a_bias_ab_pct(WBGI_E4980A_MED, 1e3, 0.1, 10),
	                   0.01 * (1 + sqrt(0.1)), 1e-12, 0);
	assert_double_near(wbgi_e4980a_bias_ab_pct(WBGI_E4980A_SHORT, 100, 0.05, -20), 0.2, 1e-12,
	                   0);
	assert_double_exact(wbgi_e4980a_bias_ab_pct(WBGI_E4980A_MED, 1e3, 0.1, 5.0), 0);
	assert_double_exact(wbgi_e4980a_bias_ab_pct(WBGI_E4980A_MED, 10e3, 0.1, 40), 0);
	assert_double_exact(wbgi_e4980a_bias_ab_pct(WBGI_E4980A_MED, 1e6, 0.025, 40), 0);
	assert_true(isnan(wbgi_e4980a_bias_ab_pct(WBGI_E4980A_MED, 1e3, 0.1, NAN)));
	/* In Equation 8: the data sheet example at 1 kHz, 1 Vrms with 20 V of
	 * bias adds 0.01 x 0.1 x (1 + sqrt(0.1)) = 0.00131623 %. */
	c = cond(WBGI_E4980A_MED, 1e3, 1.0, 20);
	assert_double_near(wbgi_e4980a_cp_pct(&c, 100e-9, 0), 0.05022077 + 0.00131623, 1e-6, 0);
}

/* Tables 16 and 17 (short offset), Tables 19 and 20 (open offset). */
static void test_offsets(void **state)
{
	double k1k = 1 + sqrt(1000.0 / 1e3);

	(void)state;
	/* |Zm| = 1.08 Ohm is Table 17: 0.2 mOhm x (1 + 1/Vs); just above, Table 16. */
	assert_double_near(wbgi_e4980a_zs_ohm(WBGI_E4980A_MED, 1e3, 0.5, 1.08), 0.2e-3 * 3 * k1k,
	                   1e-12, 0);
	assert_double_near(wbgi_e4980a_zs_ohm(WBGI_E4980A_MED, 1e3, 0.5, 1.09), 0.6e-3 * 1.8 * k1k,
	                   1e-12, 0);
	assert_double_near(wbgi_e4980a_zs_ohm(WBGI_E4980A_SHORT, 1e3, 0.5, 0.5), 1e-3 * 3 * k1k,
	                   1e-12, 0);
	assert_double_near(wbgi_e4980a_zs_ohm(WBGI_E4980A_SHORT, 1e3, 0.5, 100), 2.5e-3 * 1.8 * k1k,
	                   1e-12, 0);
	assert_true(isnan(wbgi_e4980a_zs_ohm(WBGI_E4980A_MED, 1e3, 0.5, 0)));
	/* Vs = 2.0 Vrms is Table 19, x (1 + 0.1/2); 2.5 Vrms Table 20, x (1 + 2/2.5). */
	assert_double_near(wbgi_e4980a_yo_s(WBGI_E4980A_MED, 500e3, 2.0), 5e-9 * 1.05, 1e-12, 0);
	assert_double_near(wbgi_e4980a_yo_s(WBGI_E4980A_MED, 500e3, 2.5), 5e-9 * 1.8, 1e-12, 0);
	assert_double_near(wbgi_e4980a_yo_s(WBGI_E4980A_SHORT, 1.5e6, 1.0), 40e-9 * 1.1, 1e-12, 0);
	/* 1 MHz: rows 100 kHz-1 MHz and 1-2 MHz -> 5 nS, not 10 nS. */
	assert_double_near(wbgi_e4980a_yo_s(WBGI_E4980A_MED, 1e6, 1.0), 5e-9 * 1.1, 1e-12, 0);
	/* The note: three times in 40-70 kHz and 80-100 kHz, not at 75 kHz. */
	assert_double_near(wbgi_e4980a_yo_s(WBGI_E4980A_MED, 50e3, 1.0),
	                   3 * 0.5e-9 * 1.1 * (1 + sqrt(100 / 50e3)), 1e-12, 0);
	assert_double_near(wbgi_e4980a_yo_s(WBGI_E4980A_MED, 75e3, 1.0),
	                   0.5e-9 * 1.1 * (1 + sqrt(100 / 75e3)), 1e-12, 0);
	/* 100 kHz: min(3 x 0.5 nS x 1.1 x (1 + sqrt(1e-3)), 5 nS x 1.1). */
	assert_double_near(wbgi_e4980a_yo_s(WBGI_E4980A_MED, 100e3, 1.0),
	                   3 * 0.5e-9 * 1.1 * (1 + sqrt(1e-3)), 1e-12, 0);
}

/*
 * Equation 8 at the C-V method's default conditions: 1 MHz, 25 mVrms, MED,
 * Cp = 1 nF, D = 0.01. By hand: Ab = 0.12 %, |Zm| = 1/(2 pi 1e6 1e-9
 * sqrt(1.0001)) = 159.1470 Ohm, Zs = 0.6 mOhm x (1 + 0.4/0.025) x
 * (1 + sqrt(1e-3)) = 0.010522552 Ohm, Yo = 5 nS x (1 + 0.1/0.025) = 25 nS:
 * Ae = 0.12 + 0.0066118 + 0.0003979 = 0.1270097 %; De = Ae/100.
 * With D = 0.2 the C accuracy is refused and De = Ae/100 x 1.2 (|Zm| with
 * sqrt(1.04)).
 */
static void test_cv_default(void **state)
{
	struct wbgi_e4980a_cond c = cond(WBGI_E4980A_MED, 1e6, 0.025, 0);
	double zm2 = 1 / (2 * PI * 1e6 * 1e-9 * sqrt(1.04));
	double ae2 = 0.12 + 0.010522552 / zm2 * 100 + 25e-9 * zm2 * 100;

	(void)state;
	assert_double_near(wbgi_e4980a_cp_pct(&c, 1e-9, 0.01), 0.1270097, 1e-6, 0);
	assert_double_near(wbgi_e4980a_d_abs(&c, 1e-9, 0.01), 0.001270097, 1e-6, 0);
	assert_true(isnan(wbgi_e4980a_cp_pct(&c, 1e-9, 0.2)));
	assert_true(isnan(wbgi_e4980a_cp_pct(&c, 1e-9, -0.11)));
	assert_double_near(wbgi_e4980a_d_abs(&c, 1e-9, 0.2), ae2 / 100 * 1.2, 1e-6, 0);
	/* D exactly 0.1: C accuracy still applies, De not multiplied. */
	assert_false(isnan(wbgi_e4980a_cp_pct(&c, 1e-9, 0.1)));
	assert_true(isnan(wbgi_e4980a_cp_pct(&c, 0, 0.01)));
	assert_true(isnan(wbgi_e4980a_cp_pct(&c, -1e-9, 0.01)));
	assert_true(isnan(wbgi_e4980a_cp_pct(NULL, 1e-9, 0.01)));
	c.level_v = 0.004;
	assert_true(isnan(wbgi_e4980a_cp_pct(&c, 1e-9, 0.01)));
	assert_true(isnan(wbgi_e4980a_d_abs(&c, 1e-9, 0.01)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_datasheet_cd_example),
		cmocka_unit_test(test_datasheet_best_value_example),
		cmocka_unit_test(test_table13),
		cmocka_unit_test(test_table12),
		cmocka_unit_test(test_table63_bias),
		cmocka_unit_test(test_offsets),
		cmocka_unit_test(test_cv_default),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
