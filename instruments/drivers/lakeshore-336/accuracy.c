/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Lake Shore Model 336: the electronic accuracy of a sensor input, in
 * sensor units, and its standard uncertainty in kelvin.
 *
 * Source: Lake Shore Model 336 User's Manual, chapter 1, "Input
 * specifications" table (electronic accuracy at 25 °C, per input type and
 * range, "±(offset) ±(% of rdg)" in sensor units). Encoded: the diode
 * input on its 0 V to 2.5 V range, ±80 µV ±0.005 % of reading. That row
 * reproduces the manual's "typical sensor performance" table, where the
 * same input reads a DT-670 (its electronic accuracy in temperature units:
 * ±13 mK at 1.4 K, ±76 mK at 77 K, ±47 mK at 300 K, ±40 mK at 500 K), with
 * the DT-670 sensitivities of Lake Shore's published curve; the unit test
 * test_ls336_accuracy checks that reproduction.
 * Provenance, stated plainly: the DT-670 curve was read from published
 * copies; the input row and the four mK entries were transcribed from the
 * manual without a copy at hand to re-read (none could be retrieved when
 * this was written). Two transcriptions that reproduce each other to the
 * printed 1 mK at four temperatures, through an independently retrieved
 * curve, are the check; re-read both against your manual's revision.
 *
 * Not encoded, so refused (WBG_ERR_NOT_SUPPORTED) rather than guessed: the
 * 10 V diode range, the PTC RTD, NTC RTD and thermocouple inputs, and the
 * measurement temperature coefficient away from 25 °C. Their rows could
 * not be read back and cross-checked when this model was written; add
 * them here, each with its check against the manual's sensor table.
 *
 * Temperature: the 336 turns sensor units into kelvin by linear
 * interpolation between the points of the input's curve, so its
 * sensitivity at a reading is the slope of the curve segment that holds
 * the reading. An error limit a in sensor units is a·|dT/dS| in kelvin.
 *
 * Standard uncertainty: the electronic limit and the sensor's own
 * tolerance to its curve (a half-width the user states, e.g. a DT-670
 * tolerance band from the sensor's data sheet, or a calibration's
 * expanded uncertainty) are both read as rectangular distributions
 * (GUM 4.3.7), u = sqrt(a_e² + a_s²)/√3, as the SMU accuracy models do.
 */
#include "config.h"

#include <math.h>
#include <stddef.h>

#include "ls336_drv.h"
#include "wbg/error.h"

const char wbgi_ls336_source[] =
	"Lake Shore Model 336 User's Manual, chapter 1, Input specifications";

/* INTYPE 1, range 0: diode, 0 V to 2.5 V, ±80 µV ±0.005 % of reading.
 * The tempco column is not applied (0): the model holds at the manual's
 * 25 °C reference. */
static const wbg_acc_spec diode_2v5 = {
	.range = 2.5,
	.gain = 0.005e-2,
	.offset = 80e-6,
	.tempco = 0,
	.overrange = 1.0,
};

const char *wbgi_ls336_type_name(int type)
{
	switch (type) {
	case 0:
		return "disabled";
	case 1:
		return "diode";
	case 2:
		return "PTC RTD";
	case 3:
		return "NTC RTD";
	case 4:
		return "thermocouple";
	case 5:
		return "capacitance";
	default:
		return "unknown";
	}
}

int wbgi_ls336_input_spec(const wbg_acc_spec **out, int type, int range)
{
	if (!out)
		return WBG_ERR_INVALID_ARG;
	if (type == 0)
		return WBG_ERR_STATE;
	if (type == 1 && range == 0) {
		*out = &diode_2v5;
		return WBG_OK;
	}
	return WBG_ERR_NOT_SUPPORTED;
}

double wbgi_ls336_u_k(const wbg_acc_spec *spec, double units, double dtds, double tol_k)
{
	double a_e;

	if (!spec || !isfinite(units) || !isfinite(dtds) || dtds == 0 || !(tol_k >= 0) ||
	    !isfinite(tol_k) || fabs(units) > spec->range * spec->overrange)
		return NAN;
	a_e = (spec->offset + spec->gain * fabs(units)) * fabs(dtds);
	return sqrt(a_e * a_e + tol_k * tol_k) / sqrt(3.0);
}
