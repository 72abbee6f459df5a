/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One measured quantity with its uncertainty, conditions and timestamp. */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wbg/error.h"
#include "wbg/record.h"
#include "wbg/units.h"

struct condition {
	char name[WBG_RECORD_NAME_MAX + 1];
	char unit[WBG_UNIT_MAX_LEN + 1];
	double value;
};

struct wbg_record {
	char quantity[WBG_RECORD_NAME_MAX + 1];
	char unit[WBG_UNIT_MAX_LEN + 1];
	double value;
	double u;
	double time;
	size_t n_cond;
	struct condition cond[WBG_RECORD_MAX_CONDITIONS];
};

static int check_name(const char *name, const char *what, wbg_ctx *ctx)
{
	size_t i, n;

	if (!name)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "%s name is NULL", what);
	n = strlen(name);
	if (n == 0 || n > WBG_RECORD_NAME_MAX)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
		                     "%s name '%.80s' must be 1 to %d characters long", what, name,
		                     WBG_RECORD_NAME_MAX);
	for (i = 0; i < n; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '.' || c == '-'))
			return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
			                     "%s name '%s' may only hold letters, digits, '_', '.' and '-'",
			                     what, name);
	}
	return WBG_OK;
}

/* The unit must be coherent SI (scale 1, no offset): records hold SI values. */
static int check_si_unit(const char *unit, wbg_ctx *ctx)
{
	wbg_unit u;
	int rc;

	if (!unit)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "unit is NULL");
	rc = wbg_unit_parse(&u, unit, ctx);
	if (rc != WBG_OK)
		return rc;
	if (u.mant != 1.0 || u.exp10 != 0 || u.offset != 0.0)
		return wbg_ctx_error(ctx, WBG_ERR_UNIT,
		                     "records hold SI values, but '%s' is not a coherent SI unit; convert "
		                     "the value with wbg_unit_to_si() and give the SI unit (V, A, ohm, K, "
		                     "m^-2, ohm*m, ...)",
		                     unit);
	return WBG_OK;
}

int wbg_record_new(wbg_record **out, const char *quantity, double value_si, const char *unit,
                   double u_si, wbg_ctx *ctx)
{
	wbg_record *rec;
	int rc;

	if (!out)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_record_new: out is NULL");
	rc = check_name(quantity, "quantity", ctx);
	if (rc != WBG_OK)
		return rc;
	if (!isfinite(value_si))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "value of '%s' is not a finite number",
		                     quantity);
	if (!(isnan(u_si) || (isfinite(u_si) && u_si >= 0)))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
		                     "uncertainty of '%s' must be >= 0, or NaN when unknown", quantity);
	rc = check_si_unit(unit, ctx);
	if (rc != WBG_OK)
		return rc;
	rec = calloc(1, sizeof(*rec));
	if (!rec)
		return wbg_ctx_error(ctx, WBG_ERR_NOMEM, "out of memory creating record '%s'", quantity);
	snprintf(rec->quantity, sizeof(rec->quantity), "%s", quantity);
	snprintf(rec->unit, sizeof(rec->unit), "%s", unit);
	rec->value = value_si;
	rec->u = u_si;
	rec->time = wbg_time_now();
	*out = rec;
	return WBG_OK;
}

void wbg_record_free(wbg_record *rec)
{
	free(rec);
}

int wbg_record_add_condition(wbg_record *rec, const char *name, double value_si, const char *unit,
                             wbg_ctx *ctx)
{
	struct condition *c;
	size_t i;
	int rc;

	if (!rec)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_record_add_condition: record is NULL");
	rc = check_name(name, "condition", ctx);
	if (rc != WBG_OK)
		return rc;
	for (i = 0; i < rec->n_cond; i++)
		if (strcmp(rec->cond[i].name, name) == 0)
			return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
			                     "condition '%s' is already set on record '%s'", name,
			                     rec->quantity);
	if (!isfinite(value_si))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "condition '%s' is not a finite number",
		                     name);
	rc = check_si_unit(unit, ctx);
	if (rc != WBG_OK)
		return rc;
	if (rec->n_cond >= WBG_RECORD_MAX_CONDITIONS)
		return wbg_ctx_error(ctx, WBG_ERR_OVERFLOW, "record '%s' already has %d conditions",
		                     rec->quantity, WBG_RECORD_MAX_CONDITIONS);
	c = &rec->cond[rec->n_cond++];
	snprintf(c->name, sizeof(c->name), "%s", name);
	snprintf(c->unit, sizeof(c->unit), "%s", unit);
	c->value = value_si;
	return WBG_OK;
}

