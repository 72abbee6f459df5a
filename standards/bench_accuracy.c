/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Bench files: the <accuracy> table a lab gives an instrument (its data
 * sheet where wbgkit encodes none, or its calibration certificate). Every
 * quantity is converted with its dimension checked, the ranges of a
 * function must ascend without repeats, and a table holds at most
 * WBG_ACC_TABLE_MAX_ROWS rows; each problem is named with its line.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "internal.h"
#include "wbg/accuracy.h"

/* Defaults when a row does not say: the Keithley SPEC-2450 figures,
 * 0.15 × spec per °C outside 18..28 °C and 105 % overrange. Other data
 * sheets differ (Keysight B2900A: 0.1 and 106 %); a table states them. */
#define DEFAULT_TEMPCO 0.15
#define DEFAULT_OVERRANGE 1.05

/* Per function: the unit of range and of offset, and the defaults of
 * tempco and overrange when a row does not say. An lcr-calibration row is
 * a test-frequency band (range in Hz) with Acal as its gain. */
static const struct {
	const char *name;
	wbg_acc_fn fn;
	const char *unit, *offset_unit;
	double tempco, overrange;
} fns[] = {
	{"measure-voltage", WBG_ACC_MEASURE_VOLTAGE, "V", "V", DEFAULT_TEMPCO, DEFAULT_OVERRANGE},
	{"measure-current", WBG_ACC_MEASURE_CURRENT, "A", "A", DEFAULT_TEMPCO, DEFAULT_OVERRANGE},
	{"source-voltage", WBG_ACC_SOURCE_VOLTAGE, "V", "V", DEFAULT_TEMPCO, DEFAULT_OVERRANGE},
	{"source-current", WBG_ACC_SOURCE_CURRENT, "A", "A", DEFAULT_TEMPCO, DEFAULT_OVERRANGE},
	{"lcr-calibration", WBG_ACC_LCR_CALIBRATION, "Hz", "F", 0.0, 1.0},
};

#define N_FNS (sizeof(fns) / sizeof(fns[0]))

static int is_el(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST name);
}

/* One row being read: where it is, and the last row of each function. */
struct acc_load {
	struct wbgi_diag *dg;
	const char *inst;
	const char *fn; /* the row's function */
	double last[N_FNS];
	long last_line[N_FNS];
	int ok; /* no problem in this row so far */
};

/* Attribute @p attr of @p n as a quantity in the dimension of @p unit ("" for
 * a plain number or %); @p def when absent (NaN: required). */
static double q_attr(struct acc_load *A, xmlNodePtr n, const char *attr, const char *unit,
                     double def)
{
	xmlChar *v = xmlGetNoNsProp(n, BAD_CAST attr);
	double si = def;

	if (v && wbg_quantity_parse(&si, NULL, (const char *)v, unit, A->dg->ctx) != WBG_OK) {
		wbgi_diag_add(A->dg, WBG_ERR_UNIT, xmlGetLineNo(n),
		              "instrument '%s' accuracy row %s: %s=\"%s\": %s (expected %s%s)",
		              A->inst, A->fn, attr, (const char *)v, wbg_ctx_errmsg(A->dg->ctx),
		              unit[0] ? "a quantity in " : "a plain number, % or ppm", unit);
		A->ok = 0;
		si = NAN;
	} else if (!v && isnan(def)) {
		/* The schema requires it; kept for documents checked without one. */
		wbgi_diag_add(A->dg, WBG_ERR_SCHEMA, xmlGetLineNo(n),
		              "instrument '%s' accuracy row %s: %s= is required", A->inst, A->fn, attr);
		A->ok = 0;
	}
	xmlFree(v);
	return si;
}

static void bad_value(struct acc_load *A, xmlNodePtr n, const char *attr, double v,
                      const char *want)
{
	wbgi_diag_add(A->dg, WBG_ERR_RANGE, xmlGetLineNo(n),
	              "instrument '%s' accuracy row %s: %s = %g: it must be %s", A->inst, A->fn, attr,
	              v, want);
	A->ok = 0;
}

