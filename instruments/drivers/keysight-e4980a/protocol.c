/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Keysight E4980A: the list-sweep command and the :FETCh? reply, without
 * I/O (E4980A User's Guide, SCPI reference: :LIST:BIAS:VOLTage,
 * :FETCh[:IMPedance][:FORMatted]? — A, B, status and, on the list page,
 * the comparator result per point).
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "e4980a_drv.h"
#include "wbg/error.h"

int wbgi_e4980a_fmt_list(char *buf, size_t cap, const double *bias_v, size_t n)
{
	size_t k, len;
	int w;

	w = snprintf(buf, cap, ":LIST:BIAS:VOLT ");
	if (w < 0 || (size_t)w >= cap)
		return WBG_ERR_OVERFLOW;
	len = (size_t)w;
	for (k = 0; k < n; k++) {
		w = snprintf(buf + len, cap - len, "%s%.6g", k ? "," : "", bias_v[k]);
		if (w < 0 || (size_t)w >= cap - len)
			return WBG_ERR_OVERFLOW;
		len += (size_t)w;
	}
	return WBG_OK;
}

static int field(double *out, const char **p, bool last)
{
	char *end;

	errno = 0;
	*out = strtod(*p, &end);
	if (end == *p || errno == ERANGE || !isfinite(*out))
		return WBG_ERR_PARSE;
	*p = end;
	if (last)
		return WBG_OK;
	if (**p != ',')
		return WBG_ERR_PARSE;
	(*p)++;
	return WBG_OK;
}

int wbgi_e4980a_parse_fetch(double *a, double *b, size_t n, const char *text)
{
	const char *p = text;
	double st, cmp;
	size_t k;
	int bad = 0;

	if (!text || n == 0)
		return WBG_ERR_PARSE;
	for (k = 0; k < n; k++) {
		bool last = k + 1 == n;
		if (field(&a[k], &p, false) != WBG_OK || field(&b[k], &p, false) != WBG_OK ||
		    field(&st, &p, n == 1) != WBG_OK)
			return WBG_ERR_PARSE;
		if (n > 1 && field(&cmp, &p, last) != WBG_OK)
			return WBG_ERR_PARSE;
		if (st != 0)
			bad = 1;
	}
	while (*p == ' ' || *p == '\r' || *p == '\n')
		p++;
	if (*p != '\0')
		return WBG_ERR_PARSE;
	return bad ? WBG_ERR_RANGE : WBG_OK;
}
