/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The simulated Keysight E4980A LCR meter and Lake Shore 336 temperature
 * controller: SCPI conformance, C-V of the SiC MOSFET model against the
 * closed forms of dut.md, list sweeps, the chuck's ramp and settling
 * against the first-order-lag solution, and virtual time.
 */
#include "config.h"

#include <complex.h>
#include <stdlib.h>
#include <string.h>

#include "wbg/wbg.h"
#include "wbg_test.h"

#define PI 3.14159265358979323846

static wbg_vbench *bench;
static wbg_vinstr *vi;

static void cmd(const char *c)
{
	assert_int_equal(wbg_vinstr_query(vi, c, NULL, 0), WBG_OK);
}

static void qstr(const char *q, const char *expect)
{
	char r[4096];

	assert_int_equal(wbg_vinstr_query(vi, q, r, sizeof(r)), WBG_OK);
	assert_string_equal(r, expect);
}

static void q2(const char *q, double *a, double *b)
{
	char r[256], *p;

	assert_int_equal(wbg_vinstr_query(vi, q, r, sizeof(r)), WBG_OK);
	*a = strtod(r, &p);
	assert_true(*p == ',');
	*b = strtod(p + 1, &p);
}

static double qnum(const char *q)
{
	char r[256];

	assert_int_equal(wbg_vinstr_query(vi, q, r, sizeof(r)), WBG_OK);
	return strtod(r, NULL);
}

static void expect_err(int code)
{
	char r[256];

	assert_int_equal(wbg_vinstr_query(vi, ":SYST:ERR?", r, sizeof(r)), WBG_OK);
	if (atoi(r) != code) {
		print_error("error queue gave '%s', expected %d\n", r, code);
		fail();
	}
}

/* SiC model (dut_sic_mosfet.c): Ciss = Cgs + Cgd(V), Coss = Cds(V) + Cgd(V). */
static double cgd(double v)
{
	return 400e-12 * pow(1 + v / 0.5, -0.55);
}

static double coss(double v)
{
	return 1.2e-9 * pow(1 + v / 2.0, -0.5) + cgd(v);
}

/* The fixture model of e4980a.c: Z = Rs + 1 / (G + j w C), G = 1 nS. */
static double complex zmodel(double rs, double c, double f)
{
	return rs + 1.0 / (1e-9 + I * 2 * PI * f * c);
}

static void test_e4980a_ciss(void **state)
{
	double cs, rs, cp, d, t0, c;
	double complex z, y;

	(void)state;
	assert_int_equal(wbg_vbench_new(&bench, "sic-mosfet", 1, NULL), WBG_OK);
	assert_int_equal(wbg_vbench_add(&vi, bench, NULL, "E4980A", "ciss", NULL), WBG_OK);
	qstr("*IDN?", "Keysight Technologies,E4980A,MY46101234,A.06.11");
	qstr("*OPT?", "001");
	qstr(":FUNC:IMP?;:FREQ?;:APER?", "CPD;+1.000000E+03;MED,1");
	cmd(":FUNC:IMP CSRS;:FREQ 100E3;:VOLT 0.5;:BIAS:VOLT 0;:BIAS:STAT ON");
	t0 = wbg_vbench_time(bench);
	q2(":FETC?", &cs, &rs);
	/* One medium-aperture measurement: 88 ms. */
	assert_double_near(wbg_vbench_time(bench) - t0, 0.088, 1e-9, 0);
	/* Cgs + Cgd(0) = 1.34 nF in series with Rg = 4.6 Ohm (50 ppm noise):
	 * Cs = -1/(w Im Z), Rs = Re Z. */
	c = 940e-12 + cgd(0);
	z = zmodel(4.6, c, 1e5);
	assert_double_near(cs, -1 / (2 * PI * 1e5 * cimag(z)), 3e-4, 0);
	assert_double_near(cs, c, 3e-4, 0);
	assert_double_near(rs, creal(z), 3e-4, 0);
	/* Cp-D of the same circuit: Y = 1/Z, Cp = Im Y / w, D = Re Y / Im Y
	 * (about w C Rg = 3.87e-3). */
	cmd(":FUNC:IMP CPD");
	q2(":FETC?", &cp, &d);
	y = 1 / z;
	assert_double_near(d, creal(y) / cimag(y), 3e-4, 0);
	assert_double_near(d, 2 * PI * 1e5 * c * 4.6, 2e-3, 0);
	assert_double_near(cp, cimag(y) / (2 * PI * 1e5), 3e-4, 0);
	/* Bias off: the DC bias setting is ignored. */
	cmd(":FUNC:IMP CSRS;:BIAS:VOLT 40;:BIAS:STAT OFF");
	q2(":FETC?", &cs, &rs);
	assert_double_near(cs, c, 3e-4, 0);
	cmd(":BIAS:STAT ON");
	q2(":FETC?", &cs, &rs);
	assert_double_near(cs, 940e-12 + cgd(40), 3e-4, 0);
	/* Errors. */
	cmd(":BIAS:VOLT 41");
	cmd(":FUNC:IMP XYZ");
	cmd(":FREQ 10");
	cmd(":TRIG:SOUR EXT");
	expect_err(-222);
	expect_err(-224);
	expect_err(-222);
	expect_err(-221);
	qstr(":SYST:ERR?", "+0,\"No error\"");
	wbg_vbench_free(bench);
}

