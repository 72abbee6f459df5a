/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Accuracy of the Keithley 2450 and 2470 SourceMeters, 1 year, 23 °C ± 5 °C,
 * speed 1 PLC, output on, properly zeroed: ±(% of reading or setting + offset).
 *
 * 2450: Keithley "Model 2450 Interactive SourceMeter Instrument
 *       Specifications", SPEC-2450 Rev. A, July 2013, pages 2 of 7 (voltage and
 *       current tables). Temperature coefficient ±(0.15 × specification)/°C
 *       from 0-18 °C and 28-50 °C. Overrange 105 % (page 3, supplemental).
 * 2470: Keithley/Tektronix "Model 2470 High Voltage SourceMeter"
 *       specifications, voltage and current tables. Temperature coefficient
 *       0.15 × specification/°C, except 0.30 × on the 200 mV and 2 V ranges.
 *       Overrange 105 % like the 2450 family, except the 1000 V range, which
 *       sources and measures up to 1100 V.
 * Every row of both models was read a second time from another copy of the
 * same tables (SPEC-2450 Rev. A page 2; the 2470 data sheet's voltage and
 * current tables) into tests/unit/test_accuracy.c, which checks the limit
 * at each range's full scale against this file.
 *
 * The 2460 is not listed. Its published tables (the "Model 2460
 * High-Current Interactive SourceMeter" specifications, and the reading
 * limits of the Model 2460 performance verification, 2460-905-01 Rev. A,
 * January 2016, derived from them) could not be read from any copy
 * wbgkit could check: only the opening pages of 2460-905-01 were
 * reachable, not its verification tables. The 2460 ranges (7 V, 10 V,
 * 4 A, 5 A, 7 A) are not the 2450's, so its figures cannot be borrowed
 * either. wbg_accuracy_* refuse "2460" with WBG_ERR_NOT_SUPPORTED and say
 * why (instruments/accuracy.c), and its SMU readings carry u = NaN.
 */
#include "config.h"

#include "../../accuracy_models.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* 2450 ------------------------------------------------------------------- */

static const wbg_acc_spec k2450_meas_v[] = {
	{20e-3, 0.00100, 150e-6, 0.15, 1.05},
	{200e-3, 0.00012, 200e-6, 0.15, 1.05},
	{2.0, 0.00012, 300e-6, 0.15, 1.05},
	{20.0, 0.00015, 1e-3, 0.15, 1.05},
	{200.0, 0.00015, 10e-3, 0.15, 1.05},
};

static const wbg_acc_spec k2450_src_v[] = {
	{20e-3, 0.00100, 200e-6, 0.15, 1.05},
	{200e-3, 0.00015, 200e-6, 0.15, 1.05},
	{2.0, 0.00020, 300e-6, 0.15, 1.05},
	{20.0, 0.00015, 2.4e-3, 0.15, 1.05},
	{200.0, 0.00015, 24e-3, 0.15, 1.05},
};

static const wbg_acc_spec k2450_meas_i[] = {
	{10e-9, 0.00100, 50e-12, 0.15, 1.05},
	{100e-9, 0.00060, 100e-12, 0.15, 1.05},
	{1e-6, 0.00025, 300e-12, 0.15, 1.05},
	{10e-6, 0.00025, 700e-12, 0.15, 1.05},
	{100e-6, 0.00020, 6e-9, 0.15, 1.05},
	{1e-3, 0.00020, 60e-9, 0.15, 1.05},
	{10e-3, 0.00020, 600e-9, 0.15, 1.05},
	{100e-3, 0.00025, 6e-6, 0.15, 1.05},
	{1.0, 0.00030, 500e-6, 0.15, 1.05},
};

static const wbg_acc_spec k2450_src_i[] = {
	{10e-9, 0.00100, 100e-12, 0.15, 1.05},
	{100e-9, 0.00060, 150e-12, 0.15, 1.05},
	{1e-6, 0.00025, 400e-12, 0.15, 1.05},
	{10e-6, 0.00025, 1.5e-9, 0.15, 1.05},
	{100e-6, 0.00020, 15e-9, 0.15, 1.05},
	{1e-3, 0.00020, 150e-9, 0.15, 1.05},
	{10e-3, 0.00020, 1.5e-6, 0.15, 1.05},
	{100e-3, 0.00025, 15e-6, 0.15, 1.05},
	{1.0, 0.00067, 900e-6, 0.15, 1.05},
};

const struct wbgi_acc_model wbgi_acc_keithley_2450 = {
	"2450",
	"Keithley SPEC-2450 Rev. A (July 2013)",
	{{k2450_meas_v, N(k2450_meas_v)},
	 {k2450_meas_i, N(k2450_meas_i)},
	 {k2450_src_v, N(k2450_src_v)},
	 {k2450_src_i, N(k2450_src_i)}},
};

/* 2470 ------------------------------------------------------------------- */

static const wbg_acc_spec k2470_meas_v[] = {
	{200e-3, 0.00012, 200e-6, 0.30, 1.05},
	{2.0, 0.00012, 300e-6, 0.30, 1.05},
	{20.0, 0.00015, 1e-3, 0.15, 1.05},
	{200.0, 0.00015, 10e-3, 0.15, 1.05},
	{1000.0, 0.00015, 50e-3, 0.15, 1.10}, /* 1000 V range reaches 1100 V */
};

static const wbg_acc_spec k2470_src_v[] = {
	{200e-3, 0.00015, 200e-6, 0.30, 1.05},
	{2.0, 0.00020, 300e-6, 0.30, 1.05},
	{20.0, 0.00015, 2.4e-3, 0.15, 1.05},
	{200.0, 0.00015, 24e-3, 0.15, 1.05},
	{1000.0, 0.00020, 100e-3, 0.15, 1.10},
};

static const wbg_acc_spec k2470_meas_i[] = {
	{10e-9, 0.00100, 250e-12, 0.15, 1.05},
	{100e-9, 0.00060, 300e-12, 0.15, 1.05},
	{1e-6, 0.00025, 300e-12, 0.15, 1.05},
	{10e-6, 0.00025, 700e-12, 0.15, 1.05},
	{100e-6, 0.00020, 6e-9, 0.15, 1.05},
	{1e-3, 0.00020, 60e-9, 0.15, 1.05},
	{10e-3, 0.00020, 600e-9, 0.15, 1.05},
	{100e-3, 0.00025, 6e-6, 0.15, 1.05},
	{1.0, 0.00030, 500e-6, 0.15, 1.05},
};

static const wbg_acc_spec k2470_src_i[] = {
	{10e-9, 0.00100, 200e-12, 0.15, 1.05},
	{100e-9, 0.00060, 250e-12, 0.15, 1.05},
	{1e-6, 0.00025, 400e-12, 0.15, 1.05},
	{10e-6, 0.00025, 1.5e-9, 0.15, 1.05},
	{100e-6, 0.00020, 15e-9, 0.15, 1.05},
	{1e-3, 0.00020, 150e-9, 0.15, 1.05},
	{10e-3, 0.00020, 1.5e-6, 0.15, 1.05},
	{100e-3, 0.00025, 15e-6, 0.15, 1.05},
	{1.0, 0.00067, 900e-6, 0.15, 1.05},
};

const struct wbgi_acc_model wbgi_acc_keithley_2470 = {
	"2470",
	"Keithley Model 2470 High Voltage SourceMeter specifications (voltage and current tables)",
	{{k2470_meas_v, N(k2470_meas_v)},
	 {k2470_meas_i, N(k2470_meas_i)},
	 {k2470_src_v, N(k2470_src_v)},
	 {k2470_src_i, N(k2470_src_i)}},
};
