/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Accuracy specifications to error limits and standard uncertainties. */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "accuracy_models.h"
#include "wbg/error.h"

static const struct wbgi_acc_model *const models[] = {
	&wbgi_acc_keithley_2450,
	&wbgi_acc_keithley_2470,
	&wbgi_acc_keysight_b2901a,
	&wbgi_acc_keysight_b2902a,
};

#define N_MODELS (sizeof(models) / sizeof(models[0]))

/* Reference band of the specifications: 23 °C ± 5 °C. */
#define BAND_LO_K 291.15
#define BAND_HI_K 301.15

static const char *fn_name(wbg_acc_fn fn)
{
	switch (fn) {
	case WBG_ACC_MEASURE_VOLTAGE:
		return "voltage measurement";
	case WBG_ACC_MEASURE_CURRENT:
		return "current measurement";
	case WBG_ACC_SOURCE_VOLTAGE:
		return "voltage source";
	case WBG_ACC_SOURCE_CURRENT:
		return "current source";
	case WBG_ACC_LCR_CALIBRATION:
		return "LCR calibration accuracy";
	}
	return "unknown function";
}

/* Instruments with a driver whose published tables are not in wbgkit, and
 * why: their readings carry u = NaN and every wbg_accuracy_* call refuses
 * them rather than guess (see drivers/keithley-24xx/accuracy.c). */
static const struct {
	const char *name;
	const char *why;
} unencoded[] = {
	{"2460", "the Keithley 2460 1-year tables (2460 specifications; performance verification "
	         "limits in 2460-905-01) could not be read from a copy wbgkit could verify, and "
	         "wbgkit does not guess them"},
};

/* *IDN? says "MODEL 2450"; accept that and any case. */
static const char *bare_name(const char *model)
{
	if (model && strncasecmp(model, "MODEL ", 6) == 0)
		model += 6;
	return model;
}

static const struct wbgi_acc_model *find_model(const char *model)
{
	size_t i;

	model = bare_name(model);
	if (!model)
		return NULL;
	for (i = 0; i < N_MODELS; i++)
		if (strcasecmp(models[i]->name, model) == 0)
			return models[i];
	return NULL;
}

static const char *unencoded_reason(const char *model)
{
	size_t i;

	model = bare_name(model);
	if (!model)
		return NULL;
	for (i = 0; i < sizeof(unencoded) / sizeof(unencoded[0]); i++)
		if (strcasecmp(unencoded[i].name, model) == 0)
			return unencoded[i].why;
	return NULL;
}

static int table(const struct wbgi_acc_table **out, const char *model, wbg_acc_fn fn,
                 wbg_ctx *ctx)
{
	const struct wbgi_acc_model *m = find_model(model);

	if ((unsigned)fn > WBG_ACC_SOURCE_CURRENT)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "unknown accuracy function %d", (int)fn);
	if (!m && unencoded_reason(model))
		return wbg_ctx_error(ctx, WBG_ERR_NOT_SUPPORTED,
		                     "no accuracy model for instrument '%s': %s; supply the table "
		                     "from its data sheet or calibration certificate as an "
		                     "<accuracy source=\"...\"> element of its <instrument> in the "
		                     "bench file (README, 'Accuracy tables a lab supplies'), or give "
		                     "the uncertainty explicitly",
		                     model, unencoded_reason(model));
	if (!m)
		return wbg_ctx_error(ctx, WBG_ERR_NOT_SUPPORTED,
		                     "no accuracy model for instrument '%s' (known: 2450, 2470, B2901A, "
		                     "B2902A); supply one as an <accuracy> element of its <instrument> "
		                     "in the bench file, or give the uncertainty explicitly",
		                     model ? model : "(none)");
	if (!m->fn[fn].specs)
		return wbg_ctx_error(ctx, WBG_ERR_NOT_SUPPORTED,
		                     "the %s specification of the %s is not in wbgkit (%s lists none we "
		                     "could verify)",
		                     fn_name(fn), m->name, m->source);
	*out = &m->fn[fn];
	return WBG_OK;
}