/* Read one <row> into @p t. */
static void load_row(struct acc_load *A, wbg_acc_table *t, xmlNodePtr n)
{
	xmlChar *f = xmlGetNoNsProp(n, BAD_CAST "function");
	long line = xmlGetLineNo(n);
	wbg_acc_spec s;
	size_t k;
	int rc;

	for (k = 0; k < N_FNS; k++)
		if (f && xmlStrEqual(f, BAD_CAST fns[k].name))
			break;
	if (k == N_FNS) {
		wbgi_diag_add(A->dg, WBG_ERR_SCHEMA, line,
		              "instrument '%s' accuracy row: function=\"%s\": measure-voltage, "
		              "measure-current, source-voltage, source-current or lcr-calibration",
		              A->inst, f ? (const char *)f : "");
		xmlFree(f);
		return;
	}
	xmlFree(f);
	A->fn = fns[k].name;
	A->ok = 1;
	s.range = q_attr(A, n, "range", fns[k].unit, NAN);
	s.gain = q_attr(A, n, "gain", "", NAN);
	s.offset = q_attr(A, n, "offset", fns[k].offset_unit,
	                  fns[k].fn == WBG_ACC_LCR_CALIBRATION ? 0.0 : NAN);
	s.tempco = q_attr(A, n, "tempco", "", fns[k].tempco);
	s.overrange = q_attr(A, n, "overrange", "", fns[k].overrange);
	if (!A->ok)
		return;
	if (!(s.range > 0))
		bad_value(A, n, "range", s.range, "positive");
	if (s.gain < 0)
		bad_value(A, n, "gain", s.gain, "0 or positive (a limit is ± itself)");
	if (fns[k].fn == WBG_ACC_LCR_CALIBRATION && s.offset != 0)
		bad_value(A, n, "offset", s.offset, "0 (Acal is a fraction of the reading: gain)");
	if (s.offset < 0)
		bad_value(A, n, "offset", s.offset, "0 or positive (a limit is ± itself)");
	if (A->ok && s.gain == 0 && s.offset == 0)
		bad_value(A, n, "gain and offset", 0.0, "not both 0 (no instrument is exact)");
	if (s.tempco < 0 || s.tempco > 10)
		bad_value(A, n, "tempco", s.tempco, "between 0 and 10 (per kelvin, e.g. 0.15)");
	if (!(s.overrange >= 1.0 && s.overrange <= 2.0))
		bad_value(A, n, "overrange", s.overrange, "between 1 and 2 (e.g. 1.05 for 105 %)");
	if (!A->ok)
		return;
	if (A->last_line[k] && fabs(s.range - A->last[k]) <= 1e-9 * s.range) {
		wbgi_diag_add(A->dg, WBG_ERR_SCHEMA, line,
		              "instrument '%s' accuracy: the %s range %g is given twice (also at line "
		              "%ld); keep one row per function and range",
		              A->inst, fns[k].name, s.range, A->last_line[k]);
		return;
	}
	if (A->last_line[k] && s.range < A->last[k]) {
		wbgi_diag_add(A->dg, WBG_ERR_SCHEMA, line,
		              "instrument '%s' accuracy: the %s range %g comes after %g (line %ld); "
		              "write the rows of a function from the smallest range up",
		              A->inst, fns[k].name, s.range, A->last[k], A->last_line[k]);
		return;
	}
	A->last[k] = s.range;
	A->last_line[k] = line;
	rc = wbg_acc_table_add(t, fns[k].fn, &s);
	if (rc != WBG_OK)
		wbgi_diag_add(A->dg, rc, line, "instrument '%s' accuracy row %s: %s", A->inst, A->fn,
		              wbg_ctx_errmsg(A->dg->ctx));
}

/* The <accuracy> of instrument @p inst (element @p n) as a new table, or NULL
 * after reporting why. */
