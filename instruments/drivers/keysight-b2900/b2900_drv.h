/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Keysight B2901A/B2902A driver: pure formatting and parsing (protocol.c). */
#ifndef WBG_DRIVERS_B2900_DRV_H
#define WBG_DRIVERS_B2900_DRV_H

#include <stddef.h>

#include "wbg/driver.h"

/* Fixed source on channel ch: function, limit (protection), level. */
int wbgi_b29d_fmt_source(char *buf, size_t cap, int ch, wbg_smu_fn fn, double level,
                         double limit);
/* Linear staircase sweep of channel ch, one trigger per point; with
 * start == stop a fixed level held for @p points triggers. */
int wbgi_b29d_fmt_sweep(char *buf, size_t cap, int ch, wbg_smu_fn fn, double start,
                        double stop, size_t points, double limit, double delay_s);
/* Parse a "v,i" reply (:MEAS? with :FORM:ELEM:SENS VOLT,CURR in ASCII). */
/* Pulse mode, one trigger: base, peak, width, measured over the second
 * half of the pulse (see api.c). */
int wbgi_b29d_fmt_pulse(char *buf, size_t cap, int ch, wbg_smu_fn fn, double base, double peak,
                        double limit, double width_s);
int wbgi_b29d_parse_vi(double *out_v, double *out_i, const char *text);

#endif
