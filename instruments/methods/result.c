/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Measurement results: raw arrays and records, ready for the store. */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "method_int.h"
#include "wbg/error.h"

int wbgi_result_new(wbg_meas_result **out, wbg_meas *m, const char *method)
{
	wbg_meas_result *r = calloc(1, sizeof(*r));

	/* A new method: what an earlier one left unfinished is dropped. */
	wbg_meas_result_free(m->partial);
	m->partial = NULL;
	if (!r)
		return wbg_ctx_error(m->ctx, WBG_ERR_NOMEM, "result of %s", method);
	snprintf(r->method, sizeof(r->method), "%s", method);
	r->started = wbg_time_now();
	r->tx = wbg_meas_transactions(m);
	r->temp_k = r->temp_u_k = NAN;
	if (m->th) {
		int rc = wbg_thermal_read_u(m->th, &r->temp_k, &r->temp_u_k);

		/* A sensor the accuracy model does not cover still gives the
		 * temperature, without its uncertainty (said once per result). */
		if (rc == WBG_ERR_NOT_SUPPORTED) {
			wbg_log(m->ctx, WBG_LOG_WARN, "meas", "%s: temperature recorded without "
			        "uncertainty: %s", method, wbg_ctx_errmsg(m->ctx));
			r->temp_u_k = NAN;
			rc = wbg_thermal_read(m->th, &r->temp_k);
		}
		if (rc != WBG_OK) {
			free(r);
			return rc;
		}
	}
	*out = r;
	return WBG_OK;
}

double *wbgi_result_array(wbg_meas_result *r, const char *name, const char *unit, size_t n)
{
	size_t k = r->n_arrays;

	if (k >= WBGI_MAX_ARRAYS || n == 0)
		return NULL;
	size_t i;

	r->data[k] = calloc(n, sizeof(double));
	if (!r->data[k])
		return NULL;
	for (i = 0; i < n; i++)
		r->data[k][i] = NAN; /* not measured (yet): what a failed method leaves */
	snprintf(r->names[k], sizeof(r->names[k]), "%s", name);
	r->arrays[k].name = r->names[k];
	r->arrays[k].unit = unit; /* static strings */
	r->arrays[k].values = r->data[k];
	r->arrays[k].n = n;
	r->n_arrays++;
	return r->data[k];
}

int wbgi_result_record(wbg_meas_result *r, wbg_ctx *ctx, const char *quantity, double value,
                       const char *unit, double u, ...)
{
	wbg_record *rec = NULL;
	const char *name, *cu;
	va_list ap;
	double v;
	int rc;

	if (r->n_records >= WBGI_MAX_RECORDS)
		return wbg_ctx_error(ctx, WBG_ERR_INTERNAL, "too many records in %s", r->method);
	rc = wbg_record_new(&rec, quantity, value, unit, isfinite(u) && u >= 0 ? u : NAN, ctx);
	if (rc != WBG_OK)
		return rc;
	va_start(ap, u);
	while ((name = va_arg(ap, const char *)) != NULL) {
		v = va_arg(ap, double);
		cu = va_arg(ap, const char *);
		if (!isfinite(v))
			continue;
		rc = wbg_record_add_condition(rec, name, v, cu, ctx);
		if (rc != WBG_OK)
			break;
	}
	va_end(ap);
	if (rc == WBG_OK && isfinite(r->temp_k))
		rc = wbg_record_add_condition(rec, "temp", r->temp_k, "K", ctx);
	if (rc == WBG_OK && isfinite(r->temp_k) && isfinite(r->temp_u_k))
		rc = wbg_record_add_condition(rec, "u_temp", r->temp_u_k, "K", ctx);
	if (rc != WBG_OK) {
		wbg_record_free(rec);
		return rc;
	}
	wbg_record_set_time(rec, wbg_time_now());
	r->records[r->n_records++] = rec;
	return WBG_OK;
}

void wbgi_result_finish(wbg_meas_result *r, wbg_meas *m)
{
	r->finished = wbg_time_now();
	r->tx = wbg_meas_transactions(m) - r->tx;
}

int wbg_meas_take_partial(wbg_meas_result **out, wbg_meas *m)
{
	if (!out || !m)
		return WBG_ERR_INVALID_ARG;
	if (!m->partial)
		return WBG_ERR_NOT_FOUND;
	*out = m->partial;
	m->partial = NULL;
	return WBG_OK;
}

