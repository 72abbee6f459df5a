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

int wbgi_k24_fmt_gate_model(char *buf, size_t cap, const char *list, int line, double delay_s,
                            size_t points)
{
	/* Blocks: 1 clear, 2 recall point 1, 3 delay, 4 notify, 5 measure,
	 * 6 guard (the drain's reading, started a trigger latency later and
	 * perhaps after its source delay, ends before the next step), 7 next
	 * point, 8 loop to 3 until @p points readings. The last "next" wraps
	 * to point 1 (the first level) after the last reading. */
	int n = snprintf(buf, cap,
	                 ":TRIG:LOAD \"Empty\";:DIG:LINE%d:MODE TRIG,OUT;"
	                 ":TRIG:DIG%d:OUT:LOG NEG;:TRIG:DIG%d:OUT:STIM NOT1;"
	                 ":TRIG:BLOC:BUFF:CLE 1,\"defbuffer1\";"
	                 ":TRIG:BLOC:CONF:REC 2,\"%s\",1;:TRIG:BLOC:DEL:CONS 3,%.9g;"
	                 ":TRIG:BLOC:NOT 4,1;:TRIG:BLOC:MEAS 5,\"defbuffer1\";"
	                 ":TRIG:BLOC:DEL:CONS 6,%.9g;"
	                 ":TRIG:BLOC:CONF:NEXT 7,\"%s\";:TRIG:BLOC:BRAN:COUN 8,%zu,3",
	                 line, line, line, list, delay_s, WBGI_K24_GUARD_S, list, points);

	return n < 0 || (size_t)n >= cap ? WBG_ERR_OVERFLOW : WBG_OK;
}

int wbgi_k24_fmt_drain_model(char *buf, size_t cap, int line, size_t points)
{
	/* Blocks: 1 clear, 2 wait for the line, 3 measure, 4 loop to 2. */
	int n = snprintf(buf, cap,
	                 ":TRIG:LOAD \"Empty\";:DIG:LINE%d:MODE TRIG,IN;:TRIG:DIG%d:IN:EDGE FALL;"
	                 ":TRIG:DIG%d:IN:CLE;:TRIG:BLOC:BUFF:CLE 1,\"defbuffer1\";"
	                 ":TRIG:BLOC:WAIT 2,DIG%d;:TRIG:BLOC:MEAS 3,\"defbuffer1\";"
	                 ":TRIG:BLOC:BRAN:COUN 4,%zu,2",
	                 line, line, line, line, points);

	return n < 0 || (size_t)n >= cap ? WBG_ERR_OVERFLOW : WBG_OK;
}
