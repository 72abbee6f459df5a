/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writing the verdicts of 'wbg check' as text, JSON (jansson) or JUnit XML. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "check_report.h"

static void fmt_si(char *buf, size_t len, double v, const char *unit)
{
	if (isinf(v)) {
		snprintf(buf, len, "%s", v > 0 ? "+inf" : "-inf");
		return;
	}
	if (isnan(v)) {
		snprintf(buf, len, "-");
		return;
	}
	if (!unit || !unit[0] || wbg_unit_format(buf, len, v, unit, 6, 0, NULL) != WBG_OK)
		snprintf(buf, len, "%.6g", v);
}

static void interval_text(char *buf, size_t len, double lo, double hi, const char *unit)
{
	char a[64], b[64];

	fmt_si(a, sizeof(a), lo, unit);
	fmt_si(b, sizeof(b), hi, unit);
	snprintf(buf, len, "[%s, %s]", a, b);
}

static void limits_text(char *buf, size_t len, const wbg_result *r)
{
	interval_text(buf, len, r->d.tl_lo, r->d.tl_hi, r->unit);
}

static int write_text(FILE *out, const struct check_info *info, const wbg_eval *ev)
{
	size_t i, count[4] = {0, 0, 0, 0}, n = wbg_eval_count(ev);

	fprintf(out, "standard %s rev %s (%s)%s%s\n", wbg_standard_id(info->std),
	        wbg_standard_revision(info->std), info->standard_path,
	        info->device ? ", device " : "", info->device ? info->device : "");
	for (i = 0; i < n; i++) {
		const wbg_result *r = wbg_eval_result(ev, i);
		char v[64], lim[140], acc[140], U[64], u[64], ro[32];
		count[r->d.outcome]++;
		if (r->d.outcome == WBG_PASS && !info->all)
			continue;
		fmt_si(v, sizeof(v), r->d.value, r->unit);
		limits_text(lim, sizeof(lim), r);
		interval_text(acc, sizeof(acc), r->d.al_lo, r->d.al_hi, r->unit);
		fmt_si(U, sizeof(U), isnan(r->d.u) ? NAN : r->d.U, r->unit);
		fmt_si(u, sizeof(u), r->d.u, r->unit);
		if (isnan(r->readout_s))
			snprintf(ro, sizeof(ro), "-");
		else
			snprintf(ro, sizeof(ro), "%g h", r->readout_s / 3600.0);
		if (r->kind == WBG_LIMIT_SAMPLE_PLAN) {
			fprintf(out, "%-16s %s lot %s: %u units, %u failed; plan %u units, accept %u "
			        "(LTPD at 90 %%: %.3g %%): %s\n",
			        wbg_outcome_name(r->d.outcome), r->test, r->lot[0] ? r->lot : "(all)", r->units,
			        r->failures, r->plan_units, r->plan_accept, r->ltpd * 100, r->note);
			continue;
		}
		fprintf(out, "%-16s %s lot %s%s%s %s @ %s (%s): %s", wbg_outcome_name(r->d.outcome),
		        r->test, r->lot, r->sample[0] ? " sample " : "", r->sample, r->parameter, ro,
		        wbg_limit_kind_name(r->kind), v);
		if (!isnan(r->d.u))
			fprintf(out, ", u %s, k %g, U %s", u, r->d.k, U);
		fprintf(out, "; tolerance %s", lim);
		if (r->d.w > 0)
			fprintf(out, ", acceptance %s", acc);
		fprintf(out, "; %s", wbg_rule_name(r->d.rule));
		if (!isnan(r->d.pfa)) {
			if (r->d.outcome == WBG_PASS || r->d.outcome == WBG_COND_PASS)
				fprintf(out, "; PFA %.3g (normal)", r->d.pfa);
			else
				fprintf(out, "; PFR %.3g (normal)", r->d.pfr);
		}
		fprintf(out, "; %s\n", r->note);
	}
	fprintf(out, "%zu verdicts from %zu rows: %zu pass, %zu conditional pass, %zu conditional "
	        "fail, %zu fail",
	        n, info->rows, count[WBG_PASS], count[WBG_COND_PASS], count[WBG_COND_FAIL],
	        count[WBG_FAIL]);
	if (wbg_eval_unused_rows(ev))
		fprintf(out, "; %zu rows not used by the standard", wbg_eval_unused_rows(ev));
	fprintf(out, "\n%s\n", wbg_outcome_name(wbg_eval_worst(ev)));
	return 0;
}

