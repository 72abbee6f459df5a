/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The drivers' protocol layers without I/O: the commands they format (as
 * the instruments' programming manuals spell them) and the replies they
 * accept or refuse.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "../../instruments/drivers/keithley-24xx/k24xx_drv.h"
#include "../../instruments/drivers/keysight-b2900/b2900_drv.h"
#include "../../instruments/drivers/keysight-e4980a/e4980a_drv.h"
#include "../../instruments/drivers/lakeshore-336/ls336_drv.h"
#include "wbg/wbg.h"
#include "wbg_test.h"

static void test_k24(void **state)
{
	char buf[256];

	(void)state;
	assert_int_equal(wbgi_k24_fmt_source(buf, sizeof(buf), WBG_SMU_SOURCE_V, 5, 0.01), WBG_OK);
	/* Limit before level (2450 manual: a level outside the present
	 * limit's envelope is refused). */
	assert_string_equal(buf, ":SOUR:FUNC VOLT;:SENS:FUNC \"CURR\";:SOUR:VOLT:ILIM 0.01;"
	                         ":SOUR:VOLT 5");
	assert_int_equal(wbgi_k24_fmt_source(buf, 20, WBG_SMU_SOURCE_V, 5, 0.01), WBG_ERR_OVERFLOW);
	assert_int_equal(wbgi_k24_fmt_sweep(buf, sizeof(buf), WBG_SMU_SOURCE_I, 0, 1e-3, 11, 0.001),
	                 WBG_OK);
	assert_string_equal(buf, ":SOUR:SWE:CURR:LIN 0,0.001,11,0.001,1,BEST,ON,OFF,\"defbuffer1\"");
}

static void test_b2900(void **state)
{
	char buf[640];
	double v, i;

	(void)state;
	/* Pulse mode (B2900 SCPI Command Reference): base = immediate level,
	 * peak = triggered level, width, measurement over the second half. */
	assert_int_equal(wbgi_b29d_fmt_pulse(buf, sizeof(buf), 2, WBG_SMU_SOURCE_I, 0, 0.05, 2, 1e-3),
	                 WBG_OK);
	assert_string_equal(buf, ":SOUR2:FUNC:MODE CURR;:SOUR2:CURR:MODE FIX;:SENS2:VOLT:PROT 2;"
	                         ":SOUR2:CURR 0;:SOUR2:CURR:TRIG 0.05;:SOUR2:FUNC:SHAP PULS;"
	                         ":SOUR2:PULS:DEL 0;:SOUR2:PULS:WIDT 0.001;:SENS2:VOLT:APER 0.0005;"
	                         ":TRIG2:TRAN:DEL 0;:TRIG2:ACQ:DEL 0.0005;:TRIG2:COUN 1");
	assert_int_equal(wbgi_b29d_fmt_pulse(buf, 40, 2, WBG_SMU_SOURCE_I, 0, 0.05, 2, 1e-3),
	                 WBG_ERR_OVERFLOW);
	assert_int_equal(wbgi_b29d_fmt_source(buf, sizeof(buf), 2, WBG_SMU_SOURCE_V, 1, 0.1), WBG_OK);
	assert_string_equal(buf, ":SOUR2:FUNC:MODE VOLT;:SOUR2:VOLT:MODE FIX;:SENS2:CURR:PROT 0.1;"
	                         ":SOUR2:VOLT 1");
	assert_int_equal(wbgi_b29d_fmt_sweep(buf, sizeof(buf), 1, WBG_SMU_SOURCE_V, 0, 3, 201, 0.001,
	                                     0.001),
	                 WBG_OK);
	assert_string_equal(buf, ":SOUR1:FUNC:MODE VOLT;:SENS1:CURR:PROT 0.001;:SOUR1:VOLT:MODE SWE;"
	                         ":SOUR1:VOLT:STAR 0;:SOUR1:VOLT:STOP 3;:SOUR1:SWE:POIN 201;"
	                         ":TRIG1:COUN 201;:TRIG1:TRAN:DEL 0.001");
	assert_int_equal(wbgi_b29d_parse_vi(&v, &i, "+1.000000E+00,-2.500000E-12\n"), WBG_OK);
	assert_double_near(i, -2.5e-12, 0, 0);
	assert_int_equal(wbgi_b29d_parse_vi(&v, &i, "+1.0E+00"), WBG_ERR_PARSE);
	assert_int_equal(wbgi_b29d_parse_vi(&v, &i, "1,2,3"), WBG_ERR_PARSE);
}

