/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test fixture: a virtual bench with a 2450 on the gate and a 2470 on the
 * drain (SIM::gate, SIM::drain, drivers chosen from *IDN?), wired into a
 * measurement session. */
#ifndef WBG_TEST_MEAS_FIXTURE_H
#define WBG_TEST_MEAS_FIXTURE_H

#include <stdint.h>

#include "wbg/wbg.h"

struct meas_fx {
	wbg_ctx *ctx;
	wbg_vbench *vb;
	wbg_vinstr *vg, *vd;
	wbg_instr *ig, *id;
	wbg_smu *sg, *sd;
	wbg_meas *m;
};

void meas_fx_open(struct meas_fx *f, const char *dut, uint64_t seed);
void meas_fx_close(struct meas_fx *f);
/* A query answered directly by a virtual instrument, as a number. */
double meas_vq(wbg_vinstr *vi, const char *q);
/* Assert that an SMU's output is off at 0 V. */
void meas_assert_off(wbg_vinstr *vi);

#endif
