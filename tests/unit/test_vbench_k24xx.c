/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * SCPI conformance of the simulated Keithley 2450/2460/2470: good and bad
 * commands, the error queue, compliance, sweeps, buffer and virtual time.
 * Expected values are closed forms (Ohm's law on the 1 kOhm DUT, the
 * timing rules in k24xx.c) and the SCPI-99 error numbers.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wbg/wbg.h"
#include "wbg_test.h"

struct fix {
	wbg_vbench *b;
	wbg_vinstr *vi;
};

static void open_inst(struct fix *f, const char *model, const char *dut)
{
	assert_int_equal(wbg_vbench_new(&f->b, dut, 42, NULL), WBG_OK);
	assert_int_equal(wbg_vbench_add(&f->vi, f->b, NULL, model, "drain", NULL), WBG_OK);
}

static void cmd(struct fix *f, const char *c)
{
	assert_int_equal(wbg_vinstr_query(f->vi, c, NULL, 0), WBG_OK);
}

static double qnum(struct fix *f, const char *q)
{
	char r[256];

	assert_int_equal(wbg_vinstr_query(f->vi, q, r, sizeof(r)), WBG_OK);
	return strtod(r, NULL);
}

static void qstr(struct fix *f, const char *q, const char *expect)
{
	char r[4096];

	assert_int_equal(wbg_vinstr_query(f->vi, q, r, sizeof(r)), WBG_OK);
	assert_string_equal(r, expect);
}

/* The next error must be @p code (SCPI-99 vol. 2, 21.8). */
static void expect_err(struct fix *f, int code)
{
	char r[256];

	assert_int_equal(wbg_vinstr_query(f->vi, ":SYST:ERR?", r, sizeof(r)), WBG_OK);
	if (atoi(r) != code) {
		print_error("error queue gave '%s', expected %d\n", r, code);
		fail();
	}
}

static void test_idn_rst_errors(void **state)
{
	struct fix f;

	(void)state;
	open_inst(&f, "2450", "r1k");
	qstr(&f, "*IDN?", "KEITHLEY INSTRUMENTS,MODEL 2450,04512450,1.7.12b");
	qstr(&f, ":SYST:ERR?", "0,\"No error\"");
	cmd(&f, "FOO:BAR 1");
	cmd(&f, ":SOUR:VOLT abc");
	cmd(&f, ":SOUR:VOLT 300"); /* 2450 sources at most 210 V */
	cmd(&f, ":SOUR:VOLT");     /* missing parameter */
	cmd(&f, ":OUTP 1,2");      /* one parameter too many */
	cmd(&f, ":SOUR:VOLT 1 V;;"); /* suffix garbage */
	cmd(&f, ":SOUR:FUNC BANANA");
	cmd(&f, ":SOUR2:VOLT 1"); /* one channel only */
	assert_double_exact(qnum(&f, ":SYST:ERR:COUN?"), 8);
	/* STB: EAV (bit 2); ESR: CME (bit 5) and EXE (bit 4), PON (bit 7). */
	assert_int_equal(wbg_vinstr_stb(f.vi) & 0x04, 0x04);
	expect_err(&f, -113);
	expect_err(&f, -104);
	expect_err(&f, -222);
	expect_err(&f, -109);
	expect_err(&f, -108);
	expect_err(&f, -104);
	expect_err(&f, -224);
	expect_err(&f, -114);
	expect_err(&f, 0);
	assert_double_exact(qnum(&f, "*ESR?"), 0x80 | 0x20 | 0x10);
	assert_double_exact(qnum(&f, "*ESR?"), 0); /* reading clears it */
	/* *RST restores the reset state (2450 manual: ILIM 105 µA, VOLT 0, output off). */
	cmd(&f, ":SOUR:VOLT 5;:SOUR:VOLT:ILIM 0.01;:OUTP ON");
	cmd(&f, "*RST");
	assert_double_exact(qnum(&f, ":SOUR:VOLT?"), 0.0);
	assert_double_near(qnum(&f, ":SOUR:VOLT:ILIM?"), 105e-6, 1e-12, 0);
	assert_double_exact(qnum(&f, ":OUTP?"), 0);
	qstr(&f, ":SOUR:FUNC?", "VOLT");
	wbg_vbench_free(f.b);
}

