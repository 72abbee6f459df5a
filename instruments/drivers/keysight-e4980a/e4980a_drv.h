/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Keysight E4980A driver: pure formatting and parsing (protocol.c). */
#ifndef WBG_DRIVERS_E4980A_DRV_H
#define WBG_DRIVERS_E4980A_DRV_H

#include <stddef.h>

/* ":LIST:BIAS:VOLT v1,v2,..." for n values. WBG_OK or WBG_ERR_OVERFLOW. */
int wbgi_e4980a_fmt_list(char *buf, size_t cap, const double *bias_v, size_t n);
/* Parse a :FETC? reply: one "A,B,status" (n == 1) or n groups of
 * "A,B,status,comparator" (list sweep) into a[] and b[]. A point whose
 * status is not 0 (overload, no contact) gives WBG_ERR_RANGE.
 * WBG_OK, WBG_ERR_PARSE or WBG_ERR_RANGE. */
int wbgi_e4980a_parse_fetch(double *a, double *b, size_t n, const char *text);
/* Relative accuracy Ae of a Cp reading, % of reading (accuracy.c: MED/LONG,
 * 23 °C, cable 0 m); NaN outside what is encoded. */
double wbgi_e4980a_ae_pct(double freq_hz, double vs, double c_f, double d);

#endif
