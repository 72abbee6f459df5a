/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Every SMU driver against its virtual instrument on a 1 kOhm DUT (Ohm's
 * law): chosen from *IDN?, a spot reading with its uncertainty (NaN for
 * the 2460, whose published tables could not be read and are not encoded:
 * instruments/drivers/keithley-24xx/accuracy.c), an instrument-side sweep read
 * back in one transfer, a current source, and the safe state.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wbg/wbg.h"
#include "wbg_test.h"

static void one_model(const char *model, const char *outp_query)
{
	wbg_ctx *ctx;
	wbg_vbench *vb;
	wbg_vinstr *vi;
	wbg_instr *in;
	wbg_smu *s;
	wbg_smu_reading r, sw[11];
	unsigned long before;
	char buf[64];

	assert_int_equal(wbg_ctx_new(&ctx), WBG_OK);
	assert_int_equal(wbg_vbench_new(&vb, "r1k", 3, ctx), WBG_OK);
	wbg_vbench_attach(ctx, vb);
	assert_int_equal(wbg_vbench_add(&vi, vb, "smu", model, strcmp(model, "B2902A") ? "drain"
	                                                                              : "drain,gate",
	                                ctx),
	                 WBG_OK);
	assert_int_equal(wbg_instr_open(&in, "SIM::smu", ctx), WBG_OK);
	assert_int_equal(wbg_smu_open(&s, in, NULL, 1, ctx), WBG_OK);
	assert_string_equal(wbg_smu_model(s), model);
	assert_int_equal(wbg_smu_source(s, WBG_SMU_SOURCE_V, 0.5, 0.01), WBG_OK);
	assert_int_equal(wbg_smu_output(s, true), WBG_OK);
	assert_int_equal(wbg_smu_measure(s, &r), WBG_OK);
	assert_double_near(r.i, 0.5e-3, 1e-3, 0);
	assert_false(r.compliance);
	if (strcmp(model, "2460") == 0)
		assert_true(isnan(r.u_i));
	else
		assert_true(r.u_i > 0 && r.u_i < 1e-6);
	/* Current source: 1 mA into 1 kOhm reads 1 V. */
	assert_int_equal(wbg_smu_source(s, WBG_SMU_SOURCE_I, 1e-3, 5.0), WBG_OK);
	assert_int_equal(wbg_smu_measure(s, &r), WBG_OK);
	assert_double_near(r.v, 1.0, 1e-3, 0);
	/* Instrument-side sweep 0..1 V: one buffer read, a few transactions. */
	before = wbg_smu_transactions(s);
	assert_int_equal(wbg_smu_sweep(s, sw, WBG_SMU_SOURCE_V, 0, 1, 11, 0.01, 0), WBG_OK);
	assert_true(wbg_smu_transactions(s) - before <= 5);
	assert_double_near(sw[10].i, 1e-3, 1e-3, 0);
	assert_double_near(sw[5].i, 0.5e-3, 1e-3, 0);
	/* The 2400 series read that buffer as a binary64 "#0" block and set
	 * the format back to ASCII in the same message (2450-901-01:
	 * :FORM:DATA, *RST default ASC); only the B2900 has a pulse mode. */
	if (model[0] == '2') {
		assert_int_equal(wbg_vinstr_query(vi, ":FORM:DATA?", buf, sizeof(buf)), WBG_OK);
		assert_string_equal(buf, "ASC");
		assert_false(wbg_smu_can_pulse(s));
		assert_int_equal(wbg_smu_pulse(s, &r, WBG_SMU_SOURCE_I, 0, 1e-3, 5.0, 1e-3),
		                 WBG_ERR_NOT_SUPPORTED);
	} else {
		assert_true(wbg_smu_can_pulse(s));
	}
	/* A limit reached is flagged: 1 V on 1 kOhm with a 0.5 mA limit. */
	assert_int_equal(wbg_smu_source(s, WBG_SMU_SOURCE_V, 1.0, 0.5e-3), WBG_OK);
	assert_int_equal(wbg_smu_output(s, true), WBG_OK);
	assert_int_equal(wbg_smu_measure(s, &r), WBG_OK);
	assert_true(r.compliance);
	assert_int_equal(wbg_smu_off(s), WBG_OK);
	assert_int_equal(wbg_vinstr_query(vi, outp_query, buf, sizeof(buf)), WBG_OK);
	assert_string_equal(buf, "0");
	wbg_smu_free(s);
	wbg_instr_close(in);
	wbg_vbench_attach(ctx, NULL);
	wbg_vbench_free(vb);
	wbg_ctx_free(ctx);
}

static void test_2450(void **state)
{
	(void)state;
	one_model("2450", ":OUTP?");
}

static void test_2460(void **state)
{
	(void)state;
	one_model("2460", ":OUTP?");
}

static void test_2470(void **state)
{
	(void)state;
	one_model("2470", ":OUTP?");
}

static void test_b2901a(void **state)
{
	(void)state;
	one_model("B2901A", ":OUTP1?");
}

static void test_b2902a(void **state)
{
	(void)state;
	one_model("B2902A", ":OUTP1?");
}

/* Not an SMU, or no such channel: refused with the list of drivers. */
static void test_refusals(void **state)
{
	wbg_ctx *ctx;
	wbg_instr *in;
	wbg_smu *s = NULL;

	(void)state;
	assert_int_equal(wbg_ctx_new(&ctx), WBG_OK);
	assert_int_equal(wbg_instr_open(&in, "SIM::E4980A::r1k", ctx), WBG_OK);
	assert_int_equal(wbg_smu_open(&s, in, NULL, 1, ctx), WBG_ERR_NOT_SUPPORTED);
	assert_non_null(strstr(wbg_ctx_errmsg(ctx), "B2902A"));
	assert_int_equal(wbg_smu_open(&s, in, "2450", 2, ctx), WBG_ERR_RANGE);
	assert_null(s);
	wbg_instr_close(in);
	wbg_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_2450),   cmocka_unit_test(test_2460),
		cmocka_unit_test(test_2470),   cmocka_unit_test(test_b2901a),
		cmocka_unit_test(test_b2902a), cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