void wbg_meas_result_free(wbg_meas_result *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->n_arrays; i++)
		free(r->data[i]);
	for (i = 0; i < r->n_records; i++)
		wbg_record_free(r->records[i]);
	free(r);
}

const char *wbg_meas_result_method(const wbg_meas_result *r)
{
	return r ? r->method : NULL;
}

size_t wbg_meas_result_array_count(const wbg_meas_result *r)
{
	return r ? r->n_arrays : 0;
}

const wbg_array *wbg_meas_result_array(const wbg_meas_result *r, size_t i)
{
	return r && i < r->n_arrays ? &r->arrays[i] : NULL;
}

const wbg_array *wbg_meas_result_find(const wbg_meas_result *r, const char *name)
{
	size_t i;

	for (i = 0; r && name && i < r->n_arrays; i++)
		if (strcmp(r->arrays[i].name, name) == 0)
			return &r->arrays[i];
	return NULL;
}

size_t wbg_meas_result_record_count(const wbg_meas_result *r)
{
	return r ? r->n_records : 0;
}

const wbg_record *wbg_meas_result_record(const wbg_meas_result *r, size_t i)
{
	return r && i < r->n_records ? r->records[i] : NULL;
}

double wbg_meas_result_started(const wbg_meas_result *r)
{
	return r ? r->started : NAN;
}

double wbg_meas_result_finished(const wbg_meas_result *r)
{
	return r ? r->finished : NAN;
}

unsigned long wbg_meas_result_transactions(const wbg_meas_result *r)
{
	return r ? r->tx : 0;
}

void wbg_meas_result_step(wbg_step *out, const wbg_meas_result *r, const char *sample, int seq,
                          const char *test)
{
	if (!out || !r)
		return;
	memset(out, 0, sizeof(*out));
	out->sample = sample;
	out->seq = seq;
	out->test = test;
	out->method = r->method;
	out->readout_s = 0.0;
	out->started = r->started;
	out->finished = r->finished;
	out->arrays = r->arrays;
	out->n_arrays = r->n_arrays;
	out->records = (const wbg_record *const *)r->records;
	out->n_records = r->n_records;
}

int wbg_meas_result_store_aborted(wbg_store *st, int64_t run, const wbg_meas_result *r,
                                  const char *sample, int seq, const char *test,
                                  double readout_s, const char *why)
{
	wbg_step step;

	if (!r)
		return WBG_ERR_INVALID_ARG;
	wbg_meas_result_step(&step, r, sample, seq, test);
	step.readout_s = readout_s;
	step.records = NULL;
	step.n_records = 0;
	return wbg_store_step_write_aborted(NULL, st, run, &step, why);
}

/* Record one instrument of the session: its identity from *IDN? and the
 * document its readings' uncertainties come from. */
static void store_instrument(wbg_store *st, int64_t run, const char *role, wbg_instr *in,
                             const char *accuracy)
{
	wbg_instrument_info ii;
	wbg_idn idn;
	char full[512];

	if (!in || wbg_instr_idn(in, &idn) != WBG_OK)
		return;
	snprintf(full, sizeof(full), "%s,%s,%s,%s", idn.manufacturer, idn.model, idn.serial,
	         idn.firmware);
	memset(&ii, 0, sizeof(ii));
	ii.role = role;
	ii.resource = wbg_instr_resource(in);
	ii.idn = full;
	ii.manufacturer = idn.manufacturer;
	ii.model = idn.model;
	ii.serial = idn.serial;
	ii.firmware = idn.firmware;
	ii.accuracy = accuracy;
	(void)wbg_store_instrument_add(st, run, &ii); /* already there on a resume */
}

void wbg_meas_store_instruments(wbg_meas *m, wbg_store *st, int64_t run)
{
	static const char *const roles[] = {"gate", "drain"};
	size_t k;

	if (!m || !st)
		return;
	for (k = 0; k < 2; k++) {
		wbg_smu *s = wbg_meas_smu(m, roles[k]);
		if (s)
			store_instrument(st, run, roles[k], wbg_smu_instr(s), wbg_smu_accuracy_source(s));
	}
	for (k = 0; k < WBGI_C_N; k++) {
		char role[32];
		if (!m->lcr[k] || !m->lcr_instr[k])
			continue;
		snprintf(role, sizeof(role), "lcr %s", wbgi_cap_names[k]);
		store_instrument(st, run, role, m->lcr_instr[k], wbg_lcr_accuracy_source(m->lcr[k]));
	}
	if (m->th && m->th_instr)
		store_instrument(st, run, "temperature", m->th_instr, NULL);
}
