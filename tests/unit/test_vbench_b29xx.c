/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * SCPI conformance of the simulated Keysight B2901A/B2902A: channels,
 * sweeps, :FETC:ARR? in ASCII and IEEE 488.2 binary blocks (REAL,32 and
 * REAL,64, both byte orders), errors and virtual time. Expected values:
 * Ohm's law on the 1 kOhm DUT, IEEE 754 encodings, the timing rules in
 * b29xx.c.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "wbg/wbg.h"
#include "wbg_test.h"

static wbg_vbench *bench;
static wbg_vinstr *vi;

static void open_inst(const char *model, const char *wiring)
{
	assert_int_equal(wbg_vbench_new(&bench, "r1k", 3, NULL), WBG_OK);
	assert_int_equal(wbg_vbench_add(&vi, bench, NULL, model, wiring, NULL), WBG_OK);
}

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

static void expect_err(int code)
{
	char r[256];

	assert_int_equal(wbg_vinstr_query(vi, ":SYST:ERR?", r, sizeof(r)), WBG_OK);
	if (atoi(r) != code) {
		print_error("error queue gave '%s', expected %d\n", r, code);
		fail();
	}
}

/* Raw response bytes (binary-safe). */
static size_t raw_query(const char *q, uint8_t *buf, size_t cap)
{
	size_t len = 0, n;
	bool end = false;

	assert_int_equal(wbg_vinstr_write(vi, (const uint8_t *)q, strlen(q), true), WBG_OK);
	while (!end) {
		assert_int_equal(wbg_vinstr_read(vi, buf + len, cap - len, &n, &end), WBG_OK);
		len += n;
		assert_true(len < cap || end);
	}
	return len;
}

static const char *sweep_ch2 =
	":SOUR2:FUNC:MODE VOLT;:SOUR2:VOLT:MODE SWE;:SOUR2:VOLT:STAR 0;:SOUR2:VOLT:STOP 1;"
	":SOUR2:SWE:POIN 11;:SENS2:CURR:PROT 0.1;:TRIG2:COUN 11;:SENS2:CURR:NPLC 1";

static void test_idn_errors_channels(void **state)
{
	(void)state;
	open_inst("B2902A", "none,drain");
	qstr("*IDN?", "Keysight Technologies,B2902A,MY51140002,3.4.2011.5100");
	qstr(":SYST:ERR?", "+0,\"No error\"");
	cmd(":SOUR3:VOLT 1"); /* no channel 3 */
	cmd(":MEAS:CURR? (@3)");
	cmd(":MEAS:CURR? (@1");
	cmd(":SOUR2:VOLT 250"); /* beyond 210 V */
	cmd(":SENS2:CURR:PROT 1;:SOUR2:VOLT 100"); /* 1 A at 100 V: outside the envelope */
	cmd(":FETC:ARR:CURR? (@2)"); /* nothing acquired yet */
	cmd(":FORM REAL,16");
	cmd(":SOUR2:VOLT:MODE LIST");
	expect_err(-114); /* header suffix out of range */
	expect_err(-222);
	expect_err(-102);
	expect_err(-222);
	expect_err(-221);
	expect_err(-230);
	expect_err(-222);
	expect_err(-221);
	qstr(":SYST:ERR?", "+0,\"No error\"");
	qstr(":FORM?", "ASC");
	cmd(":FORM REAL,32;:FORM:BORD SWAP");
	qstr(":FORM?;:FORM:BORD?", "REAL,32;SWAP");
	cmd("*RST");
	qstr(":FORM?;:FORM:BORD?;:OUTP2?;:SOUR2:VOLT:MODE?", "ASC;NORM;0;FIX");
	wbg_vbench_free(bench);

	open_inst("B2901A", NULL);
	qstr("*IDN?", "Keysight Technologies,B2901A,MY51140001,3.4.2011.5100");
	cmd(":SOUR2:VOLT 1");
	expect_err(-114);
	cmd(":INIT (@2)");
	expect_err(-222);
	wbg_vbench_free(bench);
}

