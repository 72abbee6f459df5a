/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Measurement data in the long format: one row per value. Read from CSV
 * (RFC 4180 quoting, bounded lines and rows) or JSON (jansson).
 */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "dataset.h"

#define ARENA_BLOCK 65536

struct arena_block {
	struct arena_block *next;
	size_t used, cap;
	char data[];
};

static const char *arena_strdup(struct wbgi_dataset_arena *a, const char *s)
{
	size_t n = strlen(s) + 1;
	struct arena_block *b = a->head;
	char *p;

	if (!b || b->cap - b->used < n) {
		size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		b = malloc(sizeof(*b) + cap);
		if (!b)
			return NULL;
		b->next = a->head;
		b->used = 0;
		b->cap = cap;
		a->head = b;
	}
	p = b->data + b->used;
	memcpy(p, s, n);
	b->used += n;
	return p;
}

int wbg_dataset_new(wbg_dataset **out)
{
	wbg_dataset *ds;

	if (!out)
		return WBG_ERR_INVALID_ARG;
	ds = calloc(1, sizeof(*ds));
	if (!ds)
		return WBG_ERR_NOMEM;
	*out = ds;
	return WBG_OK;
}

void wbg_dataset_free(wbg_dataset *ds)
{
	struct arena_block *b, *n;

	if (!ds)
		return;
	for (b = ds->arena.head; b; b = n) {
		n = b->next;
		free(b);
	}
	free(ds->rows);
	free(ds->units);
	free(ds);
}

size_t wbg_dataset_count(const wbg_dataset *ds)
{
	return ds ? ds->n : 0;
}

const wbg_row *wbg_dataset_row(const wbg_dataset *ds, size_t i)
{
	return ds && i < ds->n ? &ds->rows[i] : NULL;
}

/* Copy the strings of @p in; unit already parsed into @p u. */
static int add_row(wbg_dataset *ds, const wbg_row *in, const wbg_unit *u, wbg_ctx *ctx)
{
	wbg_row r = *in;

	if (ds->n >= WBG_DATASET_MAX_ROWS)
		return wbg_ctx_error(ctx, WBG_ERR_OVERFLOW,
		                     "%s:%u: more than %u rows; split the data into several files "
		                     "evaluated separately",
		                     in->file ? in->file : "data", in->line, WBG_DATASET_MAX_ROWS);
	if (ds->n == ds->cap) {
		size_t ncap = ds->cap ? ds->cap * 2 : 256;
		wbg_row *nr;
		wbg_unit *nu;
		if (ncap > WBG_DATASET_MAX_ROWS)
			ncap = WBG_DATASET_MAX_ROWS;
		nr = realloc(ds->rows, ncap * sizeof(*nr));
		if (!nr)
			return wbg_ctx_error(ctx, WBG_ERR_NOMEM, "out of memory");
		ds->rows = nr;
		nu = realloc(ds->units, ncap * sizeof(*nu));
		if (!nu)
			return wbg_ctx_error(ctx, WBG_ERR_NOMEM, "out of memory");
		ds->units = nu;
		ds->cap = ncap;
	}
	r.lot = arena_strdup(&ds->arena, in->lot ? in->lot : "");
	r.sample = arena_strdup(&ds->arena, in->sample ? in->sample : "");
	r.test = arena_strdup(&ds->arena, in->test ? in->test : "");
	r.parameter = arena_strdup(&ds->arena, in->parameter ? in->parameter : "");
	r.unit = arena_strdup(&ds->arena, in->unit ? in->unit : "");
	r.file = arena_strdup(&ds->arena, in->file ? in->file : "");
	if (!r.lot || !r.sample || !r.test || !r.parameter || !r.unit || !r.file)
		return wbg_ctx_error(ctx, WBG_ERR_NOMEM, "out of memory");
	ds->rows[ds->n] = r;
	ds->units[ds->n] = *u;
	ds->n++;
	return WBG_OK;
}