static void test_e4980a_list_sweep(void **state)
{
	static const double v[] = {0, 5, 10, 20, 40};
	char r[2048], *p;
	double t0;
	int k;

	(void)state;
	assert_int_equal(wbg_vbench_new(&bench, "sic-mosfet", 1, NULL), WBG_OK);
	assert_int_equal(wbg_vbench_add(&vi, bench, NULL, "E4980A", "coss", NULL), WBG_OK);
	cmd(":TRIG:SOUR BUS;:FUNC:IMP CSRS;:FREQ 1E5;:BIAS:STAT ON;:APER SHOR");
	cmd(":FETC?"); /* nothing triggered yet */
	expect_err(-230);
	cmd(":DISP:PAGE LIST;:LIST:BIAS:VOLT 0,5,10,20,40");
	qstr(":LIST:BIAS:VOLT?", "+0.000000E+00,+5.000000E+00,+1.000000E+01,+2.000000E+01,+4.000000E+01");
	cmd(":LIST:FREQ 1000,2000"); /* one list parameter at a time */
	expect_err(-221);
	t0 = wbg_vbench_time(bench);
	cmd(":TRIG");
	/* 5 points, short aperture 5.6 ms each. */
	assert_double_near(wbg_vbench_time(bench) - t0, 5 * 5.6e-3, 1e-9, 0);
	assert_int_equal(wbg_vinstr_query(vi, ":FETC?", r, sizeof(r)), WBG_OK);
	for (p = r, k = 0; k < 5; k++) {
		double cs = strtod(p, &p), rs;
		assert_true(*p++ == ',');
		rs = strtod(p, &p);
		double complex z = zmodel(1.0, coss(v[k]), 1e5);
		assert_double_near(cs, coss(v[k]), 3e-4, 0);
		assert_double_near(rs, creal(z), 3e-4, 0);
		assert_true(strncmp(p, ",+0,+0", 6) == 0);
		p += 6;
		assert_true(*p == (k < 4 ? ',' : '\0'));
		p++;
	}
	/* Coss falls with Vds. */
	assert_true(coss(40) < coss(0) / 3);
	cmd(":LIST:CLE:ALL;:LIST:FREQ 1000,2000");
	expect_err(0);
	wbg_vbench_free(bench);
	/* A 1 kOhm resistor in R-X. */
	assert_int_equal(wbg_vbench_new(&bench, "r1k", 1, NULL), WBG_OK);
	assert_int_equal(wbg_vbench_add(&vi, bench, NULL, "E4980A", NULL, NULL), WBG_OK);
	{
		double re, im;
		cmd(":FUNC:IMP RX");
		q2(":FETC?", &re, &im);
		assert_double_near(re, 1000.0, 3e-4, 0);
		assert_double_near(im, 0.0, 0, 1e-9);
	}
	wbg_vbench_free(bench);
}

