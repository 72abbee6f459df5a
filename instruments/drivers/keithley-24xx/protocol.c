/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Keithley 2450/2460/2470 in SCPI mode: the commands this driver sends and
 * without I/O (Model 2450 Reference Manual, 2450-901-01:
 * :SOURce:SWEep:<function>:LINear). Replies are arrays decoded by the SCPI
 * layer (wbg_scpi_array_parse).
 */
#include "config.h"

#include <stdio.h>

#include "k24xx_drv.h"
#include "wbg/error.h"

int wbgi_k24_fmt_source(char *buf, size_t cap, wbg_smu_fn fn, double level, double limit)
{
	int n;

	if (fn == WBG_SMU_SOURCE_V)
		n = snprintf(buf, cap,
		             ":SOUR:FUNC VOLT;:SENS:FUNC \"CURR\";:SOUR:VOLT:ILIM %.9g;"
		             ":SOUR:VOLT %.9g",
		             limit, level);
	else
		n = snprintf(buf, cap,
		             ":SOUR:FUNC CURR;:SENS:FUNC \"VOLT\";:SOUR:CURR:VLIM %.9g;"
		             ":SOUR:CURR %.9g",
		             limit, level);
	return n < 0 || (size_t)n >= cap ? WBG_ERR_OVERFLOW : WBG_OK;
}

int wbgi_k24_fmt_sweep(char *buf, size_t cap, wbg_smu_fn fn, double start, double stop,
                       size_t points, double delay_s)
{
	/* start, stop, points, delay, count 1, range BEST, fail abort ON,
	 * dual OFF, buffer. */
	int n = snprintf(buf, cap, ":SOUR:SWE:%s:LIN %.9g,%.9g,%zu,%.9g,1,BEST,ON,OFF,\"defbuffer1\"",
	                 fn == WBG_SMU_SOURCE_V ? "VOLT" : "CURR", start, stop, points, delay_s);

	return n < 0 || (size_t)n >= cap ? WBG_ERR_OVERFLOW : WBG_OK;
}