int wbg_dataset_add(wbg_dataset *ds, const wbg_row *row, wbg_ctx *ctx)
{
	wbg_unit u;
	int rc;

	if (!ds || !row || isnan(row->value) || isinf(row->value))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_dataset_add: no row or no finite value");
	rc = wbg_unit_parse(&u, row->unit ? row->unit : "", ctx);
	if (rc != WBG_OK)
		return rc;
	return add_row(ds, row, &u, ctx);
}

/* A decimal number, nothing else: no hex, inf, nan or trailing text. */
static int strict_number(double *out, const char *s)
{
	const char *p = s;
	char *end;
	double v;

	while (*p == ' ')
		p++;
	if (*p == '\0')
		return 0;
	for (; *p; p++)
		if (!isdigit((unsigned char)*p) && !strchr("+-.eE ", *p))
			return 0;
	v = strtod(s, &end);
	while (*end == ' ')
		end++;
	if (*end != '\0' || !isfinite(v))
		return 0;
	*out = v;
	return 1;
}

/* Fill value, u and readout from their texts; errors name where. */
static int convert(wbg_row *r, wbg_unit *u, const char *value, const char *unc,
                   const char *readout, const char *where_v, const char *where_u,
                   const char *where_t, const char *where_unit, wbg_ctx *ctx)
{
	double v;

	if (wbg_unit_parse(u, r->unit, ctx) != WBG_OK)
		return wbg_ctx_error(ctx, WBG_ERR_UNIT, "%s: unit '%s': %s; write units as in 'mV', "
		                     "'µA', 'mΩ', 'Ω·cm', 'cm^-2'",
		                     where_unit, r->unit, wbg_ctx_errmsg(ctx));
	if (!strict_number(&v, value))
		return wbg_ctx_error(ctx, WBG_ERR_PARSE,
		                     "%s: value '%s' is not a number; write a decimal number such as "
		                     "0.125 or 1.5e-9 and put the unit in the unit column",
		                     where_v, value);
	r->value = v * u->scale + u->offset;
	if (unc && unc[0] != '\0') {
		if (!strict_number(&v, unc) || v < 0)
			return wbg_ctx_error(ctx, WBG_ERR_PARSE,
			                     "%s: u '%s' is not a non-negative number; give the standard "
			                     "uncertainty in the row's unit, or leave it empty",
			                     where_u, unc);
		r->u = v * u->scale;
	} else {
		r->u = NAN;
	}
	if (!strict_number(&v, readout) || v < 0)
		return wbg_ctx_error(ctx, WBG_ERR_PARSE,
		                     "%s: readout_h '%s' is not a number of hours >= 0; write 0 for the "
		                     "baseline",
		                     where_t, readout);
	r->readout_s = v * 3600.0;
	return WBG_OK;
}

/* ---------------------------------------------------------------- CSV */

enum { C_LOT, C_SAMPLE, C_TEST, C_READOUT, C_PARAM, C_VALUE, C_UNIT, C_U, C_NCOL };
static const char *const col_name[C_NCOL] = {"lot",       "sample", "test", "readout_h",
                                             "parameter", "value",  "unit", "u"};

#define MAX_FIELDS 64

/* Offset of the first byte that is not valid UTF-8, or -1 (no overlongs,
 * no surrogates, at most U+10FFFF). */
static long bad_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t k, len;
		unsigned long cp;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			len = 2;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			cp = c & 0x07;
		} else {
			return (long)i;
		}
		if (i + len > n)
			return (long)i;
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return (long)i;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
		    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
			return (long)i;
		i += len;
	}
	return -1;
}