static void test_ohms_law_and_compliance(void **state)
{
	struct fix f;

	(void)state;
	open_inst(&f, "2450", "r1k");
	/* Long and short forms, any case, optional nodes. */
	cmd(&f, "*RST;:source:function voltage;:SOURce:VOLTage:LEVel:IMMediate:AMPLitude 2");
	cmd(&f, ":sour:volt:ilim 0.1;:outp on;:sens:func \"CURR\";:SENS:CURR:NPLC 10");
	/* 2 V across 1 kOhm: 2 mA (noise ~20 ppm). */
	assert_double_near(qnum(&f, ":READ?"), 2e-3, 2e-4, 0);
	assert_double_near(qnum(&f, ":MEAS:VOLT?"), 2.0, 2e-4, 0);
	assert_double_exact(qnum(&f, ":SOUR:VOLT:ILIM:TRIP?"), 0);
	/* 10 V with a 1 mA limit: the source backs off to 1 V (1 mA in 1 kOhm). */
	cmd(&f, ":SOUR:VOLT:ILIM 1e-3;:SOUR:VOLT 10");
	assert_double_near(qnum(&f, ":MEAS:CURR?"), 1e-3, 2e-4, 0);
	assert_double_exact(qnum(&f, ":SOUR:VOLT:ILIM:TRIP?"), 1);
	assert_double_near(qnum(&f, ":MEAS:VOLT?"), 1.0, 1e-3, 0);
	/* Current source with a voltage limit: 5 mA would need 5 V, VLIM 2 V. */
	cmd(&f, ":SOUR:FUNC CURR;:SOUR:CURR:VLIM 2;:SOUR:CURR 5e-3");
	assert_double_near(qnum(&f, ":MEAS:VOLT?"), 2.0, 1e-3, 0);
	assert_double_exact(qnum(&f, ":SOUR:CURR:VLIM:TRIP?"), 1);
	cmd(&f, ":SOUR:CURR 1e-3");
	assert_double_near(qnum(&f, ":MEAS:VOLT?"), 1.0, 1e-3, 0);
	/* Measure ranges (2450: 10 nA .. 1 A in decades): autorange picks
	 * the 1 mA range for 1 mA (5 % over-range)... */
	cmd(&f, ":SENS:FUNC \"CURR\"");
	assert_double_near(qnum(&f, ":READ?"), 1e-3, 2e-4, 0);
	assert_double_near(qnum(&f, ":SENS:CURR:RANG?"), 1e-3, 1e-12, 0);
	/* ... a fixed range rounds up to the next range, and overflows. */
	cmd(&f, ":SENS:CURR:RANG 5e-6");
	assert_double_near(qnum(&f, ":SENS:CURR:RANG?"), 10e-6, 1e-12, 0);
	assert_double_exact(qnum(&f, ":SENS:CURR:RANG:AUTO?"), 0);
	assert_double_exact(qnum(&f, ":READ?"), 9.9e37);
	cmd(&f, ":SENS:CURR:RANG:AUTO ON");
	assert_double_near(qnum(&f, ":READ?"), 1e-3, 2e-4, 0);
	cmd(&f, ":SENS:CURR:RANG 2");
	expect_err(&f, -222);
	/* Compound header: after SOUR:CURR:VLIM the path is SOUR:CURR. */
	cmd(&f, ":SOUR:CURR:VLIM 3;LEV 2e-3");
	assert_double_near(qnum(&f, ":SOUR:CURR?"), 2e-3, 1e-12, 0);
	expect_err(&f, 0);
	wbg_vbench_free(f.b);
}

static void test_2470_envelope(void **state)
{
	struct fix f;

	(void)state;
	open_inst(&f, "2470", "open");
	qstr(&f, "*IDN?", "KEITHLEY INSTRUMENTS,MODEL 2470,04512470,1.7.12b");
	cmd(&f, ":SOUR:VOLT:ILIM 1e-3;:SOUR:VOLT 1100");
	assert_double_exact(qnum(&f, ":SOUR:VOLT?"), 1100.0);
	expect_err(&f, 0);
	cmd(&f, ":SOUR:VOLT 1101"); /* beyond the 2470's span */
	expect_err(&f, -222);
	cmd(&f, ":SOUR:VOLT:ILIM 0.1"); /* 100 mA at 1100 V: outside the envelope */
	expect_err(&f, -221);
	/* A fixed 20 V source range refuses 100 V. */
	cmd(&f, ":SOUR:VOLT 10;:SOUR:VOLT:RANG 20;:SOUR:VOLT 100");
	expect_err(&f, -221);
	wbg_vbench_free(f.b);
	/* The 2450 refuses 1100 V. */
	open_inst(&f, "2450", "open");
	cmd(&f, ":SOUR:VOLT 1100");
	expect_err(&f, -222);
	wbg_vbench_free(f.b);
}