static void test_sweep_ascii_and_time(void **state)
{
	char r[8192], *p;
	double t0;
	int k;

	(void)state;
	open_inst("B2902A", "none,drain");
	cmd(sweep_ch2);
	t0 = wbg_vbench_time(bench);
	cmd(":INIT (@2)");
	/* AINT trigger: 11 points x 1 PLC at 60 Hz. */
	assert_double_near(wbg_vbench_time(bench) - t0, 11.0 / 60.0, 1e-9, 0);
	qstr(":OUTP2?", "1"); /* output switched on by :INIT */
	assert_int_equal(wbg_vinstr_query(vi, ":FETC:ARR:CURR? (@2)", r, sizeof(r)), WBG_OK);
	for (p = r, k = 0; k <= 10; k++) {
		assert_double_near(strtod(p, &p), k * 1e-4, 1e-4, 1e-10); /* V / 1 kOhm */
		assert_true(*p == (k < 10 ? ',' : '\0'));
		p++;
	}
	/* Elements in :FORM:ELEM:SENS order. */
	cmd(":FORM:ELEM:SENS CURR,SOUR");
	qstr(":FORM:ELEM:SENS?", "CURR,SOUR");
	assert_int_equal(wbg_vinstr_query(vi, ":FETC:ARR? (@2)", r, sizeof(r)), WBG_OK);
	p = r;
	for (k = 0; k <= 10; k++) {
		double i = strtod(p, &p), v;
		p++;
		v = strtod(p, &p);
		p++;
		assert_double_near(v, k * 0.1, 1e-12, 1e-12);
		assert_double_near(i, k * 1e-4, 1e-4, 1e-10);
	}
	/* Timer trigger at 100 ms: 11 x 0.1 s. Double sweep: 22 points. */
	cmd(":TRIG2:SOUR TIM;:TRIG2:TIM 0.1;:SOUR2:SWE:STA DOUB;:TRIG2:COUN 22");
	t0 = wbg_vbench_time(bench);
	cmd(":INIT (@2)");
	assert_double_near(wbg_vbench_time(bench) - t0, 22 * 0.1, 1e-9, 0);
	assert_int_equal(wbg_vinstr_query(vi, ":FETC:ARR:SOUR? (@2)", r, sizeof(r)), WBG_OK);
	p = strrchr(r, ',');
	assert_double_near(strtod(p + 1, NULL), 0.0, 0, 1e-12); /* back down to 0 V */
	/* Compliance in a spot measurement: 5 V on 1 kOhm with 1 mA limit. */
	cmd(":SOUR2:VOLT:MODE FIX;:SENS2:CURR:PROT 1e-3;:SOUR2:VOLT 5;:OUTP2 ON");
	assert_int_equal(wbg_vinstr_query(vi, ":MEAS:CURR? (@2)", r, sizeof(r)), WBG_OK);
	assert_double_near(strtod(r, NULL), 1e-3, 1e-3, 0);
	qstr(":SENS2:CURR:PROT:TRIP?", "1");
	expect_err(0);
	wbg_vbench_free(bench);
}

static void check_block(const uint8_t *buf, size_t len, size_t sz, bool little)
{
	char hdr[8];
	size_t k, j;

	/* "#2" + two digits of length, 11 values, then the newline. */
	snprintf(hdr, sizeof(hdr), "#2%02zu", 11 * sz);
	assert_int_equal((int)len, (int)(4 + 11 * sz + 1));
	assert_memory_equal(buf, hdr, 4);
	assert_int_equal(buf[len - 1], '\n');
	for (k = 0; k <= 10; k++) {
		uint8_t be[8];
		double v;
		for (j = 0; j < sz; j++) /* to big-endian */
			be[j] = buf[4 + k * sz + (little ? sz - 1 - j : j)];
		if (sz == 8) {
			uint64_t u = 0;
			for (j = 0; j < 8; j++)
				u = u << 8 | be[j];
			memcpy(&v, &u, 8);
		} else {
			uint32_t u = 0;
			float f;
			for (j = 0; j < 4; j++)
				u = u << 8 | be[j];
			memcpy(&f, &u, 4);
			v = f;
		}
		assert_double_near(v, k * 1e-4, 1e-4, 1e-10);
	}
}

