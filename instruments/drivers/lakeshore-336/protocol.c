/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Lake Shore Model 336: the KRDG? reply, without I/O (Model 336 User's
 * Manual, chapter 6, "KRDG? <input>": kelvin reading, +dddd.ddd).
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "ls336_drv.h"
#include "wbg/error.h"

int wbgi_ls336_parse_kelvin(double *out_k, const char *text)
{
	char *end;
	double v;

	if (!text)
		return WBG_ERR_PARSE;
	errno = 0;
	v = strtod(text, &end);
	if (end == text || errno == ERANGE || !isfinite(v) || v < 0 || v > 2000)
		return WBG_ERR_PARSE;
	while (*end == ' ' || *end == '\r' || *end == '\n')
		end++;
	if (*end != '\0')
		return WBG_ERR_PARSE;
	*out_k = v;
	return WBG_OK;
}
