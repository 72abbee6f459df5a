/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Accuracy tables a lab supplies (its instrument's data sheet where wbgkit
 * has none, or its calibration certificate), with the document they cite.
 */
#include "config.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "accuracy_models.h"
#include "wbg/error.h"

#define N_FN 5

struct wbg_acc_table {
	char *source;
	wbg_ctx *ctx; /* borrowed, for the errors of wbg_acc_table_add() */
	wbg_acc_spec *rows[N_FN];
	size_t n[N_FN];
	size_t total;
};

static const char *const fn_names[N_FN] = {"measure-voltage", "measure-current",
                                           "source-voltage", "source-current",
                                           "lcr-calibration"};

int wbg_acc_table_new(wbg_acc_table **out, const char *source, wbg_ctx *ctx)
{
	wbg_acc_table *t;
	size_t len = source ? strlen(source) : 0;

	if (!out || len == 0 || len > WBG_ACC_SOURCE_MAX)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
		                     "an accuracy table needs the document it comes from (1..%d "
		                     "characters), e.g. \"calibration certificate 12345, 2026-03-01\"",
		                     WBG_ACC_SOURCE_MAX);
	t = calloc(1, sizeof(*t));
	if (t)
		t->source = strdup(source);
	if (!t || !t->source) {
		free(t);
		return wbg_ctx_error(ctx, WBG_ERR_NOMEM, "accuracy table");
	}
	t->ctx = ctx;
	*out = t;
	return WBG_OK;
}

void wbg_acc_table_free(wbg_acc_table *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < N_FN; i++)
		free(t->rows[i]);
	free(t->source);
	free(t);
}

static bool nonneg(double x)
{
	return isfinite(x) && x >= 0;
}

int wbg_acc_table_add(wbg_acc_table *t, wbg_acc_fn fn, const wbg_acc_spec *spec)
{
	wbg_acc_spec *grown;
	size_t k = (size_t)fn;

	if (!t || !spec || k >= N_FN)
		return wbg_ctx_error(t ? t->ctx : NULL, WBG_ERR_INVALID_ARG,
		                     "wbg_acc_table_add: NULL table or row, or unknown function");
	if (!(isfinite(spec->range) && spec->range > 0) || !nonneg(spec->gain) ||
	    !nonneg(spec->offset) || !nonneg(spec->tempco) || (spec->gain == 0 && spec->offset == 0) ||
	    !(spec->overrange >= 1.0 && spec->overrange <= 2.0))
		return wbg_ctx_error(t->ctx, WBG_ERR_INVALID_ARG,
		                     "%s row of range %g: the range must be positive; gain, offset and "
		                     "tempco not negative, and not both gain and offset 0; overrange "
		                     "1..2",
		                     fn_names[k], spec->range);
	if (t->n[k] > 0 && !(spec->range > t->rows[k][t->n[k] - 1].range))
		return wbg_ctx_error(t->ctx, WBG_ERR_RANGE,
		                     "%s row of range %g: the rows of a function go in ascending order "
		                     "of range, each range once (the previous one is %g)",
		                     fn_names[k], spec->range, t->rows[k][t->n[k] - 1].range);
	if (t->total >= WBG_ACC_TABLE_MAX_ROWS)
		return wbg_ctx_error(t->ctx, WBG_ERR_OVERFLOW, "an accuracy table holds at most %d rows",
		                     WBG_ACC_TABLE_MAX_ROWS);
	grown = realloc(t->rows[k], (t->n[k] + 1) * sizeof(*grown));
	if (!grown)
		return wbg_ctx_error(t->ctx, WBG_ERR_NOMEM, "accuracy table row");
	grown[t->n[k]] = *spec;
	t->rows[k] = grown;
	t->n[k]++;
	t->total++;
	return WBG_OK;
}

const char *wbg_acc_table_source(const wbg_acc_table *t)
{
	return t ? t->source : NULL;
}

size_t wbg_acc_table_count(const wbg_acc_table *t, wbg_acc_fn fn)
{
	return t && (size_t)fn < N_FN ? t->n[fn] : 0;
}

const wbg_acc_spec *wbg_acc_table_at(const wbg_acc_table *t, wbg_acc_fn fn, size_t i)
{
	return i < wbg_acc_table_count(t, fn) ? &t->rows[fn][i] : NULL;
}

int wbg_acc_table_u(double *out_u, const wbg_acc_table *t, wbg_acc_fn fn, double reading,
                    double ambient_k, wbg_ctx *ctx)
{
	const wbg_acc_spec *spec;
	double a;
	int rc;

	if (!out_u || !t || (size_t)fn >= N_FN || !isfinite(reading))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_acc_table_u: bad argument");
	if (fn == WBG_ACC_LCR_CALIBRATION)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
		                     "lcr-calibration rows go by test frequency: wbg_acc_table_acal()");
	if (t->n[fn] == 0)
		return wbg_ctx_error(ctx, WBG_ERR_NOT_SUPPORTED,
		                     "the accuracy table from \"%s\" has no %s rows; add them to the "
		                     "<accuracy> element",
		                     t->source, fn_names[fn]);
	spec = wbgi_acc_pick(t->rows[fn], t->n[fn], reading);
	if (!spec)
		return wbg_ctx_error(ctx, WBG_ERR_RANGE,
		                     "%g is beyond the %s ranges of the table from \"%s\" (largest %g)",
		                     reading, fn_names[fn], t->source, t->rows[fn][t->n[fn] - 1].range);
	rc = wbg_accuracy_limit(&a, spec, reading, ambient_k, ctx);
	if (rc != WBG_OK)
		return rc;
	*out_u = a / sqrt(3.0); /* rectangular distribution, GUM 4.3.7 */
	return WBG_OK;
}

int wbg_acc_table_acal(double *out_fraction, const wbg_acc_table *t, double freq_hz,
                       wbg_ctx *ctx)
{
	const size_t k = WBG_ACC_LCR_CALIBRATION;
	size_t i;

	if (!out_fraction || !t || !(freq_hz > 0) || !isfinite(freq_hz))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_acc_table_acal: bad argument");
	if (t->n[k] == 0)
		return wbg_ctx_error(ctx, WBG_ERR_NOT_SUPPORTED,
		                     "the accuracy table from \"%s\" has no lcr-calibration rows", t->source);
	for (i = 0; i < t->n[k]; i++)
		if (freq_hz <= t->rows[k][i].range * (1 + 1e-12)) {
			*out_fraction = t->rows[k][i].gain;
			return WBG_OK;
		}
	return wbg_ctx_error(ctx, WBG_ERR_RANGE,
	                     "%g Hz is above the last lcr-calibration band (%g Hz) of the table from "
	                     "\"%s\"",
	                     freq_hz, t->rows[k][t->n[k] - 1].range, t->source);
}