static void test_binary_blocks(void **state)
{
	uint8_t buf[512];
	size_t len;

	(void)state;
	open_inst("B2902A", "none,drain");
	cmd(sweep_ch2);
	cmd(":INIT (@2)");
	cmd(":FORM REAL,64");
	len = raw_query(":FETC:ARR:CURR? (@2)", buf, sizeof(buf));
	check_block(buf, len, 8, false); /* NORMal: big-endian */
	cmd(":FORM:BORD SWAP");
	len = raw_query(":FETC:ARR:CURR? (@2)", buf, sizeof(buf));
	check_block(buf, len, 8, true);
	cmd(":FORM REAL,32");
	len = raw_query(":FETC:ARR:CURR? (@2)", buf, sizeof(buf));
	check_block(buf, len, 4, true);
	cmd(":FORM:BORD NORM");
	len = raw_query(":FETC:ARR:CURR? (@2)", buf, sizeof(buf));
	check_block(buf, len, 4, false);
	/* The exact IEEE 754 encoding of 1.0 in a block: 3F F0 00 .. 00. */
	cmd(":FORM REAL,64;:FORM:ELEM:SENS SOUR");
	len = raw_query(":FETC:ARR? (@2)", buf, sizeof(buf));
	assert_memory_equal(buf + 4 + 10 * 8, "\x3f\xf0\0\0\0\0\0\0", 8);
	expect_err(0);
	wbg_vbench_free(bench);
}

static double qnum(const char *q)
{
	char r[256];

	assert_int_equal(wbg_vinstr_query(vi, q, r, sizeof(r)), WBG_OK);
	return strtod(r, NULL);
}

/*
 * Pulse mode on channel 2 into the 1 kOhm DUT: base 0 A, peak 1 mA, width
 * 1 ms, measured over its second half (acquire delay 0.5 ms, aperture
 * 0.5 ms). Expected: Ohm's law at the peak (1 V, 1 mA, noise 20 ppm), the
 * virtual clock advanced by exactly the width (the timing rule of
 * b29xx_acq.c), the base level after the pulse, -221 for a measurement
 * that would outlast the pulse, -222 for a width under 50 us.
 */
static void test_pulse(void **state)
{
	char r[256];
	double t0, v, i;

	(void)state;
	open_inst("B2902A", "none,drain");
	qstr(":SOUR2:FUNC:SHAP?", "DC");
	cmd(":SOUR2:FUNC:MODE CURR;:SOUR2:CURR:MODE FIX;:SENS2:VOLT:PROT 5;:SOUR2:CURR 0;"
	    ":SOUR2:CURR:TRIG 1e-3;:SOUR2:FUNC:SHAP PULS;:SOUR2:PULS:DEL 0;:SOUR2:PULS:WIDT 1e-3;"
	    ":SENS2:VOLT:APER 5e-4;:TRIG2:TRAN:DEL 0;:TRIG2:ACQ:DEL 5e-4;:TRIG2:COUN 1");
	qstr(":SOUR2:FUNC:SHAP?", "PULS");
	assert_double_near(qnum(":SOUR2:PULS:WIDT?"), 1e-3, 1e-9, 0);
	assert_double_near(qnum(":SOUR2:CURR:TRIG?"), 1e-3, 1e-9, 0);
	/* Aperture 0.5 ms = 0.03 PLC at 60 Hz. */
	assert_double_near(qnum(":SENS2:CURR:NPLC?"), 0.03, 1e-9, 0);
	t0 = wbg_vbench_time(bench);
	cmd(":INIT (@2)");
	assert_double_near(wbg_vbench_time(bench) - t0, 1e-3, 1e-12, 0);
	assert_int_equal(wbg_vinstr_query(vi, ":FORM:ELEM:SENS VOLT,CURR,SOUR;:FETC:ARR? (@2)", r,
	                                  sizeof(r)),
	                 WBG_OK);
	{
		char *p = r;
		v = strtod(p, &p);
		assert_true(*p == ',');
		i = strtod(p + 1, &p);
		assert_true(*p == ',');
		assert_double_near(strtod(p + 1, NULL), 1e-3, 1e-9, 0);
	}
	/* 20 ppm/sqrt(0.03 PLC) noise: within 1e-3 relative. */
	assert_double_near(v, 1.0, 1e-3, 0);
	assert_double_near(i, 1e-3, 1e-3, 0);
	/* After the pulse the output is back at the base, 0 A: 0 V. */
	assert_double_near(qnum(":MEAS:VOLT? (@2)"), 0.0, 0, 1e-4);
	expect_err(0);
	cmd(":TRIG2:ACQ:DEL 9e-4");
	cmd(":INIT (@2)");
	expect_err(-221);
	cmd(":SOUR2:PULS:WIDT 1e-5");
	expect_err(-222);
	cmd("*RST");
	qstr(":SOUR2:FUNC:SHAP?", "DC");
	wbg_vbench_free(bench);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_idn_errors_channels),
		cmocka_unit_test(test_sweep_ascii_and_time),
		cmocka_unit_test(test_binary_blocks),
		cmocka_unit_test(test_pulse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
