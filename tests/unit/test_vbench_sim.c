/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The in-process transport for SIM:: resources: the byte pipe, errors,
 * and several resources sharing one bench through the context.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "../../instruments/transport.h"
#include "wbg/wbg.h"
#include "wbg_test.h"

static void send(wbgi_transport *t, const char *s)
{
	assert_int_equal(t->ops->write(t, (const uint8_t *)s, strlen(s), 1.0), WBG_OK);
}

static void recv(wbgi_transport *t, char *buf, size_t cap)
{
	size_t n;
	bool end;

	assert_int_equal(t->ops->read(t, (uint8_t *)buf, cap - 1, &n, &end, 1.0), WBG_OK);
	assert_true(end);
	buf[n] = '\0';
}

static void test_private_bench(void **state)
{
	wbg_ctx *ctx;
	wbgi_transport *t;
	char buf[256];
	uint8_t stb;
	size_t n = 99;
	bool end = true;

	(void)state;
	assert_int_equal(wbg_ctx_new(&ctx), WBG_OK);
	assert_int_equal(wbgi_sim_open(&t, "2450", "r1k", ctx), WBG_OK);
	assert_string_equal(t->ops->name, "sim");
	send(t, "*IDN?\n");
	assert_int_equal(t->ops->read_stb(t, &stb), WBG_OK);
	assert_int_equal(stb & 0x10, 0x10); /* MAV */
	recv(t, buf, sizeof(buf));
	assert_string_equal(buf, "KEITHLEY INSTRUMENTS,MODEL 2450,04512450,1.7.12b\n");
	/* 1 V on the 1 kOhm DUT: 1 mA. */
	send(t, ":SOUR:VOLT 1;:SOUR:VOLT:ILIM 0.01;:OUTP ON;:MEAS:CURR?\n");
	recv(t, buf, sizeof(buf));
	assert_double_near(strtod(buf, NULL), 1e-3, 1e-3, 0);
	/* Nothing queued: a timeout, with partial length 0 reported. */
	assert_int_equal(t->ops->read(t, (uint8_t *)buf, sizeof(buf), &n, &end, 0.1),
	                 WBG_ERR_TIMEOUT);
	assert_int_equal((int)n, 0);
	assert_false(end);
	assert_non_null(strstr(wbg_ctx_errmsg(ctx), "no response queued"));
	/* ... and the instrument logged -420. */
	send(t, ":SYST:ERR?");
	recv(t, buf, sizeof(buf));
	assert_string_equal(buf, "-420,\"Query UNTERMINATED\"\n");
	/* Device clear drops the pending response. */
	send(t, "*IDN?");
	assert_int_equal(t->ops->clear(t), WBG_OK);
	assert_int_equal(t->ops->read_stb(t, &stb), WBG_OK);
	assert_int_equal(stb & 0x10, 0);
	t->ops->close(t);

	assert_int_equal(wbgi_sim_open(&t, "9999", NULL, ctx), WBG_ERR_NOT_FOUND);
	assert_non_null(strstr(wbg_ctx_errmsg(ctx), "no simulated instrument '9999'"));
	assert_int_equal(wbgi_sim_open(&t, "2450", "tube", ctx), WBG_ERR_NOT_FOUND);
	assert_non_null(strstr(wbg_ctx_errmsg(ctx), "unknown DUT 'tube'"));
	wbg_ctx_free(ctx);
}

static void test_shared_bench(void **state)
{
	wbg_ctx *ctx;
	wbg_vbench *b;
	wbg_vinstr *vi;
	wbgi_transport *tg, *td, *tx;
	char buf[256];
	double on, off;

	(void)state;
	assert_int_equal(wbg_ctx_new(&ctx), WBG_OK);
	assert_int_equal(wbg_vbench_new(&b, "sic-mosfet", 7, ctx), WBG_OK);
	assert_int_equal(wbg_vbench_add(&vi, b, "gate", "2450", "gate", ctx), WBG_OK);
	assert_int_equal(wbg_vbench_add(&vi, b, "drain", "2460", "drain", ctx), WBG_OK);
	/* A second instrument cannot drive the drain too. */
	assert_int_equal(wbg_vbench_add(&vi, b, "other", "2450", "drain", ctx), WBG_ERR_BUSY);
	wbg_vbench_attach(ctx, b);
	assert_ptr_equal(wbg_vbench_attached(ctx), b);
	wbg_vbench_free(b); /* the context keeps it alive */
	assert_int_equal(wbgi_sim_open(&tg, "gate", NULL, ctx), WBG_OK);
	assert_int_equal(wbgi_sim_open(&td, "drain", "sic-mosfet", ctx), WBG_OK);
	assert_int_equal(wbgi_sim_open(&tx, "drain", "gan-hemt", ctx), WBG_ERR_STATE);
	/* Unknown names on an attached bench are added with their default
	 * wiring, which here collides with the drain SMU. */
	assert_int_equal(wbgi_sim_open(&tx, "2470", NULL, ctx), WBG_ERR_BUSY);

	send(td, ":SOUR:VOLT:ILIM 7;:SOUR:VOLT 0.5;:OUTP ON");
	send(tg, ":SOUR:VOLT 18;:OUTP ON");
	send(td, ":MEAS:CURR?");
	recv(td, buf, sizeof(buf));
	on = strtod(buf, NULL);
	send(tg, ":SOUR:VOLT 0");
	send(td, ":MEAS:CURR?");
	recv(td, buf, sizeof(buf));
	off = strtod(buf, NULL);
	/* 0.5 V across ~80 mOhm: ~6 A on; off, the 5 nA-class leakage. */
	assert_double_near(on, 0.5 / 0.080, 0.1, 0);
	assert_true(fabs(off) < 1e-8);
	/* Detaching drops the context's reference; the transports keep theirs. */
	wbg_vbench_attach(ctx, NULL);
	assert_null(wbg_vbench_attached(ctx));
	send(tg, "*IDN?");
	recv(tg, buf, sizeof(buf));
	assert_string_equal(buf, "KEITHLEY INSTRUMENTS,MODEL 2450,04512450,1.7.12b\n");
	tg->ops->close(tg);
	td->ops->close(td);
	wbg_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_private_bench),
		cmocka_unit_test(test_shared_bench),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
