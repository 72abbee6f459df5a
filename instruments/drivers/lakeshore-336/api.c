/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Lake Shore Model 336 temperature controller behind the thermal interface
 * (Model 336 User's Manual, chapter 6: SETP, RANGE, KRDG?). Waiting for a
 * stable temperature polls the control input and lets time pass with
 * wbg_instr_wait(): the virtual bench's clock on SIM::, a sleep otherwise.
 * Accuracy: the 336's temperature accuracy is that of its input electronics
 * combined with the sensor and its calibration (manual, input
 * specifications, per sensor type); no sensor is configured here, so
 * readings carry no uncertainty rather than an invented one.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ls336_drv.h"
#include "wbg/driver.h"
#include "wbg/error.h"

struct wbg_thermal {
	wbg_instr *instr;
	wbg_ctx *ctx;
	int loop;
	char input;
	double setp_k;
};

int wbg_thermal_open(wbg_thermal **out, wbg_instr *instr, const char *driver, int loop,
                     char input, wbg_ctx *ctx)
{
	wbg_idn idn;
	wbg_thermal *th;
	int rc;

	if (!out || !instr)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_thermal_open: NULL argument");
	if (!driver) {
		rc = wbg_instr_idn(instr, &idn);
		if (rc != WBG_OK)
			return rc;
		driver = idn.model;
	}
	if (strcasecmp(driver, "336") != 0 && strcasecmp(driver, "MODEL336") != 0)
		return wbg_ctx_error(ctx, WBG_ERR_NOT_SUPPORTED,
		                     "%s: no temperature-controller driver for model '%s' (drivers: "
		                     "336)",
		                     wbg_instr_resource(instr), driver);
	if (loop < 1 || loop > 2 || input < 'A' || input > 'D')
		return wbg_ctx_error(ctx, WBG_ERR_RANGE, "336: loop 1..2, input A..D");
	th = calloc(1, sizeof(*th));
	if (!th)
		return wbg_ctx_error(ctx, WBG_ERR_NOMEM, "opening the thermal interface");
	th->instr = instr;
	th->ctx = ctx;
	th->loop = loop;
	th->input = input;
	th->setp_k = NAN;
	*out = th;
	return WBG_OK;
}

void wbg_thermal_free(wbg_thermal *th)
{
	free(th);
}

int wbg_thermal_set(wbg_thermal *th, double temp_k)
{
	char cmd[64];
	int rc;

	if (!th || !(temp_k > 0 && temp_k <= 1500))
		return wbg_ctx_error(th ? th->ctx : NULL, WBG_ERR_RANGE,
		                     "336 setpoint of %g K (0..1500 K)", temp_k);
	snprintf(cmd, sizeof(cmd), "SETP %d,%.3f", th->loop, temp_k);
	rc = wbg_instr_write(th->instr, cmd);
	if (rc != WBG_OK)
		return rc;
	snprintf(cmd, sizeof(cmd), "RANGE %d,3", th->loop);
	rc = wbg_instr_write(th->instr, cmd);
	if (rc == WBG_OK)
		th->setp_k = temp_k;
	return rc;
}

int wbg_thermal_read(wbg_thermal *th, double *out_k)
{
	char cmd[16], *reply = NULL;
	double k;
	int rc;

	if (!th || !out_k)
		return WBG_ERR_INVALID_ARG;
	snprintf(cmd, sizeof(cmd), "KRDG? %c", th->input);
	rc = wbg_instr_query(th->instr, &reply, cmd, 0);
	if (rc != WBG_OK)
		return rc;
	if (wbgi_ls336_parse_kelvin(&k, reply) != WBG_OK) {
		rc = wbg_ctx_error(th->ctx, WBG_ERR_PROTOCOL, "%s: unexpected KRDG? reply '%.40s'",
		                   wbg_instr_resource(th->instr), reply);
		free(reply);
		return rc;
	}
	free(reply);
	*out_k = k;
	return WBG_OK;
}

int wbg_thermal_wait_stable(wbg_thermal *th, double band_k, double hold_s, double poll_s,
                            double timeout_s)
{
	double t = 0, stable = 0, k = NAN;
	int rc;

	if (!th || !(band_k > 0) || !(hold_s >= 0) || !(poll_s > 0) || !(timeout_s > 0))
		return wbg_ctx_error(th ? th->ctx : NULL, WBG_ERR_INVALID_ARG,
		                     "wait_stable: band, poll and timeout > 0");
	if (isnan(th->setp_k))
		return wbg_ctx_error(th->ctx, WBG_ERR_STATE, "wait_stable: no setpoint set");
	for (;;) {
		rc = wbg_thermal_read(th, &k);
		if (rc != WBG_OK)
			return rc;
		stable = fabs(k - th->setp_k) <= band_k ? stable : -1.0;
		if (stable >= hold_s)
			return WBG_OK;
		if (t >= timeout_s)
			return wbg_ctx_error(th->ctx, WBG_ERR_TIMEOUT,
			                     "%s: not within %g K of %g K for %g s after %g s (last "
			                     "reading %g K); check the heater range and PID",
			                     wbg_instr_resource(th->instr), band_k, th->setp_k, hold_s,
			                     timeout_s, k);
		rc = wbg_instr_wait(th->instr, poll_s);
		if (rc != WBG_OK)
			return rc;
		t += poll_s;
		stable = stable < 0 ? 0 : stable + poll_s;
	}
}

int wbg_thermal_off(wbg_thermal *th)
{
	char cmd[32];

	if (!th)
		return WBG_ERR_INVALID_ARG;
	snprintf(cmd, sizeof(cmd), "RANGE %d,0", th->loop);
	return wbg_instr_write(th->instr, cmd);
}