static void test_sweep_buffer_time(void **state)
{
	struct fix f;
	char r[4096];
	double t0, t1;

	(void)state;
	open_inst(&f, "2450", "r1k");
	cmd(&f, "*RST;:SENS:FUNC \"CURR\";:SOUR:VOLT:ILIM 0.1;:TRAC:CLE");
	t0 = wbg_vbench_time(f.b);
	cmd(&f, ":SOUR:SWE:VOLT:LIN 0,10,11,0.01");
	cmd(&f, ":INIT;*WAI");
	t1 = wbg_vbench_time(f.b);
	/* 11 points x (10 ms delay + 2 x 1 PLC at 60 Hz (autozero) + 0.2 ms). */
	assert_double_near(t1 - t0, 11 * (0.01 + 2.0 / 60 + 2e-4), 1e-9, 0);
	assert_double_exact(qnum(&f, ":TRAC:ACT?"), 11);
	assert_int_equal(wbg_vinstr_query(f.vi, ":TRAC:DATA? 1,11,\"defbuffer1\",SOUR,READ", r,
	                                  sizeof(r)),
	                 WBG_OK);
	{
		char *p = r;
		int k;
		for (k = 0; k <= 10; k++) {
			double v = strtod(p, &p), i;
			assert_true(*p == ',');
			i = strtod(p + 1, &p);
			assert_double_near(v, k, 1e-4, 2e-5);
			assert_double_near(i, k * 1e-3, 1e-4, 1e-10);
			if (k < 10)
				assert_true(*p++ == ',');
		}
		assert_true(*p == '\0');
	}
	cmd(&f, ":TRAC:DATA? 5,12");
	expect_err(&f, -222);
	cmd(&f, ":TRAC:DATA? 1,2,\"nobuffer\"");
	expect_err(&f, -224);
	/* A sweep into compliance stops (failAbort default ON). */
	cmd(&f, ":TRAC:CLE;:SOUR:VOLT:ILIM 4.5e-3;:SOUR:SWE:VOLT:LIN 0,10,11");
	cmd(&f, ":INIT");
	assert_double_exact(qnum(&f, ":TRAC:ACT?"), 6); /* 0..5 V: 5 mA > 4.5 mA at 5 V */
	/* Dual sweep of 3 points, twice: 12 readings. */
	cmd(&f, ":TRAC:CLE;:SOUR:VOLT:ILIM 0.1;:SOUR:SWE:VOLT:LIN 0,1,3,0,2,BEST,OFF,ON");
	cmd(&f, ":INIT");
	assert_double_exact(qnum(&f, ":TRAC:ACT?"), 12);
	/* A 3-point buffer keeps the newest three (fill-continuous); REL counts
	 * from the oldest kept reading: 2 PLC + 0.2 ms + 1 ms delay per step. */
	cmd(&f, ":TRAC:POIN 3;:SOUR:SWE:VOLT:LIN 1,5,5,0.001;:INIT");
	assert_double_exact(qnum(&f, ":TRAC:ACT?"), 3);
	/* SOUR is the measured source value (readback on): 3, 4, 5 V. */
	assert_double_near(qnum(&f, ":TRAC:DATA? 1,1,\"defbuffer1\",SOUR"), 3.0, 1e-4, 0);
	assert_double_near(qnum(&f, ":TRAC:DATA? 3,3,\"defbuffer1\",SOUR"), 5.0, 1e-4, 0);
	assert_double_near(qnum(&f, ":TRAC:DATA? 3,3,\"defbuffer1\",REL"), 2 * (0.001 + 2.0 / 60 + 2e-4),
	                   1e-6, 0);
	wbg_vbench_free(f.b);
}