/* Split one line into fields in place (buf is a copy of the line). */
static int split(char *buf, char **field, size_t *col, size_t *nf, const char *name,
                 unsigned line, wbg_ctx *ctx)
{
	char *r = buf, *w = buf;
	size_t n = 0;

	for (;;) {
		if (n >= MAX_FIELDS)
			return wbg_ctx_error(ctx, WBG_ERR_PARSE,
			                     "%s:%u:%zu: more than %d columns; remove the extra commas",
			                     name, line, (size_t)(r - buf) + 1, MAX_FIELDS);
		col[n] = (size_t)(r - buf) + 1;
		field[n++] = w;
		while (*r == ' ')
			r++;
		if (*r == '"') {
			r++;
			for (;;) {
				if (*r == '\0')
					return wbg_ctx_error(ctx, WBG_ERR_PARSE,
					                     "%s:%u:%zu: a quoted field is not closed; add the "
					                     "closing '\"' (a field cannot span lines)",
					                     name, line, col[n - 1]);
				if (*r == '"' && r[1] == '"') {
					*w++ = '"';
					r += 2;
				} else if (*r == '"') {
					r++;
					break;
				} else {
					*w++ = *r++;
				}
			}
			while (*r == ' ')
				r++;
			if (*r != ',' && *r != '\0')
				return wbg_ctx_error(ctx, WBG_ERR_PARSE,
				                     "%s:%u:%zu: text after a closing quote; put the whole "
				                     "field in quotes",
				                     name, line, (size_t)(r - buf) + 1);
		} else {
			while (*r != ',' && *r != '\0') {
				if (*r == '"')
					return wbg_ctx_error(ctx, WBG_ERR_PARSE,
					                     "%s:%u:%zu: a '\"' inside an unquoted field; quote "
					                     "the field and double the quote",
					                     name, line, (size_t)(r - buf) + 1);
				*w++ = *r++;
			}
			while (w > field[n - 1] && w[-1] == ' ')
				w--;
		}
		if (*r == ',') {
			*w++ = '\0';
			r++;
			continue;
		}
		*w = '\0';
		break;
	}
	*nf = n;
	return WBG_OK;
}