static json_t *jnum(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static int write_json(FILE *out, const struct check_info *info, const wbg_eval *ev)
{
	json_t *root = json_object(), *arr = json_array();
	size_t i, n = wbg_eval_count(ev);
	int rc;

	if (!root || !arr) {
		json_decref(root);
		json_decref(arr);
		return -1;
	}
	json_object_set_new(root, "format", json_string("wbgkit-verdicts/1"));
	json_object_set_new(root, "standard", json_string(wbg_standard_id(info->std)));
	json_object_set_new(root, "revision", json_string(wbg_standard_revision(info->std)));
	json_object_set_new(root, "standard_file", json_string(info->standard_path));
	json_object_set_new(root, "device", info->device ? json_string(info->device) : json_null());
	json_object_set_new(root, "rows", json_integer((json_int_t)info->rows));
	json_object_set_new(root, "unused_rows", json_integer((json_int_t)wbg_eval_unused_rows(ev)));
	json_object_set_new(root, "outcome", json_string(wbg_outcome_name(wbg_eval_worst(ev))));
	json_object_set_new(root, "probability_model",
	                    json_string("normal: measurand ~ N(value, u^2), JCGM 106:2012"));
	for (i = 0; i < n; i++) {
		const wbg_result *r = wbg_eval_result(ev, i);
		json_t *o = json_object();
		if (!o)
			break;
		json_object_set_new(o, "test", json_string(r->test));
		json_object_set_new(o, "lot", json_string(r->lot));
		json_object_set_new(o, "sample", json_string(r->sample));
		json_object_set_new(o, "parameter", json_string(r->parameter));
		json_object_set_new(o, "limit", json_string(wbg_limit_kind_name(r->kind)));
		json_object_set_new(o, "readout_h", jnum(r->readout_s / 3600.0));
		json_object_set_new(o, "outcome", json_string(wbg_outcome_name(r->d.outcome)));
		json_object_set_new(o, "rule", json_string(wbg_rule_name(r->d.rule)));
		json_object_set_new(o, "value_si", jnum(r->d.value));
		json_object_set_new(o, "u_si", jnum(r->d.u));
		json_object_set_new(o, "k", jnum(r->d.k));
		json_object_set_new(o, "U_si", jnum(r->d.U));
		json_object_set_new(o, "r", jnum(r->d.r));
		json_object_set_new(o, "w_si", jnum(r->d.w));
		json_object_set_new(o, "tolerance_low_si", jnum(r->d.tl_lo));
		json_object_set_new(o, "tolerance_high_si", jnum(r->d.tl_hi));
		json_object_set_new(o, "acceptance_low_si", jnum(r->d.al_lo));
		json_object_set_new(o, "acceptance_high_si", jnum(r->d.al_hi));
		json_object_set_new(o, "p_conform", jnum(r->d.p_conform));
		json_object_set_new(o, "pfa", jnum(r->d.pfa));
		json_object_set_new(o, "pfr", jnum(r->d.pfr));
		if (r->kind == WBG_LIMIT_SAMPLE_PLAN) {
			json_object_set_new(o, "plan_units", json_integer(r->plan_units));
			json_object_set_new(o, "plan_accept", json_integer(r->plan_accept));
			json_object_set_new(o, "units", json_integer(r->units));
			json_object_set_new(o, "failures", json_integer(r->failures));
			json_object_set_new(o, "ltpd90", jnum(r->ltpd));
		}
		json_object_set_new(o, "note", json_string(r->note ? r->note : ""));
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "verdicts", arr);
	rc = json_dumpf(root, out, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
	fputc('\n', out);
	json_decref(root);
	return rc;
}

static void xml_escape(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '&':
			fputs("&amp;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		default:
			if ((unsigned char)*s >= 0x20 || *s == '\t' || *s == '\n')
				fputc(*s, out);
		}
	}
}

static int write_junit(FILE *out, const struct check_info *info, const wbg_eval *ev)
{
	size_t i, n = wbg_eval_count(ev), fails = 0;

	for (i = 0; i < n; i++)
		if (wbg_eval_result(ev, i)->d.outcome != WBG_PASS)
			fails++;
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n<testsuite name=\"");
	xml_escape(out, wbg_standard_id(info->std));
	fprintf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n", n, fails);
	for (i = 0; i < n; i++) {
		const wbg_result *r = wbg_eval_result(ev, i);
		char v[64], lim[140], name[512];
		fmt_si(v, sizeof(v), r->d.value, r->unit);
		limits_text(lim, sizeof(lim), r);
		if (isnan(r->readout_s))
			snprintf(name, sizeof(name), "lot %s %s%s %s %s", r->lot, r->sample[0] ? "sample " : "",
			         r->sample, r->parameter, wbg_limit_kind_name(r->kind));
		else
			snprintf(name, sizeof(name), "lot %s sample %s %s @ %g h %s", r->lot, r->sample,
			         r->parameter, r->readout_s / 3600.0, wbg_limit_kind_name(r->kind));
		fputs("  <testcase classname=\"", out);
		xml_escape(out, r->test);
		fputs("\" name=\"", out);
		xml_escape(out, name);
		fputs("\">", out);
		if (r->d.outcome != WBG_PASS) {
			fprintf(out, "<failure type=\"%s\" message=\"", wbg_outcome_name(r->d.outcome));
			fprintf(out, "%s ", wbg_outcome_name(r->d.outcome));
			xml_escape(out, v);
			fputs(" limits ", out);
			xml_escape(out, lim);
			fprintf(out, " (%s)\"/>", wbg_rule_name(r->d.rule));
		}
		fputs("</testcase>\n", out);
	}
	fputs("</testsuite>\n</testsuites>\n", out);
	return 0;
}

int check_report(FILE *out, enum check_format fmt, const struct check_info *info,
                 const wbg_eval *ev)
{
	switch (fmt) {
	case CHECK_TEXT:
		return write_text(out, info, ev);
	case CHECK_JSON:
		return write_json(out, info, ev);
	case CHECK_JUNIT:
		return write_junit(out, info, ev);
	}
	return -1;
}
