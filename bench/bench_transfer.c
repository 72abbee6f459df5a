/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A 201-point transfer curve Id(Vgs) on the virtual bench, run on the
 * instrument (B2902A: gate on channel 1, drain on channel 2, one trigger per
 * point, each channel read back in one REAL,64 block) and, in the same run
 * on the same bench, point by point from the host; and point by point on a
 * 2450 gate + 2470 drain pair (no common trigger). Reports bus transactions,
 * virtual-clock time and host wall time.
 *
 * usage: bench/bench-transfer [POINTS]   (default 201)
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "wbg/wbg.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int one(const char *label, wbg_meas *m, wbg_vbench *vb, wbg_transfer_params *p,
               wbg_ctx *ctx)
{
	wbg_meas_result *r = NULL;
	double t0 = wbg_vbench_time(vb), w0 = now_s(), id;
	int rc = wbg_meas_transfer(&r, m, p);

	if (rc != WBG_OK) {
		fprintf(stderr, "bench-transfer: %s: %s\n", label, wbg_ctx_errmsg(ctx));
		return 1;
	}
	id = wbg_meas_result_find(r, "id")->values[p->points - 1];
	printf("%-34s %6lu transactions  %9.4f s virtual  %8.2f ms wall  (Id at %g V: %.4g A)\n",
	       label, wbg_meas_result_transactions(r), wbg_vbench_time(vb) - t0,
	       (now_s() - w0) * 1e3, p->vgs_stop_v, id);
	wbg_meas_result_free(r);
	return 0;
}

/* A 2450 on the gate and a 2470 on the drain on a fresh bench (seed 1),
 * with a trigger cable from line 1 to line 1 when @p cable. */
static int pair(const char *label, bool cable, wbg_transfer_params *p, wbg_ctx *ctx)
{
	wbg_vbench *vb = NULL;
	wbg_vinstr *vi;
	wbg_instr *gi = NULL, *di = NULL;
	wbg_smu *g = NULL, *d = NULL;
	wbg_meas *m = NULL;
	int fail = 1;

	if (wbg_vbench_new(&vb, "sic-mosfet", 1, ctx) != WBG_OK)
		return 1;
	wbg_vbench_attach(ctx, vb);
	if (wbg_vbench_add(&vi, vb, "g", "2450", "gate", ctx) != WBG_OK ||
	    wbg_vbench_add(&vi, vb, "d", "2470", "drain", ctx) != WBG_OK ||
	    (cable && wbg_vbench_link(vb, "g", 1, "d", 1, ctx) != WBG_OK) ||
	    wbg_instr_open(&gi, "SIM::g", ctx) != WBG_OK ||
	    wbg_instr_open(&di, "SIM::d", ctx) != WBG_OK ||
	    wbg_smu_open(&g, gi, NULL, 1, ctx) != WBG_OK ||
	    wbg_smu_open(&d, di, NULL, 1, ctx) != WBG_OK ||
	    (cable && wbg_smu_link(g, 1, d, 1) != WBG_OK) || wbg_meas_new(&m, ctx) != WBG_OK) {
		fprintf(stderr, "bench-transfer: %s\n", wbg_ctx_errmsg(ctx));
		goto out;
	}
	wbg_meas_set_smu(m, "gate", g);
	wbg_meas_set_smu(m, "drain", d);
	fail = one(label, m, vb, p, ctx);
out:
	wbg_meas_free(m);
	wbg_smu_free(g);
	wbg_smu_free(d);
	wbg_instr_close(gi);
	wbg_instr_close(di);
	wbg_vbench_attach(ctx, NULL);
	wbg_vbench_free(vb);
	return fail;
}

int main(int argc, char **argv)
{
	wbg_ctx *ctx;
	wbg_vbench *vb;
	wbg_vinstr *vi;
	wbg_instr *b29;
	wbg_smu *g, *d;
	wbg_meas *m;
	wbg_transfer_params p;
	int fail = 0;

	if (wbg_ctx_new(&ctx) != WBG_OK || wbg_vbench_new(&vb, "sic-mosfet", 1, ctx) != WBG_OK)
		return 1;
	wbg_vbench_attach(ctx, vb);
	if (wbg_vbench_add(&vi, vb, "b2902a", "B2902A", "gate,drain", ctx) != WBG_OK ||
	    wbg_instr_open(&b29, "SIM::b2902a", ctx) != WBG_OK ||
	    wbg_smu_open(&g, b29, NULL, 1, ctx) != WBG_OK ||
	    wbg_smu_open(&d, b29, NULL, 2, ctx) != WBG_OK || wbg_meas_new(&m, ctx) != WBG_OK) {
		fprintf(stderr, "bench-transfer: %s\n", wbg_ctx_errmsg(ctx));
		return 1;
	}
	wbg_meas_set_smu(m, "gate", g);
	wbg_meas_set_smu(m, "drain", d);
	wbg_transfer_params_default(&p);
	p.points = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 201;
	p.vds_v = 1.0;
	p.vgs_start_v = 0.0;
	p.vgs_stop_v = 3.0;
	p.id_limit_a = 0.1;
	p.nplc = 1.0;
	p.delay_s = 1e-3;
	printf("%zu-point transfer curve, Vgs 0..3 V, Vds 1 V, 1 PLC, 1 ms delay per point\n",
	       p.points);
	p.mode = WBG_SWEEP_INSTRUMENT;
	fail |= one("B2902A, on the instrument", m, vb, &p, ctx);
	p.mode = WBG_SWEEP_POINTS;
	fail |= one("B2902A, point by point", m, vb, &p, ctx);
	/* Two instruments: point by point, then with a trigger cable on a
	 * fresh bench of the same seed. */
	wbg_vbench_free(vb);
	wbg_meas_free(m);
	wbg_smu_free(g);
	wbg_smu_free(d);
	wbg_instr_close(b29);
	p.mode = WBG_SWEEP_AUTO;
	fail |= pair("2450 gate + 2470 drain, by point", false, &p, ctx);
	fail |= pair("2450 gate + 2470 drain, triggered", true, &p, ctx);
	wbg_vbench_attach(ctx, NULL);
	wbg_ctx_free(ctx);
	return fail;
}