static void test_query_protocol(void **state)
{
	struct fix f;
	uint8_t buf[64];
	size_t n;
	bool end;
	char r[256];

	(void)state;
	open_inst(&f, "2460", "open");
	/* Reading with nothing queued: timeout and -420. */
	assert_int_equal(wbg_vinstr_read(f.vi, buf, sizeof(buf), &n, &end), WBG_ERR_TIMEOUT);
	assert_int_equal((int)n, 0);
	expect_err(&f, -420);
	/* A new message while a response is unread: -410, response dropped. */
	assert_int_equal(wbg_vinstr_write(f.vi, (const uint8_t *)"*IDN?\n", 6, true), WBG_OK);
	assert_int_equal(wbg_vinstr_stb(f.vi) & 0x10, 0x10); /* MAV */
	expect_err(&f, -410);
	/* Two queries in one message: one response, ';'-separated. */
	assert_int_equal(wbg_vinstr_query(f.vi, "*OPC?;:OUTP?", r, sizeof(r)), WBG_OK);
	assert_string_equal(r, "1;0");
	/* Partial reads keep the rest; end comes with the newline. */
	assert_int_equal((int)wbg_vinstr_pending(f.vi), 0);
	assert_int_equal(wbg_vinstr_write(f.vi, (const uint8_t *)"*IDN?", 5, true), WBG_OK);
	/* "KEITHLEY INSTRUMENTS,MODEL 2460,04512460,1.7.12b\n": 49 bytes */
	assert_int_equal((int)wbg_vinstr_pending(f.vi), 49);
	assert_int_equal(wbg_vinstr_read(f.vi, buf, 10, &n, &end), WBG_OK);
	assert_int_equal((int)n, 10);
	assert_false(end);
	assert_int_equal((int)wbg_vinstr_pending(f.vi), 39);
	assert_int_equal(wbg_vinstr_read(f.vi, buf, sizeof(buf), &n, &end), WBG_OK);
	assert_true(end);
	assert_int_equal(buf[n - 1], '\n');
	/* A message in pieces: executed when it ends. */
	assert_int_equal(wbg_vinstr_write(f.vi, (const uint8_t *)":SOUR:VOLT ", 11, false), WBG_OK);
	assert_int_equal(wbg_vinstr_write(f.vi, (const uint8_t *)"3.5", 3, true), WBG_OK);
	assert_double_exact(qnum(&f, ":SOUR:VOLT?"), 3.5);
	/* Device clear drops a pending response, keeps the error queue. */
	cmd(&f, "NOPE");
	assert_int_equal(wbg_vinstr_write(f.vi, (const uint8_t *)"*IDN?", 5, true), WBG_OK);
	wbg_vinstr_clear(f.vi);
	assert_int_equal(wbg_vinstr_stb(f.vi) & 0x10, 0);
	expect_err(&f, -113);
	/* Error queue overflow: the last entry becomes -350. */
	{
		int k;
		for (k = 0; k < 40; k++)
			cmd(&f, "NOPE");
		assert_double_exact(qnum(&f, ":SYST:ERR:COUN?"), 32);
		for (k = 0; k < 31; k++)
			expect_err(&f, -113);
		expect_err(&f, -350);
		expect_err(&f, 0);
	}
	/* Common command with a parameter it does not take. */
	cmd(&f, "*RST 1");
	expect_err(&f, -108);
	cmd(&f, "*CLS");
	expect_err(&f, 0);
	wbg_vbench_free(f.b);
}

/* An IEEE 754 binary64 stored least significant byte first. */
static double le64(const uint8_t *p)
{
	uint64_t u = 0;
	double d;
	int j;

	for (j = 7; j >= 0; j--)
		u = (u << 8) | p[j];
	memcpy(&d, &u, 8);
	return d;
}

static size_t raw_query(struct fix *f, const char *q, uint8_t *buf, size_t cap)
{
	size_t len = 0, n;
	bool end = false;

	assert_int_equal(wbg_vinstr_write(f->vi, (const uint8_t *)q, strlen(q), true), WBG_OK);
	while (!end) {
		assert_int_equal(wbg_vinstr_read(f->vi, buf + len, cap - len, &n, &end), WBG_OK);
		len += n;
		assert_true(len < cap || end);
	}
	return len;
}