static void test_e4980a_ls336(void **state)
{
	char buf[64];
	double a[2], b[2], k;
	const double bias[] = {0, 20, 40};

	(void)state;
	assert_int_equal(wbgi_e4980a_fmt_list(buf, sizeof(buf), bias, 3), WBG_OK);
	assert_string_equal(buf, ":LIST:BIAS:VOLT 0,20,40");
	assert_int_equal(wbgi_e4980a_fmt_list(buf, 18, bias, 3), WBG_ERR_OVERFLOW);
	assert_int_equal(wbgi_e4980a_parse_fetch(a, b, 1, "+1.234560E-10,+2.000000E-03,+0"), WBG_OK);
	assert_double_near(a[0], 1.23456e-10, 0, 0);
	assert_int_equal(wbgi_e4980a_parse_fetch(a, b, 2, "+1E-10,+1E-3,+0,+0,+2E-10,+2E-3,+0,+0"),
	                 WBG_OK);
	assert_double_near(b[1], 2e-3, 0, 0);
	/* Status 1 (overload) is refused, not taken as a value. */
	assert_int_equal(wbgi_e4980a_parse_fetch(a, b, 1, "+9.9E+37,+9.9E+37,+1"), WBG_ERR_RANGE);
	assert_int_equal(wbgi_e4980a_parse_fetch(a, b, 2, "+1E-10,+1E-3,+0"), WBG_ERR_PARSE);
	assert_int_equal(wbgi_ls336_parse_kelvin(&k, "+298.150\r\n"), WBG_OK);
	assert_double_near(k, 298.15, 0, 1e-12);
	assert_int_equal(wbgi_ls336_parse_kelvin(&k, "-1"), WBG_ERR_PARSE);
	assert_int_equal(wbgi_ls336_parse_kelvin(&k, "298 K"), WBG_ERR_PARSE);
}

/*
 * E4980A relative accuracy Ae (data sheet Equation 8). The data sheet's
 * C-D worked example: 1 kHz, 100 nF, 1 Vrms, MED, 23 °C: Ab = 0.05 %,
 * |Zm| = 1590 Ohm, Zs = 0.6 mOhm x 1.4 x 2 = 1.68 mOhm, Yo = 0.5 nS x 1.1 x
 * (1 + sqrt(0.1)) = 0.72 nS, Ae = 0.05 % (rounded). By hand, unrounded:
 * 0.05 + 1.68e-3/1591.55 x 100 + 0.72394e-9 x 1591.55 x 100 = 0.050221 %.
 * A second hand case, 1 MHz, 1 nF, 0.5 Vrms: Ab 0.05 %, |Zm| = 159.155 Ohm,
 * Zs = 0.6e-3 x 1.8 x (1 + sqrt(1e-3)) = 1.11415e-3, Yo = 5 nS x 1.2 = 6 nS:
 * Ae = 0.05 + 0.00070004 + 0.0000954930 = 0.0507955 %.
 */
static void test_e4980a_accuracy(void **state)
{
	(void)state;
	assert_double_near(wbgi_e4980a_ae_pct(1e3, 1.0, 100e-9, 0.001), 0.05, 0.01, 0);
	assert_double_near(wbgi_e4980a_ae_pct(1e3, 1.0, 100e-9, 0.001), 0.050221, 1e-5, 0);
	assert_double_near(wbgi_e4980a_ae_pct(1e6, 0.5, 1e-9, 0.01), 0.0507955, 1e-5, 0);
	/* Refused: D > 0.1, under 50 mVrms, outside 20 Hz..2 MHz. */
	assert_true(isnan(wbgi_e4980a_ae_pct(1e3, 1.0, 100e-9, 0.2)));
	assert_true(isnan(wbgi_e4980a_ae_pct(1e3, 0.01, 100e-9, 0.001)));
	assert_true(isnan(wbgi_e4980a_ae_pct(3e6, 1.0, 100e-9, 0.001)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_k24),
		cmocka_unit_test(test_b2900),
		cmocka_unit_test(test_e4980a_ls336),
		cmocka_unit_test(test_e4980a_accuracy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
