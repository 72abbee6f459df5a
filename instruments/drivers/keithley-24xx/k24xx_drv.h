/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Keithley 2450/2460/2470 driver: pure formatting and parsing (protocol.c). */
#ifndef WBG_DRIVERS_K24XX_DRV_H
#define WBG_DRIVERS_K24XX_DRV_H

#include <stddef.h>

#include "wbg/driver.h"

/* Program message setting function, limit then level, and the matching
 * sense function. WBG_OK or WBG_ERR_OVERFLOW. */
int wbgi_k24_fmt_source(char *buf, size_t cap, wbg_smu_fn fn, double level, double limit);
/* The linear sweep command into defbuffer1, abort on compliance. */
int wbgi_k24_fmt_sweep(char *buf, size_t cap, wbg_smu_fn fn, double start, double stop,
                       size_t points, double delay_s);

#endif
