/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Keysight E4980A driver internals: pure formatting and parsing
 * (protocol.c) and the accuracy model (accuracy.c). */
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
/* Accuracy of a Cp-D reading from the E4980A data sheet (accuracy.c says
 * which tables, and what is assumed or refused). Every function returns
 * NaN for conditions it does not cover. */
enum wbgi_e4980a_mode { WBGI_E4980A_SHORT, WBGI_E4980A_MED, WBGI_E4980A_LONG };
struct wbgi_e4980a_cond {
	enum wbgi_e4980a_mode mode; /* measurement time mode */
	double freq_hz;             /* test frequency Fm */
	double level_v;             /* test signal voltage Vs, V rms */
	double bias_v;              /* DC bias on the DUT, V (0: none) */
};
/* Basic accuracy Ab, % (Tables 12, 13; the best value where rows or
 * columns overlap). */
double wbgi_e4980a_ab_pct(enum wbgi_e4980a_mode mode, double freq_hz, double vs);
/* What a DC bias adds to Ab, % (Table 63; 0 outside Fm < 10 kHz, |Vdc| > 5 V). */
double wbgi_e4980a_bias_ab_pct(enum wbgi_e4980a_mode mode, double freq_hz, double vs,
                               double bias_v);
/* Short offset Zs, Ohm (Tables 16, 17; 0 m cable). */
double wbgi_e4980a_zs_ohm(enum wbgi_e4980a_mode mode, double freq_hz, double vs, double zm_ohm);
/* Open offset Yo, S (Tables 19, 20 and the note under Table 20). */
double wbgi_e4980a_yo_s(enum wbgi_e4980a_mode mode, double freq_hz, double vs);
/* Relative accuracy Ae of |Z| (and of C when Dx <= 0.1), % (Equation 8, Kt = 1). */
double wbgi_e4980a_ae_pct(const struct wbgi_e4980a_cond *cond, double zm_ohm);
/* Ae of a Cp reading, %; NaN when |D| > 0.1. */
double wbgi_e4980a_cp_pct(const struct wbgi_e4980a_cond *cond, double cp_f, double d);
/* D accuracy De of a Cp-D reading, absolute (Equation 9, with (1 + Dx) above 0.1). */
double wbgi_e4980a_d_abs(const struct wbgi_e4980a_cond *cond, double cp_f, double d);

/* The document the built-in accuracy model comes from. */
#define WBGI_E4980A_SOURCE "Keysight E4980A/E4980AL data sheet 5989-4435EN, relative accuracy Ae"

#endif