int wbg_dataset_parse_csv(wbg_dataset *ds, const char *buf, size_t len, const char *name,
                          wbg_ctx *ctx)
{
	char line[WBG_CSV_MAX_LINE + 1];
	char *field[MAX_FIELDS];
	size_t col[MAX_FIELDS], nf = 0, pos = 0, n0, map[C_NCOL], i;
	unsigned lineno = 0;
	int have_header = 0, rc = WBG_OK;

	if (!ds || !buf)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_dataset_parse_csv: NULL argument");
	if (!name)
		name = "(csv)";
	n0 = ds->n;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		pos = 3; /* UTF-8 byte order mark, as spreadsheets write it */
	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t l = nl ? (size_t)(nl - (buf + pos)) : len - pos;
		wbg_row r;
		wbg_unit u;
		char wv[160], wu[160], wt[160], wn[160];

		lineno++;
		if (l > WBG_CSV_MAX_LINE) {
			rc = wbg_ctx_error(ctx, WBG_ERR_PARSE,
			                   "%s:%u:1: line longer than %d bytes; this is not a long-format "
			                   "data file, or a field is far too long",
			                   name, lineno, WBG_CSV_MAX_LINE);
			goto out;
		}
		memcpy(line, buf + pos, l);
		line[l] = '\0';
		pos += l + 1;
		if (l > 0 && line[l - 1] == '\r')
			line[--l] = '\0';
		if (memchr(line, '\0', l)) {
			rc = wbg_ctx_error(ctx, WBG_ERR_PARSE,
			                   "%s:%u: a NUL byte; this is not a text CSV file", name, lineno);
			goto out;
		}
		if (l == 0 || line[0] == '#')
			continue;
		{
			long bad = bad_utf8((const unsigned char *)line, l);
			if (bad >= 0) {
				rc = wbg_ctx_error(ctx, WBG_ERR_PARSE,
				                   "%s:%u:%ld: not UTF-8 text; save the file as UTF-8", name,
				                   lineno, bad + 1);
				goto out;
			}
		}
		rc = split(line, field, col, &nf, name, lineno, ctx);
		if (rc != WBG_OK)
			goto out;
		if (!have_header) {
			for (i = 0; i < C_NCOL; i++) {
				size_t j;
				map[i] = (size_t)-1;
				for (j = 0; j < nf; j++)
					if (strcasecmp(field[j], col_name[i]) == 0)
						map[i] = j;
				if (map[i] == (size_t)-1) {
					rc = wbg_ctx_error(ctx, WBG_ERR_PARSE,
					                   "%s:%u:1: the header has no column '%s'; the first line "
					                   "must name lot,sample,test,readout_h,parameter,value,"
					                   "unit,u",
					                   name, lineno, col_name[i]);
					goto out;
				}
			}
			have_header = 1;
			continue;
		}
		for (i = 0; i < C_NCOL; i++) {
			if (map[i] >= nf) {
				rc = wbg_ctx_error(ctx, WBG_ERR_PARSE,
				                   "%s:%u:%zu: %zu fields, but column '%s' is field %zu; "
				                   "every row needs as many fields as the header",
				                   name, lineno, l + 1, nf, col_name[i], map[i] + 1);
				goto out;
			}
		}
		memset(&r, 0, sizeof(r));
		r.lot = field[map[C_LOT]];
		r.sample = field[map[C_SAMPLE]];
		r.test = field[map[C_TEST]];
		r.parameter = field[map[C_PARAM]];
		r.unit = field[map[C_UNIT]];
		r.file = name;
		r.line = lineno;
		if (r.lot[0] == '\0' || r.test[0] == '\0' || r.parameter[0] == '\0') {
			size_t c = r.lot[0] == '\0' ? map[C_LOT] : r.test[0] == '\0' ? map[C_TEST] : map[C_PARAM];
			rc = wbg_ctx_error(ctx, WBG_ERR_PARSE,
			                   "%s:%u:%zu: empty %s; lot, test and parameter are required",
			                   name, lineno, col[c],
			                   c == map[C_LOT] ? "lot" : c == map[C_TEST] ? "test" : "parameter");
			goto out;
		}
		snprintf(wv, sizeof(wv), "%s:%u:%zu", name, lineno, col[map[C_VALUE]]);
		snprintf(wu, sizeof(wu), "%s:%u:%zu", name, lineno, col[map[C_U]]);
		snprintf(wt, sizeof(wt), "%s:%u:%zu", name, lineno, col[map[C_READOUT]]);
		snprintf(wn, sizeof(wn), "%s:%u:%zu", name, lineno, col[map[C_UNIT]]);
		rc = convert(&r, &u, field[map[C_VALUE]], field[map[C_U]], field[map[C_READOUT]], wv, wu,
		             wt, wn, ctx);
		if (rc == WBG_OK)
			rc = add_row(ds, &r, &u, ctx);
		if (rc != WBG_OK)
			goto out;
	}
	if (!have_header)
		rc = wbg_ctx_error(ctx, WBG_ERR_PARSE,
		                   "%s: empty; a CSV data file starts with the header "
		                   "lot,sample,test,readout_h,parameter,value,unit,u",
		                   name);
out:
	if (rc != WBG_OK)
		ds->n = n0;
	return rc;
}

/* --------------------------------------------------------------- JSON */

static const char *jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* A number, or a numeric string, as text for convert(). */
static int jnum_text(char *buf, size_t len, json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (json_is_number(v)) {
		snprintf(buf, len, "%.17g", json_number_value(v));
		return 1;
	}
	if (json_is_string(v)) {
		snprintf(buf, len, "%s", json_string_value(v));
		return 1;
	}
	if (!v || json_is_null(v)) {
		buf[0] = '\0';
		return 1;
	}
	return 0;
}

