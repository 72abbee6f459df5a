/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Measurement accuracy of the Keysight B2901A/B2902A, 1 year, 23 °C ± 5 °C,
 * 1 PLC: ±(% reading + offset). Source: Keysight "B2900A Series Precision
 * Source/Measure Unit" data sheet, page 16 ("Voltage measurement
 * specifications", "Current measurement specifications"). Temperature
 * coefficient ±(0.1 × accuracy)/°C from 0-18 °C and 28-50 °C; over range
 * 106 % (102 % on the 1.5 A and 3 A ranges). The 10 nA range exists only on
 * the B2911A/B2912A; the 10 A range is pulse-only and not listed.
 * The source (programming) accuracy tables were not at hand: source
 * functions return WBG_ERR_NOT_SUPPORTED rather than invented figures.
 */
#include "config.h"

#include "../../accuracy_models.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const wbg_acc_spec b2900_meas_v[] = {
	{200e-3, 0.00015, 225e-6, 0.1, 1.06},
	{2.0, 0.00020, 350e-6, 0.1, 1.06},
	{20.0, 0.00015, 5e-3, 0.1, 1.06},
	{200.0, 0.00015, 50e-3, 0.1, 1.06},
};

static const wbg_acc_spec b2900_meas_i[] = {
	{100e-9, 0.00060, 100e-12, 0.1, 1.06},
	{1e-6, 0.00025, 500e-12, 0.1, 1.06},
	{10e-6, 0.00025, 1.5e-9, 0.1, 1.06},
	{100e-6, 0.00020, 25e-9, 0.1, 1.06},
	{1e-3, 0.00020, 200e-9, 0.1, 1.06},
	{10e-3, 0.00020, 2.5e-6, 0.1, 1.06},
	{100e-3, 0.00020, 20e-6, 0.1, 1.06},
	{1.0, 0.00030, 1.5e-3, 0.1, 1.06},
	{1.5, 0.00050, 3.5e-3, 0.1, 1.02},
	{3.0, 0.00400, 7e-3, 0.1, 1.02},
};

#define B2900_SOURCE "Keysight B2900A Series Precision Source/Measure Unit data sheet, p. 16"

const struct wbgi_acc_model wbgi_acc_keysight_b2901a = {
	"B2901A",
	B2900_SOURCE,
	{{b2900_meas_v, N(b2900_meas_v)}, {b2900_meas_i, N(b2900_meas_i)}, {NULL, 0}, {NULL, 0}},
};

const struct wbgi_acc_model wbgi_acc_keysight_b2902a = {
	"B2902A",
	B2900_SOURCE,
	{{b2900_meas_v, N(b2900_meas_v)}, {b2900_meas_i, N(b2900_meas_i)}, {NULL, 0}, {NULL, 0}},
};