static wbg_acc_table *load_table(struct wbgi_diag *dg, const char *inst, xmlNodePtr n)
{
	struct acc_load A;
	xmlChar *src = xmlGetNoNsProp(n, BAD_CAST "source");
	wbg_acc_table *t = NULL;
	xmlNodePtr r;
	size_t rows = 0;
	int before = dg->count;

	memset(&A, 0, sizeof(A));
	A.dg = dg;
	A.inst = inst;
	if (!src || !src[0] || strlen((const char *)src) > WBG_ACC_SOURCE_MAX) {
		wbgi_diag_add(dg, WBG_ERR_SCHEMA, xmlGetLineNo(n),
		              "instrument '%s': <accuracy> needs source=\"...\" (1..%d characters) "
		              "naming the document its figures come from, e.g. \"Keithley "
		              "SPEC-2460 Rev. C p. 2\" or \"calibration certificate 12345, 2026-03-01\"",
		              inst, WBG_ACC_SOURCE_MAX);
		xmlFree(src);
		return NULL;
	}
	if (wbg_acc_table_new(&t, (const char *)src, dg->ctx) != WBG_OK) {
		wbgi_diag_add(dg, WBG_ERR_NOMEM, xmlGetLineNo(n), "out of memory");
		xmlFree(src);
		return NULL;
	}
	xmlFree(src);
	for (r = n->children; r; r = r->next) {
		if (!is_el(r, "row"))
			continue;
		if (++rows > WBG_ACC_TABLE_MAX_ROWS) {
			wbgi_diag_add(dg, WBG_ERR_OVERFLOW, xmlGetLineNo(r),
			              "instrument '%s' accuracy: more than %d rows; a table holds at "
			              "most %d (one per function and range)",
			              inst, WBG_ACC_TABLE_MAX_ROWS, WBG_ACC_TABLE_MAX_ROWS);
			break;
		}
		load_row(&A, t, r);
	}
	if (rows == 0)
		wbgi_diag_add(dg, WBG_ERR_SCHEMA, xmlGetLineNo(n),
		              "instrument '%s': <accuracy> has no <row>", inst);
	if (dg->count != before) {
		wbg_acc_table_free(t);
		return NULL;
	}
	return t;
}

void wbgi_bench_accuracy_load(wbg_bench *b, xmlNodePtr root, struct wbgi_diag *dg)
{
	xmlNodePtr n, a;
	size_t cnt = 0;

	for (n = root->children; n; n = n->next)
		if (is_el(n, "instrument"))
			cnt++;
	if (cnt == 0)
		return;
	b->acc = calloc(cnt, sizeof(*b->acc));
	if (!b->acc) {
		wbgi_diag_add(dg, WBG_ERR_NOMEM, 0, "out of memory");
		return;
	}
	for (n = root->children; n; n = n->next) {
		xmlChar *id;
		wbg_acc_table *t;

		if (!is_el(n, "instrument"))
			continue;
		for (a = n->children; a && !is_el(a, "accuracy"); a = a->next)
			;
		if (!a)
			continue;
		id = xmlGetNoNsProp(n, BAD_CAST "id");
		t = load_table(dg, id ? (const char *)id : "", a);
		if (t) {
			b->acc[b->nacc].instrument = strdup(id ? (const char *)id : "");
			b->acc[b->nacc].table = t;
			if (!b->acc[b->nacc].instrument) {
				wbg_acc_table_free(t);
				wbgi_diag_add(dg, WBG_ERR_NOMEM, 0, "out of memory");
			} else {
				b->nacc++;
			}
		}
		xmlFree(id);
	}
}

void wbgi_bench_accuracy_free(wbg_bench *b)
{
	size_t i;

	for (i = 0; i < b->nacc; i++) {
		free(b->acc[i].instrument);
		wbg_acc_table_free(b->acc[i].table);
	}
	free(b->acc);
	b->acc = NULL;
	b->nacc = 0;
}

const wbg_acc_table *wbg_bench_accuracy(const wbg_bench *bench, const char *instrument)
{
	size_t i;

	if (!bench || !instrument)
		return NULL;
	for (i = 0; i < bench->nacc; i++)
		if (strcmp(bench->acc[i].instrument, instrument) == 0)
			return bench->acc[i].table;
	return NULL;
}
