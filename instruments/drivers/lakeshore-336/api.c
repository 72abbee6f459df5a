/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Lake Shore Model 336 temperature controller behind the thermal interface
 * (Model 336 User's Manual, chapter 6: SETP, RANGE, KRDG?). Waiting for a
 * stable temperature polls the control input and lets time pass with
 * wbg_instr_wait(): the virtual bench's clock on SIM::, a sleep otherwise.
 * Accuracy (wbg_thermal_read_u): the input's configuration is read back
 * (INTYPE?, INCRV?), the electronic accuracy of that type and range
 * (accuracy.c) is taken at the sensor-units reading (SRDG?) and turned
 * into kelvin through the slope of the curve segment that holds the
 * reading (CRVHDR?, CRVPT?), then combined with the sensor tolerance the
 * user states. Curve points are fetched by bisection and kept for the
 * life of the handle (up to 200 points, dropped when the input's curve
 * number changes).
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

#define CURVE_PTS 200 /* points a 336 curve holds (CRVPT index 1..200) */

struct wbg_thermal {
	wbg_instr *instr;
	wbg_ctx *ctx;
	int loop;
	char input;
	double setp_k;
	double tol_k; /* sensor tolerance half-width (K), 0 when not stated */
	/* Points of curve crv fetched so far (have[i]: point i + 1). */
	int crv, crv_format;
	unsigned char have[CURVE_PTS];
	double crv_s[CURVE_PTS], crv_t[CURVE_PTS];
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
	th->crv = -1;
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

/* WBG_ERR_PROTOCOL: the reply to @p q is not what was asked for; @p want
 * says what it should hold ("" when the query says it). */
static int bad_reply(const wbg_thermal *th, const char *q, const char *reply, const char *want)
{
	return wbg_ctx_error(th->ctx, WBG_ERR_PROTOCOL, "%s: unexpected %s reply '%.60s'%s%s",
	                     wbg_instr_resource(th->instr), q, reply, want[0] ? " " : "", want);
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
		rc = bad_reply(th, cmd, reply, "");
		free(reply);
		return rc;
	}
	free(reply);
	*out_k = k;
	return WBG_OK;
}

/* Query "<cmd> <arg>" and parse the reply as an integer within lo..hi. */
static int query_int(wbg_thermal *th, int *out, const char *cmd, const char *arg, int lo, int hi)
{
	char q[48], *reply = NULL;
	int rc;

	snprintf(q, sizeof(q), "%s %s", cmd, arg);
	rc = wbg_instr_query(th->instr, &reply, q, 0);
	if (rc != WBG_OK)
		return rc;
	if (wbgi_ls336_parse_int(out, reply, lo, hi) != WBG_OK) {
		char want[48];
		snprintf(want, sizeof(want), "(an integer %d..%d)", lo, hi);
		rc = bad_reply(th, q, reply, want);
	}
	free(reply);
	return rc;
}

/* Point @p i (1..200) of the cached curve: CRVPT? on first use. */
static int curve_point(wbg_thermal *th, int i, double *out_s, double *out_t)
{
	char q[32], *reply = NULL;
	int rc;

	if (!th->have[i - 1]) {
		snprintf(q, sizeof(q), "CRVPT? %d,%d", th->crv, i);
		rc = wbg_instr_query(th->instr, &reply, q, 0);
		if (rc != WBG_OK)
			return rc;
		rc = wbgi_ls336_parse_crvpt(&th->crv_s[i - 1], &th->crv_t[i - 1], reply);
		if (rc != WBG_OK)
			rc = bad_reply(th, q, reply, "(units,kelvin)");
		free(reply);
		if (rc != WBG_OK)
			return rc;
		th->have[i - 1] = 1;
	}
	*out_s = th->crv_s[i - 1];
	*out_t = th->crv_t[i - 1];
	return WBG_OK;
}

/* Select curve @p crv for the cache: its header's data format. */
static int curve_select(wbg_thermal *th, int crv)
{
	char q[32], *reply = NULL;
	int rc, format;

	if (th->crv == crv)
		return WBG_OK;
	snprintf(q, sizeof(q), "CRVHDR? %d", crv);
	rc = wbg_instr_query(th->instr, &reply, q, 0);
	if (rc != WBG_OK)
		return rc;
	if (wbgi_ls336_parse_crvhdr(&format, reply) != WBG_OK) {
		rc = bad_reply(th, q, reply, "(name,SN,format,limit,coeff)");
		free(reply);
		return rc;
	}
	free(reply);
	memset(th->have, 0, sizeof(th->have));
	th->crv = crv;
	th->crv_format = format;
	return WBG_OK;
}

/*
 * dT/dS at sensor reading @p s on curve @p crv: the slope of the segment
 * that holds s, as the 336 interpolates. Points are in ascending sensor
 * units; an unused point (0,0) ends the curve. Bisection for the first
 * point at or above s.
 */
static int curve_slope(wbg_thermal *th, int crv, double s, double *out_dtds)
{
	double s1, t1, s2, t2;
	int lo = 1, hi = CURVE_PTS, mid, rc;

	rc = curve_select(th, crv);
	if (rc != WBG_OK)
		return rc;
	/* Units of V/K (2) and Ω/K (3) curves are those of SRDG?; mV/K (1)
	 * and log Ω/K (4) would need a conversion no encoded input uses. */
	if (th->crv_format != 2 && th->crv_format != 3)
		return wbg_ctx_error(th->ctx, WBG_ERR_NOT_SUPPORTED,
		                     "%s: curve %d has data format %d; the accuracy model "
		                     "converts through V/K (2) or ohm/K (3) curves only",
		                     wbg_instr_resource(th->instr), crv, th->crv_format);
	while (lo <= hi) {
		mid = lo + (hi - lo) / 2;
		rc = curve_point(th, mid, &s2, &t2);
		if (rc != WBG_OK)
			return rc;
		if ((s2 == 0 && t2 == 0) || s2 >= s)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	if (lo == 1)
		lo = 2; /* s at or below the first point: the first segment */
	if (lo > CURVE_PTS)
		goto outside;
	rc = curve_point(th, lo - 1, &s1, &t1);
	if (rc == WBG_OK)
		rc = curve_point(th, lo, &s2, &t2);
	if (rc != WBG_OK)
		return rc;
	if ((s2 == 0 && t2 == 0) || (s1 == 0 && t1 == 0) || s < s1 || s > s2)
		goto outside;
	if (!(s2 > s1))
		return wbg_ctx_error(th->ctx, WBG_ERR_PROTOCOL,
		                     "%s: curve %d points %d and %d are not in ascending sensor "
		                     "units (%g, %g)",
		                     wbg_instr_resource(th->instr), crv, lo - 1, lo, s1, s2);
	*out_dtds = (t2 - t1) / (s2 - s1);
	return WBG_OK;
outside:
	return wbg_ctx_error(th->ctx, WBG_ERR_RANGE,
	                     "%s: sensor reading %g is outside curve %d; no sensitivity to "
	                     "convert the input's accuracy with",
	                     wbg_instr_resource(th->instr), s, crv);
}

int wbg_thermal_set_sensor_tolerance(wbg_thermal *th, double tol_k)
{
	if (!th || !isfinite(tol_k) || tol_k < 0)
		return wbg_ctx_error(th ? th->ctx : NULL, WBG_ERR_INVALID_ARG,
		                     "sensor tolerance of %g K (a half-width >= 0 K)", tol_k);
	th->tol_k = tol_k;
	return WBG_OK;
}

int wbg_thermal_read_u(wbg_thermal *th, double *out_k, double *out_u_k)
{
	struct wbgi_ls336_intype it;
	const wbg_acc_spec *spec = NULL;
	char q[16], in[2] = {0, 0}, *reply = NULL;
	double k, s, dtds = NAN, u;
	int rc, status, crv;

	if (!th || !out_k || !out_u_k)
		return wbg_ctx_error(th ? th->ctx : NULL, WBG_ERR_INVALID_ARG,
		                     "wbg_thermal_read_u: NULL argument");
	in[0] = th->input;
	snprintf(q, sizeof(q), "INTYPE? %c", th->input);
	rc = wbg_instr_query(th->instr, &reply, q, 0);
	if (rc != WBG_OK)
		return rc;
	rc = wbgi_ls336_parse_intype(&it, reply);
	if (rc != WBG_OK)
		rc = bad_reply(th, q, reply, "(type,autorange,range,comp,units)");
	free(reply);
	if (rc != WBG_OK)
		return rc;
	rc = wbgi_ls336_input_spec(&spec, it.type, it.range);
	if (rc == WBG_ERR_STATE)
		return wbg_ctx_error(th->ctx, rc, "%s: input %c is disabled (INTYPE type 0); "
		                                  "configure its sensor type",
		                     wbg_instr_resource(th->instr), th->input);
	if (rc != WBG_OK)
		return wbg_ctx_error(th->ctx, WBG_ERR_NOT_SUPPORTED,
		                     "%s: input %c is sensor type %d (%s) on range %d%s; wbgkit "
		                     "has the 336 electronic accuracy of the diode input on its "
		                     "2.5 V range only (%s)",
		                     wbg_instr_resource(th->instr), th->input, it.type,
		                     wbgi_ls336_type_name(it.type), it.range,
		                     it.autorange ? " (autorange)" : "", wbgi_ls336_source);
	rc = wbg_thermal_read(th, &k);
	if (rc == WBG_OK)
		rc = query_int(th, &status, "RDGST?", in, 0, 255);
	if (rc != WBG_OK)
		return rc;
	if (status != 0)
		return wbg_ctx_error(th->ctx, WBG_ERR_RANGE,
		                     "%s: input %c has no valid reading (RDGST? %d:%s%s%s%s%s); "
		                     "check the sensor, its wiring and its curve's range",
		                     wbg_instr_resource(th->instr), th->input, status,
		                     status & 1 ? " invalid" : "", status & 16 ? " T.UNDER" : "",
		                     status & 32 ? " T.OVER" : "", status & 64 ? " S.ZERO" : "",
		                     status & 128 ? " S.OVER" : "");
	snprintf(q, sizeof(q), "SRDG? %c", th->input);
	rc = wbg_instr_query(th->instr, &reply, q, 0);
	if (rc != WBG_OK)
		return rc;
	rc = wbgi_ls336_parse_units(&s, reply);
	if (rc != WBG_OK)
		rc = bad_reply(th, q, reply, "");
	free(reply);
	if (rc == WBG_OK)
		rc = query_int(th, &crv, "INCRV?", in, 0, 59);
	if (rc != WBG_OK)
		return rc;
	if (crv == 0)
		return wbg_ctx_error(th->ctx, WBG_ERR_STATE,
		                     "%s: input %c has no curve (INCRV 0), so no temperature to "
		                     "give an uncertainty for; select the sensor's curve",
		                     wbg_instr_resource(th->instr), th->input);
	rc = curve_slope(th, crv, s, &dtds);
	if (rc != WBG_OK)
		return rc;
	u = wbgi_ls336_u_k(spec, s, dtds, th->tol_k);
	if (!isfinite(u))
		return wbg_ctx_error(th->ctx, WBG_ERR_RANGE,
		                     "%s: input %c reading %g is beyond its %g range",
		                     wbg_instr_resource(th->instr), th->input, s, spec->range);
	*out_k = k;
	*out_u_k = u;
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
