/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The in-process transport for SIM::<model>[::<dut>] resources: a byte
 * pipe straight into a virtual-bench instrument (instruments/vbench).
 *
 * With a bench attached to the context (wbg_vbench_attach), the resource
 * opens the instrument of that name on it (adding it with its default
 * wiring if absent), so separately opened resources share one DUT. Without
 * one, it gets a private bench holding the named DUT (seed 1).
 * Timeouts do not apply: the instrument answers at once in real time, and
 * reading with nothing queued fails with WBG_ERR_TIMEOUT immediately, as a
 * real instrument would after the timeout (it also queues -420).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "transport.h"
#include "vbench/vbench_int.h"
#include "wbg/error.h"
#include "wbg/vbench.h"

struct sim_transport {
	wbgi_transport base;
	wbg_vbench *bench; /* one reference */
	wbg_vinstr *vi;    /* owned by the bench */
};

static int sim_write(wbgi_transport *t, const uint8_t *data, size_t len, double timeout_s)
{
	struct sim_transport *s = (struct sim_transport *)t;
	int rc;

	(void)timeout_s;
	rc = wbg_vinstr_write(s->vi, data, len, true);
	if (rc == WBG_ERR_OVERFLOW)
		return wbg_ctx_error(t->ctx, rc,
		                     "SIM::%s: program message longer than 64 KiB refused by the "
		                     "instrument (-363 input buffer overrun); split it",
		                     wbg_vinstr_model(s->vi));
	return rc;
}

static int sim_read(wbgi_transport *t, uint8_t *buf, size_t cap, size_t *out_len, bool *out_end,
                    double timeout_s)
{
	struct sim_transport *s = (struct sim_transport *)t;
	int rc;

	(void)timeout_s;
	rc = wbg_vinstr_read(s->vi, buf, cap, out_len, out_end);
	if (rc == WBG_ERR_TIMEOUT)
		return wbg_ctx_error(t->ctx, rc,
		                     "SIM::%s: no response queued (was the last command a query?)",
		                     wbg_vinstr_model(s->vi));
	return rc;
}

static int sim_clear(wbgi_transport *t)
{
	wbg_vinstr_clear(((struct sim_transport *)t)->vi);
	return WBG_OK;
}

static int sim_read_stb(wbgi_transport *t, uint8_t *out_stb)
{
	*out_stb = wbg_vinstr_stb(((struct sim_transport *)t)->vi);
	return WBG_OK;
}

static int sim_set_remote(wbgi_transport *t, bool remote)
{
	(void)t;
	(void)remote;
	return WBG_OK;
}

static int sim_wait(wbgi_transport *t, double seconds)
{
	return wbg_vbench_advance(((struct sim_transport *)t)->bench, seconds);
}

static void sim_close(wbgi_transport *t)
{
	struct sim_transport *s = (struct sim_transport *)t;

	if (!s)
		return;
	wbg_vbench_free(s->bench);
	free(s);
}

static const struct wbgi_transport_ops sim_ops = {
	.name = "sim",
	.write = sim_write,
	.read = sim_read,
	.clear = sim_clear,
	.read_stb = sim_read_stb,
	.set_remote = sim_set_remote,
	.close = sim_close,
	.wait = sim_wait,
	.message_framed = true,
};

int wbgi_sim_open(wbgi_transport **out, const char *model, const char *dut, wbg_ctx *ctx)
{
	struct sim_transport *s;
	wbg_vbench *b = wbg_vbench_attached(ctx);
	int rc;

	if (!out || !model || !model[0])
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "SIM:: resource without a model name");
	s = calloc(1, sizeof(*s));
	if (!s)
		return wbg_ctx_error(ctx, WBG_ERR_NOMEM, "SIM::%s: out of memory", model);
	s->base.ops = &sim_ops;
	s->base.ctx = ctx;
	if (b) {
		if (dut && dut[0] && strcmp(dut, b->dut.name) != 0) {
			free(s);
			return wbg_ctx_error(ctx, WBG_ERR_STATE,
			                     "SIM::%s::%s: the bench attached to this context holds a '%s'; "
			                     "leave the DUT out of the resource or detach the bench",
			                     model, dut, b->dut.name);
		}
		wbgi_bench_ref(b);
		s->bench = b;
		s->vi = wbg_vbench_find(b, model);
	} else {
		rc = wbg_vbench_new(&s->bench, dut && dut[0] ? dut : NULL, 1, ctx);
		if (rc != WBG_OK) {
			free(s);
			return rc;
		}
	}
	if (!s->vi) {
		rc = wbg_vbench_add(&s->vi, s->bench, model, model, NULL, ctx);
		if (rc != WBG_OK) {
			sim_close(&s->base);
			return rc;
		}
	}
	*out = &s->base;
	return WBG_OK;
}
