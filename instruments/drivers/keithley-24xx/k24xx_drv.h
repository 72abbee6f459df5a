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

/* Wait after the stepping instrument's reading before its next step: the
 * other's reading starts a trigger latency (microseconds) later and its
 * first one may add the 1 ms auto source delay. */
#define WBGI_K24_GUARD_S 1.5e-3

/* The gate's trigger model (2450-901-01 "Trigger model", :TRIGger:BLOCk):
 * clear defbuffer1, recall point 1 of source configuration list @p list,
 * then per point: wait @p delay_s, notify 1 (asserting trigger-out line
 * @p line), measure, recall the next point, @p points times. */
int wbgi_k24_fmt_gate_model(char *buf, size_t cap, const char *list, int line, double delay_s,
                            size_t points);
/* The drain's trigger model: clear defbuffer1, then per point: wait for an
 * edge on trigger-in line @p line, measure, @p points times. */
int wbgi_k24_fmt_drain_model(char *buf, size_t cap, int line, size_t points);

/* api.c, shared with trigger.c */
double wbgi_k24_work(const wbg_smu *s, size_t points, double delay_s);
int wbgi_k24_query_pairs(wbg_smu *s, double *rd, double *src, size_t n, double work_s,
                         const char *cmd);
void wbgi_k24_to_reading(const wbg_smu *s, wbg_smu_fn fn, double reading, double source,
                         wbg_smu_reading *out);
/* The number of readings in defbuffer1 (:TRAC:ACT?), within @p work_s. */
int wbgi_k24_buffer_count(wbg_smu *s, long *out, double work_s);
/* The first @p points (reading, source) pairs of defbuffer1, in one binary
 * transfer, as readings of a sweep sourcing @p fn. */
int wbgi_k24_read_buffer(wbg_smu *s, wbg_smu_fn fn, wbg_smu_reading *out, size_t points);
/* trigger.c: wbg_smu_sweep2 across two instruments joined by a trigger cable. */
int wbgi_k24_sweep2_linked(wbg_smu *a, wbg_smu *b, wbg_smu_reading *out_a,
                           wbg_smu_reading *out_b, double a_start, double a_stop,
                           double a_limit, double b_level, double b_limit, size_t points,
                           double delay_s);

#endif
