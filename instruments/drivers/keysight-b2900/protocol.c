/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Keysight B2901A/B2902A: the commands this driver sends and the replies it
 * parses, without I/O (Keysight B2900 SCPI Command Reference:
 * :SOURce:<f>:MODE SWEep, :STARt/:STOP, :SWEep:POINts, :TRIGger:COUNt,
 * :SENSe:<f>:PROTection, :FORMat REAL,64, :FETCh:ARRay?).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "b2900_drv.h"
#include "wbg/error.h"

static int done(int n, size_t cap)
{
	return n < 0 || (size_t)n >= cap ? WBG_ERR_OVERFLOW : WBG_OK;
}

int wbgi_b29d_fmt_source(char *buf, size_t cap, int ch, wbg_smu_fn fn, double level,
                         double limit)
{
	const char *f = fn == WBG_SMU_SOURCE_V ? "VOLT" : "CURR";
	const char *o = fn == WBG_SMU_SOURCE_V ? "CURR" : "VOLT";

	return done(snprintf(buf, cap,
	                     ":SOUR%d:FUNC:MODE %s;:SOUR%d:%s:MODE FIX;:SENS%d:%s:PROT %.9g;"
	                     ":SOUR%d:%s %.9g",
	                     ch, f, ch, f, ch, o, limit, ch, f, level),
	            cap);
}

int wbgi_b29d_fmt_sweep(char *buf, size_t cap, int ch, wbg_smu_fn fn, double start,
                        double stop, size_t points, double limit, double delay_s)
{
	const char *f = fn == WBG_SMU_SOURCE_V ? "VOLT" : "CURR";
	const char *o = fn == WBG_SMU_SOURCE_V ? "CURR" : "VOLT";

	return done(snprintf(buf, cap,
	                     ":SOUR%d:FUNC:MODE %s;:SENS%d:%s:PROT %.9g;:SOUR%d:%s:MODE SWE;"
	                     ":SOUR%d:%s:STAR %.9g;:SOUR%d:%s:STOP %.9g;:SOUR%d:SWE:POIN %zu;"
	                     ":TRIG%d:COUN %zu;:TRIG%d:TRAN:DEL %.9g",
	                     ch, f, ch, o, limit, ch, f, ch, f, start, ch, f, stop, ch, points, ch,
	                     points, ch, delay_s),
	            cap);
}

int wbgi_b29d_parse_vi(double *out_v, double *out_i, const char *text)
{
	char *end;
	double v, i;

	if (!text)
		return WBG_ERR_PARSE;
	errno = 0;
	v = strtod(text, &end);
	if (end == text || *end != ',' || errno == ERANGE)
		return WBG_ERR_PARSE;
	text = end + 1;
	i = strtod(text, &end);
	if (end == text || errno == ERANGE)
		return WBG_ERR_PARSE;
	while (*end == ' ' || *end == '\r' || *end == '\n')
		end++;
	if (*end != '\0')
		return WBG_ERR_PARSE;
	*out_v = v;
	*out_i = i;
	return WBG_OK;
}

int wbgi_b29d_fmt_pulse(char *buf, size_t cap, int ch, wbg_smu_fn fn, double base, double peak,
                        double limit, double width_s)
{
	const char *f = fn == WBG_SMU_SOURCE_V ? "VOLT" : "CURR";
	const char *o = fn == WBG_SMU_SOURCE_V ? "CURR" : "VOLT";
	double half = width_s / 2;

	/* Base = immediate level, peak = triggered level; the measurement
	 * (aperture = half the width) starts half a width after the trigger
	 * and so ends with the pulse; one trigger. */
	return done(snprintf(buf, cap,
	                     ":SOUR%d:FUNC:MODE %s;:SOUR%d:%s:MODE FIX;:SENS%d:%s:PROT %.9g;"
	                     ":SOUR%d:%s %.9g;:SOUR%d:%s:TRIG %.9g;:SOUR%d:FUNC:SHAP PULS;"
	                     ":SOUR%d:PULS:DEL 0;:SOUR%d:PULS:WIDT %.9g;:SENS%d:%s:APER %.9g;"
	                     ":TRIG%d:TRAN:DEL 0;:TRIG%d:ACQ:DEL %.9g;:TRIG%d:COUN 1",
	                     ch, f, ch, f, ch, o, limit, ch, f, base, ch, f, peak, ch, ch, ch,
	                     width_s, ch, o, half, ch, ch, half, ch),
	            cap);
}
