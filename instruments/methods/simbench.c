/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A virtual bench built from a bench file: every SIM:: instrument the file
 * names, of the model it gives, wired to the terminals of its connections.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "method_int.h"
#include "wbg/error.h"
#include "wbg/resource.h"
#include "wbg/vbench.h"

static bool wired_terminal(const char *t)
{
	return strcmp(t, "gate") == 0 || strcmp(t, "drain") == 0 || strcmp(t, "ciss") == 0 ||
	       strcmp(t, "coss") == 0 || strcmp(t, "crss") == 0;
}

/* The wiring of one instrument: its terminals, channel 1 first. */
static void wiring_of(char *buf, size_t cap, const wbg_bench *bench, const char *resource)
{
	size_t j, n = wbg_bench_connection_count(bench);
	const char *second = NULL;

	buf[0] = '\0';
	for (j = 0; j < n; j++) {
		const wbg_bench_connection *d = wbg_bench_connection_at(bench, j);

		if (strcmp(d->resource, resource) != 0 || !wired_terminal(d->terminal))
			continue;
		if (strcmp(d->channel, "2") == 0)
			second = d->terminal;
		else if (!buf[0])
			snprintf(buf, cap, "%s", d->terminal);
	}
	if (second)
		snprintf(buf + strlen(buf), cap - strlen(buf), "%s%s", buf[0] ? "," : "", second);
}

/* Add the bench file's SIM:: instruments to @p vb, or, with *vb NULL,
 * create it (DUT @p dut, @p seed) at the first one. */
static int add_sim_instruments(wbg_vbench **vb, const wbg_bench *bench, const char *dut,
                               uint64_t seed, wbg_ctx *ctx)
{
	size_t i, n = wbg_bench_connection_count(bench);
	int rc = WBG_OK;

	for (i = 0; i < n && rc == WBG_OK; i++) {
		const wbg_bench_connection *c = wbg_bench_connection_at(bench, i);
		wbg_resource res;
		wbg_vinstr *vi;
		char wiring[64];

		if (strncasecmp(c->resource, "SIM::", 5) != 0)
			continue;
		rc = wbg_resource_parse(&res, c->resource, ctx);
		if (rc == WBG_OK && !*vb)
			rc = wbg_vbench_new(vb, dut, seed, ctx);
		if (rc != WBG_OK || wbg_vbench_find(*vb, res.model))
			continue;
		wiring_of(wiring, sizeof(wiring), bench, c->resource);
		rc = wbg_vbench_add(&vi, *vb, res.model, c->model && c->model[0] ? c->model : res.model,
		                    wiring[0] ? wiring : NULL, ctx);
		if (rc != WBG_OK)
			rc = wbg_ctx_error(ctx, rc,
			                   "bench %s: instrument %s: the model attribute of a SIM:: "
			                   "instrument must be 2450, 2460, 2470, B2901A, B2902A, E4980A or "
			                   "336 (not '%s'), and each terminal driven once",
			                   wbg_bench_id(bench), c->instrument, c->model ? c->model : "");
	}
	return rc;
}

/* The bench file's trigger cables between two of its SIM:: instruments,
 * plugged in on the virtual bench. */
static int add_sim_links(wbg_vbench *vb, const wbg_bench *bench, wbg_ctx *ctx)
{
	size_t i;
	int rc;

	for (i = 0; vb && i < wbg_bench_trigger_link_count(bench); i++) {
		const wbg_bench_trigger_link *l = wbg_bench_trigger_link_at(bench, i);
		wbg_resource ra, rb;

		if (strncasecmp(l->from_resource, "SIM::", 5) != 0 ||
		    strncasecmp(l->to_resource, "SIM::", 5) != 0)
			continue;
		rc = wbg_resource_parse(&ra, l->from_resource, ctx);
		if (rc == WBG_OK)
			rc = wbg_resource_parse(&rb, l->to_resource, ctx);
		if (rc == WBG_OK)
			rc = wbg_vbench_link(vb, ra.model, l->from_line, rb.model, l->to_line, ctx);
		if (rc != WBG_OK) {
			char why[512];

			snprintf(why, sizeof(why), "%s", wbg_ctx_errmsg(ctx));
			return wbg_ctx_error(ctx, rc, "bench %s, line %ld: trigger-link from %s to %s: %s",
			                     wbg_bench_id(bench), l->line, l->from, l->to, why);
		}
	}
	return WBG_OK;
}

int wbg_bench_simulate(wbg_vbench **out, const wbg_bench *bench, const char *dut, uint64_t seed,
                       wbg_ctx *ctx)
{
	wbg_vbench *vb = NULL;
	int rc;

	if (!out || !bench)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_bench_simulate: NULL argument");
	rc = add_sim_instruments(&vb, bench, dut, seed, ctx);
	if (rc == WBG_OK)
		rc = add_sim_links(vb, bench, ctx);
	if (rc != WBG_OK) {
		wbg_vbench_free(vb);
		return rc;
	}
	if (vb)
		wbg_vbench_attach(ctx, vb);
	*out = vb;
	return WBG_OK;
}

int wbg_bench_simulate_on(wbg_vbench *vb, const wbg_bench *bench, wbg_ctx *ctx)
{
	int rc;

	if (!vb || !bench)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_bench_simulate_on: NULL argument");
	rc = add_sim_instruments(&vb, bench, NULL, 0, ctx);
	return rc == WBG_OK ? add_sim_links(vb, bench, ctx) : rc;
}
