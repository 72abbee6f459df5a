/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Lake Shore Model 336: the replies the driver reads, without I/O (Model
 * 336 User's Manual, chapter 6): KRDG? kelvin reading (±nnnnnnn), SRDG?
 * sensor units, RDGST? status bits, INTYPE? input configuration, INCRV?
 * curve number, CRVHDR? curve header (s[15],s[10],n,+nnn.nnn,n: name,
 * serial number, format 1 mV/K, 2 V/K, 3 Ω/K, 4 log Ω/K, limit, 1
 * negative / 2 positive coefficient; manual p. 130), CRVPT? curve point.
 * Replies end in CR LF; fields are separated by commas.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ls336_drv.h"
#include "wbg/error.h"

/* Skip the spaces and the CR LF that may end a reply or pad a field. */
static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\r' || *p == '\n')
		p++;
	return p;
}

/* One number at *pp, then either @p sep or the end of the reply. */
static int number(double *out, const char **pp, char sep)
{
	const char *p = skip_ws(*pp);
	char *end;
	double v;

	if (*p == '\0')
		return WBG_ERR_PARSE;
	errno = 0;
	v = strtod(p, &end);
	if (end == p || errno == ERANGE || !isfinite(v))
		return WBG_ERR_PARSE;
	p = skip_ws(end);
	if (sep && *p == sep)
		p++;
	else if (*p != '\0')
		return WBG_ERR_PARSE;
	*out = v;
	*pp = p;
	return WBG_OK;
}

int wbgi_ls336_parse_kelvin(double *out_k, const char *text)
{
	double v;

	if (!out_k || !text || number(&v, &text, 0) != WBG_OK || v < 0 || v > 2000)
		return WBG_ERR_PARSE;
	*out_k = v;
	return WBG_OK;
}

int wbgi_ls336_parse_units(double *out, const char *text)
{
	double v;

	if (!out || !text || number(&v, &text, 0) != WBG_OK)
		return WBG_ERR_PARSE;
	*out = v;
	return WBG_OK;
}

/* An integer field (no fraction, within lo..hi). */
static int int_field(int *out, const char **pp, char sep, int lo, int hi)
{
	double v;

	if (number(&v, pp, sep) != WBG_OK || v != floor(v) || v < lo || v > hi)
		return WBG_ERR_PARSE;
	*out = (int)v;
	return WBG_OK;
}

int wbgi_ls336_parse_int(int *out, const char *text, int lo, int hi)
{
	int v;

	if (!out || !text || int_field(&v, &text, 0, lo, hi) != WBG_OK)
		return WBG_ERR_PARSE;
	*out = v;
	return WBG_OK;
}

int wbgi_ls336_parse_intype(struct wbgi_ls336_intype *out, const char *text)
{
	struct wbgi_ls336_intype t;

	if (!out || !text || int_field(&t.type, &text, ',', 0, 99) != WBG_OK ||
	    int_field(&t.autorange, &text, ',', 0, 1) != WBG_OK ||
	    int_field(&t.range, &text, ',', 0, 99) != WBG_OK ||
	    int_field(&t.comp, &text, ',', 0, 2) != WBG_OK ||
	    int_field(&t.units, &text, 0, 1, 3) != WBG_OK)
		return WBG_ERR_PARSE;
	*out = t;
	return WBG_OK;
}

int wbgi_ls336_parse_crvpt(double *out_units, double *out_k, const char *text)
{
	double s, t;

	if (!out_units || !out_k || !text || number(&s, &text, ',') != WBG_OK ||
	    number(&t, &text, 0) != WBG_OK || t < 0 || t > 2000)
		return WBG_ERR_PARSE;
	*out_units = s;
	*out_k = t;
	return WBG_OK;
}

int wbgi_ls336_parse_crvhdr(int *out_format, const char *text)
{
	const char *p;
	int i, f;

	if (!out_format || !text)
		return WBG_ERR_PARSE;
	/* Name (15 characters at most) and serial number (10): skip both. */
	p = text;
	for (i = 0; i < 2; i++) {
		const char *comma = strchr(p, ',');

		if (!comma || comma - p > (i == 0 ? 15 : 10))
			return WBG_ERR_PARSE;
		p = comma + 1;
	}
	if (int_field(&f, &p, ',', 0, 4) != WBG_OK)
		return WBG_ERR_PARSE;
	*out_format = f;
	return WBG_OK;
}