static void test_ls336_ramp_and_settle(void **state)
{
	double lag;

	(void)state;
	assert_int_equal(wbg_vbench_new(&bench, "sic-mosfet", 1, NULL), WBG_OK);
	assert_int_equal(wbg_vbench_add(&vi, bench, "chuck", "336", NULL, NULL), WBG_OK);
	qstr("*IDN?", "LSCI,MODEL336,LSA1B2C3,2.9");
	{ /* the 336 ends its responses in CR LF */
		uint8_t raw[64];
		size_t n;
		bool end;
		assert_int_equal(wbg_vinstr_write(vi, (const uint8_t *)"RANGE? 1", 8, true), WBG_OK);
		assert_int_equal(wbg_vinstr_read(vi, raw, sizeof(raw), &n, &end), WBG_OK);
		assert_true(end);
		assert_memory_equal(raw, "0\r\n", 3);
		assert_int_equal((int)n, 3);
	}
	assert_double_near(qnum("KRDG? A"), 298.15, 0, 0.03);
	assert_double_near(qnum("CRDG? A"), 25.0, 0, 0.03);
	qstr("RANGE? 1;RAMPST? 1", "0;0");
	cmd("SETP 1,423.15;RAMP 1,1,10;RANGE 1,3");
	qstr("SETP? 1;RAMP? 1;RAMPST? 1", "+423.150;1,+10.0;1");
	/* 10 K/min with a 30 s lag: after 60 s the control setpoint is at
	 * 308.15 K and the chuck lags by r tau (1 - e^(-t/tau)) = 5 (1 - e^-2) K. */
	assert_int_equal(wbg_vbench_advance(bench, 60.0), WBG_OK);
	lag = 10.0 / 60.0 * 30.0 * (1 - exp(-2.0));
	assert_double_near(wbg_vbench_temp_k(bench), 308.15 - lag, 1e-9, 0);
	assert_double_near(qnum("KRDG? A"), 308.15 - lag, 0, 0.03);
	/* The ramp ends after 750 s; 300 s (10 tau) later the chuck has
	 * settled within 5 K x e^-10 = 0.2 mK. */
	assert_int_equal(wbg_vbench_advance(bench, 690.0 + 300.0), WBG_OK);
	qstr("RAMPST? 1", "0");
	assert_double_near(wbg_vbench_temp_k(bench), 423.15, 0, 3e-4);
	assert_double_near(qnum("KRDG? B"), 423.15, 0, 0.03);
	assert_double_near(qnum("KRDG? C"), 0.0, 0, 0);
	/* Heater off: back towards 25 °C with a 600 s time constant. */
	cmd("RANGE 1,0");
	assert_int_equal(wbg_vbench_advance(bench, 600.0), WBG_OK);
	assert_double_near(wbg_vbench_temp_k(bench), 298.15 + 125.0 * exp(-1.0), 1e-6, 0);
	/* No error queue: errors only in *ESR? (CME 32, EXE 16). */
	cmd("*CLS");
	cmd("NOSUCH 1");
	assert_double_exact(qnum("*ESR?"), 32);
	cmd("SETP 1,2000");
	assert_double_exact(qnum("*ESR?"), 16);
	cmd(":SYST:ERR?");
	assert_double_exact(qnum("*ESR?"), 32);
	cmd("*RST");
	qstr("RANGE? 1;RAMP? 1", "0;0,+0.0");
	wbg_vbench_free(bench);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_e4980a_ciss),
		cmocka_unit_test(test_e4980a_list_sweep),
		cmocka_unit_test(test_ls336_ramp_and_settle),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