/*
 * :FORMat[:DATA] ASCii|REAL|SREal and :FORMat:BORDer NORMal|SWAPped
 * (2450-901-01 Rev. B, pp. 6-29/6-30): *RST gives ASC and SWAP; binary
 * replies are "#0" + IEEE 754 values + newline. Expected bytes: the
 * IEEE 754 encodings of 1.0 (binary64 3FF0000000000000, binary32 3F800000)
 * and 2.0 (4000000000000000), swapped = least significant byte first.
 */
static void test_binary_format(void **state)
{
	struct fix f;
	uint8_t buf[256];
	size_t len;

	(void)state;
	open_inst(&f, "2450", "r1k");
	qstr(&f, ":FORM?;:FORM:BORD?", "ASC;SWAP");
	cmd(&f, ":SOUR:VOLT:ILIM 0.1;:SOUR:SWE:VOLT:LIN 0,2,3,0.01;:INIT;*WAI");
	cmd(&f, ":FORM:DATA REAL");
	qstr(&f, ":FORM?", "REAL");
	len = raw_query(&f, ":TRAC:DATA? 1,3,\"defbuffer1\",SOUR,REL", buf, sizeof(buf));
	assert_int_equal((int)len, 2 + 6 * 8 + 1);
	assert_memory_equal(buf, "#0", 2);
	/* The source read back is near 0, 1, 2 V (measured, within 1e-4);
	 * the first relative time is exactly 0: all-zero bytes. */
	assert_double_near(le64(buf + 2), 0.0, 0, 1e-3);
	assert_memory_equal(buf + 10, "\0\0\0\0\0\0\0\0", 8);
	assert_double_near(le64(buf + 18), 1.0, 1e-4, 0);
	assert_double_near(le64(buf + 34), 2.0, 1e-4, 0);
	assert_int_equal(buf[50], '\n');
	/* The REL of point 2: delay 10 ms + 2 PLC at 60 Hz + 0.2 ms (the
	 * timing rule in k24xx.c). */
	assert_double_near(le64(buf + 26), 0.01 + 2.0 / 60 + 2e-4, 1e-12, 0);
	{
		uint8_t swapped[8];
		size_t j;
		memcpy(swapped, buf + 18, 8);
		cmd(&f, ":FORM:BORD NORM");
		len = raw_query(&f, ":TRAC:DATA? 2,2,\"defbuffer1\",SOUR", buf, sizeof(buf));
		assert_int_equal((int)len, 2 + 8 + 1);
		for (j = 0; j < 8; j++)
			assert_int_equal(buf[2 + j], swapped[7 - j]);
	}
	/* SREal: binary32, big-endian here; 1.0f is 3F 80 00 00, so near 1 V
	 * the first two bytes are 3F 7F or 3F 80. */
	cmd(&f, ":FORM SRE");
	len = raw_query(&f, ":TRAC:DATA? 2,2,\"defbuffer1\",SOUR", buf, sizeof(buf));
	assert_int_equal((int)len, 2 + 4 + 1);
	assert_int_equal(buf[2], 0x3f);
	assert_true(buf[3] == 0x7f || buf[3] == 0x80);
	/* :READ? too: reading and source, 16 bytes. */
	len = raw_query(&f, ":FORM REAL;:READ? \"defbuffer1\",READ,SOUR", buf, sizeof(buf));
	assert_int_equal((int)len, 2 + 16 + 1);
	/* No length parameter on this model; other queries stay ASCII. */
	cmd(&f, ":FORM REAL,64");
	expect_err(&f, -108);
	qstr(&f, ":TRAC:ACT?", "4");
	/* ASCii restores the text reply; *RST restores ASC and SWAP. */
	cmd(&f, ":FORM ASC");
	assert_double_near(qnum(&f, ":TRAC:DATA? 3,3,\"defbuffer1\",SOUR"), 2.0, 1e-4, 0);
	cmd(&f, ":FORM REAL;:FORM:BORD NORM;*RST");
	qstr(&f, ":FORM?;:FORM:BORD?", "ASC;SWAP");
	expect_err(&f, 0);
	wbg_vbench_free(f.b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_idn_rst_errors),
		cmocka_unit_test(test_ohms_law_and_compliance),
		cmocka_unit_test(test_2470_envelope),
		cmocka_unit_test(test_sweep_buffer_time),
		cmocka_unit_test(test_query_protocol),
		cmocka_unit_test(test_binary_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
