/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Wall-clock time and its ISO 8601 form. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <time.h>

#include "wbg/error.h"
#include "wbg/record.h"

double wbg_time_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		return (double)time(NULL);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int wbg_time_format(char *buf, size_t len, double unix_time_s)
{
	struct tm tm;
	time_t secs;
	double fl;
	int ms;

	if (!buf || len < 25)
		return WBG_ERR_INVALID_ARG;
	/* Years 1970..9999 keep the fixed 24-character form. */
	if (!isfinite(unix_time_s) || unix_time_s < 0 || unix_time_s >= 253402300800.0)
		return WBG_ERR_RANGE;
	fl = floor(unix_time_s);
	secs = (time_t)fl;
	ms = (int)floor((unix_time_s - fl) * 1000.0);
	if (ms > 999)
		ms = 999;
	if (!gmtime_r(&secs, &tm))
		return WBG_ERR_RANGE;
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
	         tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
	return WBG_OK;
}