int wbg_dataset_parse_json(wbg_dataset *ds, const char *buf, size_t len, const char *name,
                           wbg_ctx *ctx)
{
	json_error_t err;
	json_t *root = NULL, *rows, *fmt;
	size_t n0, i;
	int rc = WBG_OK;

	if (!ds || !buf)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_dataset_parse_json: NULL argument");
	if (!name)
		name = "(json)";
	n0 = ds->n;
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &err);
	if (!root)
		return wbg_ctx_error(ctx, WBG_ERR_PARSE, "%s:%d:%d: %s; fix the JSON syntax", name,
		                     err.line, err.column, err.text);
	fmt = json_object_get(root, "format");
	rows = json_object_get(root, "rows");
	if (!json_is_object(root) || !json_is_string(fmt) ||
	    strcmp(json_string_value(fmt), "wbgkit-data/1") != 0 || !json_is_array(rows)) {
		rc = wbg_ctx_error(ctx, WBG_ERR_PARSE,
		                   "%s: expected an object {\"format\": \"wbgkit-data/1\", \"rows\": "
		                   "[...]}; see the README's data format",
		                   name);
		goto out;
	}
	for (i = 0; i < json_array_size(rows); i++) {
		json_t *o = json_array_get(rows, i);
		char value[64], unc[64], ro[64], wv[200], wu[200], wt[200], wn[200];
		wbg_row r;
		wbg_unit u;

		memset(&r, 0, sizeof(r));
		r.file = name;
		r.line = (unsigned)(i + 1);
		r.lot = jstr(o, "lot");
		r.sample = jstr(o, "sample");
		r.test = jstr(o, "test");
		r.parameter = jstr(o, "parameter");
		r.unit = jstr(o, "unit");
		if (!json_is_object(o) || !r.lot || !r.test || !r.parameter || !r.unit ||
		    !r.lot[0] || !r.test[0] || !r.parameter[0]) {
			rc = wbg_ctx_error(ctx, WBG_ERR_PARSE,
			                   "%s: rows[%zu]: needs the strings lot, test, parameter and "
			                   "unit (sample may be empty)",
			                   name, i);
			goto out;
		}
		if (!r.sample)
			r.sample = "";
		if (!jnum_text(value, sizeof(value), o, "value") || !jnum_text(unc, sizeof(unc), o, "u") ||
		    !jnum_text(ro, sizeof(ro), o, "readout_h")) {
			rc = wbg_ctx_error(ctx, WBG_ERR_PARSE,
			                   "%s: rows[%zu]: value, u and readout_h must be numbers "
			                   "(u may be null)",
			                   name, i);
			goto out;
		}
		snprintf(wv, sizeof(wv), "%s: rows[%zu].value", name, i);
		snprintf(wu, sizeof(wu), "%s: rows[%zu].u", name, i);
		snprintf(wt, sizeof(wt), "%s: rows[%zu].readout_h", name, i);
		snprintf(wn, sizeof(wn), "%s: rows[%zu].unit", name, i);
		rc = convert(&r, &u, value, unc, ro, wv, wu, wt, wn, ctx);
		if (rc == WBG_OK)
			rc = add_row(ds, &r, &u, ctx);
		if (rc != WBG_OK)
			goto out;
	}
out:
	if (rc != WBG_OK)
		ds->n = n0;
	json_decref(root);
	return rc;
}

int wbg_dataset_read_file(wbg_dataset *ds, const char *path, wbg_ctx *ctx)
{
	char *buf = NULL;
	size_t len, pl;
	int rc, json;

	if (!ds || !path)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_dataset_read_file: NULL argument");
	pl = strlen(path);
	if (pl > 4 && strcasecmp(path + pl - 4, ".csv") == 0)
		json = 0;
	else if (pl > 5 && strcasecmp(path + pl - 5, ".json") == 0)
		json = 1;
	else
		return wbg_ctx_error(ctx, WBG_ERR_NOT_SUPPORTED,
		                     "%s: name the data file .csv or .json so that its format is known",
		                     path);
	rc = wbgi_file_read(&buf, &len, path, WBGI_DATA_MAX_BYTES, ctx);
	if (rc != WBG_OK)
		return rc;
	rc = json ? wbg_dataset_parse_json(ds, buf, len, path, ctx)
	          : wbg_dataset_parse_csv(ds, buf, len, path, ctx);
	free(buf);
	return rc;
}
