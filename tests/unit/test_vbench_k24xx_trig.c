/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The simulated 2450/2470 trigger model and digital I/O lines: the counter
 * branch example of the Model 2450 Reference Manual (2450-901-01,
 * :TRIGger:BLOCk:BRANch:COUNter: nested loops of 5 and 3 give 15
 * readings), a notify block pulsing a trigger-out line over a cable to a
 * second instrument waiting on its trigger-in line, the trigger model's
 * state, and the errors of commands outside the model.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wbg/wbg.h"
#include "wbg_test.h"

static void cmd(wbg_vinstr *vi, const char *c)
{
	assert_int_equal(wbg_vinstr_query(vi, c, NULL, 0), WBG_OK);
}

static double qnum(wbg_vinstr *vi, const char *q)
{
	char r[256];

	assert_int_equal(wbg_vinstr_query(vi, q, r, sizeof(r)), WBG_OK);
	return strtod(r, NULL);
}

static void qstr(wbg_vinstr *vi, const char *q, const char *expect)
{
	char r[256];

	assert_int_equal(wbg_vinstr_query(vi, q, r, sizeof(r)), WBG_OK);
	assert_string_equal(r, expect);
}

static void expect_err(wbg_vinstr *vi, int code)
{
	assert_int_equal((int)qnum(vi, ":SYST:ERR?"), code);
}

/* The manual's example: 5 readings per inner loop, the outer loop three
 * times with a 1 s delay each: 15 readings, and at least 3 s of virtual
 * time (plus 15 readings of 1 PLC with autozero: 2/60 s + 0.2 ms each, and
 * the first reading's 1 ms source delay). */
static void test_counter_example(void **state)
{
	wbg_vbench *b;
	wbg_vinstr *vi;
	double t0;

	(void)state;
	assert_int_equal(wbg_vbench_new(&b, "r1k", 5, NULL), WBG_OK);
	assert_int_equal(wbg_vbench_add(&vi, b, NULL, "2450", "drain", NULL), WBG_OK);
	cmd(vi, ":TRIG:LOAD \"EMPTY\"");
	cmd(vi, ":TRIG:BLOC:BUFF:CLEAR 1;:TRIG:BLOC:MEAS 2;:TRIG:BLOC:BRAN:COUN 3, 5, 2;"
	        ":TRIG:BLOC:DEL:CONS 4, 1;:TRIG:BLOC:BRAN:COUN 5, 3, 2");
	expect_err(vi, 0);
	t0 = wbg_vbench_time(b);
	cmd(vi, ":INIT");
	assert_double_near(qnum(vi, ":TRAC:ACT?"), 15.0, 0, 0);
	assert_double_near(wbg_vbench_time(b) - t0, 3.0 + 15 * (2.0 / 60 + 2e-4) + 1e-3, 1e-9, 0);
	qstr(vi, ":TRIG:STAT?", "IDLE;IDLE;6");
	/* A sweep command replaces the blocks: :INIT runs the sweep. */
	cmd(vi, ":TRAC:CLE;:SOUR:VOLT:ILIM 0.01;:SOUR:SWE:VOLT:LIN 0,1,3,0.001");
	cmd(vi, ":INIT");
	assert_double_near(qnum(vi, ":TRAC:ACT?"), 3.0, 0, 0);
	wbg_vbench_free(b);
}

/* Gate 2450 steps a source list and notifies line 1; a cable joins it to
 * line 2 of the drain 2470, which waits for each edge and measures. The
 * drain's readings follow the gate's steps one to one (1 kOhm DUT: the
 * drain current is Vds/1k whatever the gate; the gate's source readback
 * is the list's levels). */