void wbg_record_set_time(wbg_record *rec, double unix_time_s)
{
	if (rec)
		rec->time = unix_time_s;
}

const char *wbg_record_quantity(const wbg_record *rec)
{
	return rec ? rec->quantity : NULL;
}

double wbg_record_value(const wbg_record *rec)
{
	return rec ? rec->value : NAN;
}

const char *wbg_record_unit(const wbg_record *rec)
{
	return rec ? rec->unit : NULL;
}

double wbg_record_uncertainty(const wbg_record *rec)
{
	return rec ? rec->u : NAN;
}

double wbg_record_time(const wbg_record *rec)
{
	return rec ? rec->time : NAN;
}

size_t wbg_record_condition_count(const wbg_record *rec)
{
	return rec ? rec->n_cond : 0;
}

int wbg_record_condition(const char **out_name, double *out_value_si, const char **out_unit,
                         const wbg_record *rec, size_t i)
{
	if (!rec)
		return WBG_ERR_INVALID_ARG;
	if (i >= rec->n_cond)
		return WBG_ERR_RANGE;
	if (out_name)
		*out_name = rec->cond[i].name;
	if (out_value_si)
		*out_value_si = rec->cond[i].value;
	if (out_unit)
		*out_unit = rec->cond[i].unit;
	return WBG_OK;
}

int wbg_record_find_condition(double *out_value_si, const char **out_unit, const wbg_record *rec,
                              const char *name)
{
	size_t i;

	if (!rec || !name)
		return WBG_ERR_INVALID_ARG;
	for (i = 0; i < rec->n_cond; i++) {
		if (strcmp(rec->cond[i].name, name) == 0) {
			if (out_value_si)
				*out_value_si = rec->cond[i].value;
			if (out_unit)
				*out_unit = rec->cond[i].unit;
			return WBG_OK;
		}
	}
	return WBG_ERR_NOT_FOUND;
}

/* Append with snprintf semantics; remembers overflow. */
static void appendf(char *buf, size_t len, size_t *pos, int *overflow, const char *fmt, ...)
	WBG_PRINTF(5, 6);

static void appendf(char *buf, size_t len, size_t *pos, int *overflow, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*pos >= len) {
		*overflow = 1;
		return;
	}
	va_start(ap, fmt);
	n = vsnprintf(buf + *pos, len - *pos, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= len - *pos) {
		*overflow = 1;
		*pos = len;
		return;
	}
	*pos += (size_t)n;
}

/* A quantity with an engineering prefix when its unit is a single symbol. */
static void fmt_value(char *out, size_t len, double v, const char *unit, unsigned flags)
{
	/* A count or a flag ("1": dimensionless) reads as a plain number. */
	if (!unit || unit[0] == '\0' || strcmp(unit, "1") == 0)
		snprintf(out, len, "%.6g", v);
	else if (wbg_unit_format_eng(out, len, v, unit, 4, flags, NULL) != WBG_OK)
		snprintf(out, len, "%.4g %s", v, unit);
}

int wbg_record_format(char *buf, size_t len, const wbg_record *rec, unsigned flags)
{
	char v[96], ts[32];
	size_t pos = 0, i;
	int overflow = 0;

	if (!buf || len == 0 || !rec)
		return WBG_ERR_INVALID_ARG;
	buf[0] = '\0';
	fmt_value(v, sizeof(v), rec->value, rec->unit, flags);
	appendf(buf, len, &pos, &overflow, "%s = %s", rec->quantity, v);
	if (!isnan(rec->u)) {
		fmt_value(v, sizeof(v), rec->u, rec->unit, flags);
		appendf(buf, len, &pos, &overflow, " (u = %s)", v);
	}
	for (i = 0; i < rec->n_cond; i++) {
		fmt_value(v, sizeof(v), rec->cond[i].value, rec->cond[i].unit, flags);
		appendf(buf, len, &pos, &overflow, "%s%s = %s", i == 0 ? " at " : ", ",
		        rec->cond[i].name, v);
	}
	if (wbg_time_format(ts, sizeof(ts), rec->time) == WBG_OK)
		appendf(buf, len, &pos, &overflow, "; %s", ts);
	return overflow ? WBG_ERR_OVERFLOW : WBG_OK;
}
