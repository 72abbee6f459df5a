/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The measurement test fixture (meas_fixture.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "meas_fixture.h"
#include "wbg_test.h"

void meas_fx_open(struct meas_fx *f, const char *dut, uint64_t seed)
{
	memset(f, 0, sizeof(*f));
	assert_int_equal(wbg_ctx_new(&f->ctx), WBG_OK);
	assert_int_equal(wbg_vbench_new(&f->vb, dut, seed, f->ctx), WBG_OK);
	wbg_vbench_attach(f->ctx, f->vb);
	assert_int_equal(wbg_vbench_add(&f->vg, f->vb, "gate", "2450", "gate", f->ctx), WBG_OK);
	assert_int_equal(wbg_vbench_add(&f->vd, f->vb, "drain", "2470", "drain", f->ctx), WBG_OK);
	assert_int_equal(wbg_instr_open(&f->ig, "SIM::gate", f->ctx), WBG_OK);
	assert_int_equal(wbg_instr_open(&f->id, "SIM::drain", f->ctx), WBG_OK);
	assert_int_equal(wbg_smu_open(&f->sg, f->ig, NULL, 1, f->ctx), WBG_OK);
	assert_int_equal(wbg_smu_open(&f->sd, f->id, NULL, 1, f->ctx), WBG_OK);
	assert_string_equal(wbg_smu_model(f->sg), "2450");
	assert_string_equal(wbg_smu_model(f->sd), "2470");
	assert_int_equal(wbg_meas_new(&f->m, f->ctx), WBG_OK);
	assert_int_equal(wbg_meas_set_smu(f->m, "gate", f->sg), WBG_OK);
	assert_int_equal(wbg_meas_set_smu(f->m, "drain", f->sd), WBG_OK);
}

void meas_fx_close(struct meas_fx *f)
{
	wbg_meas_free(f->m);
	wbg_smu_free(f->sg);
	wbg_smu_free(f->sd);
	wbg_instr_close(f->ig);
	wbg_instr_close(f->id);
	wbg_vbench_attach(f->ctx, NULL);
	wbg_vbench_free(f->vb);
	wbg_ctx_free(f->ctx);
}

double meas_vq(wbg_vinstr *vi, const char *q)
{
	char buf[128];

	assert_int_equal(wbg_vinstr_query(vi, q, buf, sizeof(buf)), WBG_OK);
	return strtod(buf, NULL);
}

void meas_assert_off(wbg_vinstr *vi)
{
	assert_double_near(meas_vq(vi, ":OUTP?"), 0.0, 0.0, 0);
	assert_double_near(meas_vq(vi, ":SOUR:VOLT?"), 0.0, 0.0, 0);
}