const wbg_acc_spec *wbgi_acc_pick(const wbg_acc_spec *specs, size_t n, double value)
{
	double a = fabs(value);
	size_t i;

	if (!specs || n == 0)
		return NULL;
	for (i = 0; i < n; i++)
		if (a <= specs[i].range)
			return &specs[i];
	if (a <= specs[n - 1].range * specs[n - 1].overrange)
		return &specs[n - 1];
	return NULL;
}

int wbg_accuracy_autorange(const wbg_acc_spec **out, const char *model, wbg_acc_fn fn, double value,
                           wbg_ctx *ctx)
{
	const struct wbgi_acc_table *t;
	const wbg_acc_spec *spec;
	int rc;

	if (!out || !isfinite(value))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_accuracy_autorange: bad argument");
	rc = table(&t, model, fn, ctx);
	if (rc != WBG_OK)
		return rc;
	spec = wbgi_acc_pick(t->specs, t->n, value);
	if (spec) {
		*out = spec;
		return WBG_OK;
	}
	return wbg_ctx_error(ctx, WBG_ERR_RANGE, "%g is beyond the %s ranges of the %s (largest %g)",
	                     value, fn_name(fn), model, t->specs[t->n - 1].range);
}

int wbg_accuracy_range(const wbg_acc_spec **out, const char *model, wbg_acc_fn fn, double range,
                       wbg_ctx *ctx)
{
	const struct wbgi_acc_table *t;
	char list[256];
	size_t i, pos = 0;
	int rc;

	if (!out || !isfinite(range) || range <= 0)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_accuracy_range: bad argument");
	rc = table(&t, model, fn, ctx);
	if (rc != WBG_OK)
		return rc;
	for (i = 0; i < t->n; i++) {
		if (fabs(t->specs[i].range - range) <= 1e-9 * range) {
			*out = &t->specs[i];
			return WBG_OK;
		}
	}
	list[0] = '\0';
	for (i = 0; i < t->n && pos < sizeof(list); i++) {
		int n = snprintf(list + pos, sizeof(list) - pos, "%s%g", i ? ", " : "", t->specs[i].range);
		if (n < 0)
			break;
		pos += (size_t)n;
	}
	return wbg_ctx_error(ctx, WBG_ERR_NOT_FOUND, "the %s has no %g %s range (ranges: %s)", model,
	                     range, fn_name(fn), list);
}

int wbg_accuracy_limit(double *out_a, const wbg_acc_spec *spec, double reading, double ambient_k,
                       wbg_ctx *ctx)
{
	double dt = 0;

	if (!out_a || !spec || !isfinite(reading) || !isfinite(ambient_k) || ambient_k <= 0)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_accuracy_limit: bad argument");
	if (fabs(reading) > spec->range * spec->overrange)
		return wbg_ctx_error(ctx, WBG_ERR_RANGE, "reading %g is over the %g range (%.0f %% max)",
		                     reading, spec->range, spec->overrange * 100);
	if (ambient_k < BAND_LO_K)
		dt = BAND_LO_K - ambient_k;
	else if (ambient_k > BAND_HI_K)
		dt = ambient_k - BAND_HI_K;
	*out_a = (spec->gain * fabs(reading) + spec->offset) * (1.0 + spec->tempco * dt);
	return WBG_OK;
}

int wbg_accuracy_u(double *out_u, const char *model, wbg_acc_fn fn, double reading,
                   double ambient_k, wbg_ctx *ctx)
{
	const wbg_acc_spec *spec;
	double a;
	int rc;

	if (!out_u)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_accuracy_u: out is NULL");
	rc = wbg_accuracy_autorange(&spec, model, fn, reading, ctx);
	if (rc == WBG_OK)
		rc = wbg_accuracy_limit(&a, spec, reading, ambient_k, ctx);
	if (rc != WBG_OK)
		return rc;
	*out_u = a / sqrt(3.0); /* rectangular distribution, GUM 4.3.7 */
	return WBG_OK;
}

const char *wbg_accuracy_source(const char *model)
{
	const struct wbgi_acc_model *m = find_model(model);

	return m ? m->source : NULL;
}