static void test_cable(void **state)
{
	wbg_vbench *b;
	wbg_vinstr *g, *d;
	char r[512];

	(void)state;
	assert_int_equal(wbg_vbench_new(&b, "r1k", 5, NULL), WBG_OK);
	assert_int_equal(wbg_vbench_add(&g, b, "g", "2450", "gate", NULL), WBG_OK);
	assert_int_equal(wbg_vbench_add(&d, b, "d", "2470", "drain", NULL), WBG_OK);
	assert_int_equal(wbg_vbench_link(b, "g", 1, "d", 2, NULL), WBG_OK);
	assert_int_equal(wbg_vbench_link(b, "g", 1, "d", 3, NULL), WBG_ERR_BUSY);
	assert_int_equal(wbg_vbench_link(b, "g", 7, "d", 3, NULL), WBG_ERR_RANGE);
	assert_int_equal(wbg_vbench_link(b, "g", 2, "g", 3, NULL), WBG_ERR_INVALID_ARG);
	assert_int_equal(wbg_vbench_link(b, "g", 2, "x", 3, NULL), WBG_ERR_NOT_FOUND);
	cmd(g, ":SOUR:CONF:LIST:CRE \"L\";:SOUR:VOLT 1;:SOUR:CONF:LIST:STOR \"L\";"
	       ":SOUR:VOLT 2;:SOUR:CONF:LIST:STOR \"L\";:SOUR:VOLT 3;:SOUR:CONF:LIST:STOR \"L\"");
	assert_double_near(qnum(g, ":SOUR:CONF:LIST:SIZE? \"L\""), 3.0, 0, 0);
	cmd(g, ":DIG:LINE1:MODE TRIG,OUT;:TRIG:DIG1:OUT:STIM NOT1;:TRIG:LOAD \"Empty\";"
	       ":TRIG:BLOC:CONF:REC 1,\"L\";:TRIG:BLOC:NOT 2,1;:TRIG:BLOC:MEAS 3;"
	       ":TRIG:BLOC:CONF:NEXT 4,\"L\";:TRIG:BLOC:BRAN:COUN 5,3,2;:OUTP ON");
	expect_err(g, 0);
	qstr(g, ":DIG:LINE1:MODE?", "TRIG,OUT");
	qstr(g, ":TRIG:DIG1:OUT:STIM?", "NOT1");
	cmd(d, ":SOUR:VOLT 0.5;:SOUR:VOLT:ILIM 0.01;:OUTP ON;:DIG:LINE2:MODE TRIG,IN;"
	       ":TRIG:BLOC:BUFF:CLE 1;:TRIG:BLOC:WAIT 2,DIGIO2;:TRIG:BLOC:MEAS 3;"
	       ":TRIG:BLOC:BRAN:COUN 4,3,2");
	expect_err(d, 0);
	cmd(d, ":INIT");
	qstr(d, ":TRIG:STAT?", "WAITING;WAITING;2");
	assert_double_near(qnum(d, ":TRAC:ACT?"), 0.0, 0, 0);
	cmd(g, ":INIT");
	qstr(d, ":TRIG:STAT?", "IDLE;IDLE;5");
	assert_double_near(qnum(d, ":TRAC:ACT?"), 3.0, 0, 0);
	assert_double_near(qnum(g, ":TRAC:ACT?"), 3.0, 0, 0);
	/* 0.5 V over 1 kOhm: 0.5 mA at every point (noise 20 ppm). */
	assert_int_equal(wbg_vinstr_query(d, ":TRAC:DATA? 1,3,\"defbuffer1\",READ", r, sizeof(r)),
	                 WBG_OK);
	assert_double_near(strtod(r, NULL), 0.5e-3, 1e-3, 0);
	assert_double_near(strtod(strrchr(r, ',') + 1, NULL), 0.5e-3, 1e-3, 0);
	assert_int_equal(wbg_vinstr_query(g, ":TRAC:DATA? 1,3,\"defbuffer1\",SOUR", r, sizeof(r)),
	                 WBG_OK);
	assert_double_near(strtod(r, NULL), 1.0, 0, 1e-3);
	assert_double_near(strtod(strrchr(r, ',') + 1, NULL), 3.0, 0, 1e-3);
	/* Without a waiting drain, the gate's pulses are lost: the drain,
	 * armed again but on a line with no cable, keeps waiting until :ABOR. */
	cmd(d, ":DIG:LINE4:MODE TRIG,IN;:TRIG:BLOC:WAIT 2,DIG4");
	expect_err(d, 0);
	cmd(d, ":INIT");
	cmd(g, ":INIT");
	qstr(d, ":TRIG:STAT?", "WAITING;WAITING;2");
	assert_double_near(qnum(d, ":TRAC:ACT?"), 0.0, 0, 0);
	cmd(d, ":INIT");
	expect_err(d, -200); /* already running */
	cmd(d, ":TRIG:BLOC:MEAS 3");
	expect_err(d, -221); /* blocks are not changed while it runs */
	cmd(d, ":ABOR");
	qstr(d, ":TRIG:STAT?", "IDLE;IDLE;2");
	wbg_vbench_free(b);
}

/* Errors: lines 1..6, events the simulation does not model, lists. */
static void test_errors(void **state)
{
	wbg_vbench *b;
	wbg_vinstr *vi;

	(void)state;
	assert_int_equal(wbg_vbench_new(&b, "r1k", 5, NULL), WBG_OK);
	assert_int_equal(wbg_vbench_add(&vi, b, NULL, "2450", "drain", NULL), WBG_OK);
	cmd(vi, ":DIG:LINE7:MODE TRIG,OUT");
	expect_err(vi, -114);
	cmd(vi, ":SOUR2:VOLT 1");
	expect_err(vi, -114);
	cmd(vi, ":TRIG:BLOC:WAIT 2,TIM1");
	expect_err(vi, -224);
	cmd(vi, ":TRIG:BLOC:WAIT 2,DIG9");
	expect_err(vi, -224);
	cmd(vi, ":TRIG:DIG2:OUT:STIM NOT9");
	expect_err(vi, -224);
	cmd(vi, ":TRIG:BLOC:CONF:REC 2,\"NOLIST\"");
	expect_err(vi, -224);
	cmd(vi, ":TRIG:LOAD \"SimpleLoop\"");
	expect_err(vi, -224);
	cmd(vi, ":SOUR:CONF:LIST:CRE \"A\";:SOUR:CONF:LIST:CRE \"A\"");
	expect_err(vi, -221);
	/* A recall past the list's end stops the trigger model with -222. */
	cmd(vi, ":TRIG:BLOC:CONF:REC 1,\"A\",2;:INIT");
	expect_err(vi, -222);
	expect_err(vi, 0);
	wbg_vbench_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counter_example),
		cmocka_unit_test(test_cable),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
