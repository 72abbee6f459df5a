/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writing the verdicts of 'wbg check' as text, JSON (jansson) or JUnit XML. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "check_report.h"
#include "rundata.h"

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
	cli_format_value(buf, len, v, unit, 6);
}

/* A verdict's value; NaN is a unit that had no value of the parameter. */
static void value_text(char *buf, size_t len, const wbg_result *r)
{
	if (isnan(r->d.value))
		snprintf(buf, len, "no value");
	else
		fmt_si(buf, len, r->d.value, r->unit);
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

static int write_text(FILE *out, const struct check_info *info, const struct check_verdicts *ev)
{
	size_t i, count[4] = {0, 0, 0, 0}, n = ev->n;

	fprintf(out, "standard %s rev %s (%s)%s%s\n", info->standard_id,
	        info->standard_revision, info->standard_path,
	        info->device ? ", device " : "", info->device ? info->device : "");
	if (info->standard_sha256)
		fprintf(out, "standard sha256 %s\n", info->standard_sha256);
	for (i = 0; i < info->n_data; i++)
		fprintf(out, "data %s sha256 %s\n", info->data[i].name, info->data[i].sha256);
	for (i = 0; i < n; i++) {
		const wbg_result *r = ev->at(ev->src, i);
		char v[64], lim[140], acc[140], U[64], u[64], ro[32];
		count[r->d.outcome]++;
		if (r->d.outcome == WBG_PASS && !info->all)
			continue;
		value_text(v, sizeof(v), r);
		limits_text(lim, sizeof(lim), r);
		interval_text(acc, sizeof(acc), r->d.al_lo, r->d.al_hi, r->unit);
		fmt_si(U, sizeof(U), isnan(r->d.u) ? NAN : r->d.U, r->unit);
		fmt_si(u, sizeof(u), r->d.u, r->unit);
		if (isnan(r->readout_s))
			snprintf(ro, sizeof(ro), "all readouts");
		else
			snprintf(ro, sizeof(ro), "%g h", r->readout_s / 3600.0);
		if (r->kind == WBG_LIMIT_SAMPLE_PLAN && r->lot[0] == '\0') {
			fprintf(out, "%-16s %s: %g lots tested, the plan requires %g\n",
			        wbg_outcome_name(r->d.outcome), r->test, r->d.value, r->d.tl_lo);
			continue;
		}
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
	if (ev->unused)
		fprintf(out, "; %zu rows not used by the standard", ev->unused);
	fprintf(out, "\n%s\n", wbg_outcome_name(ev->worst));
	return 0;
}

/* A JSON string. The strings come from the standard (validated UTF-8 by
 * libxml2) and the data (UTF-8 checked by the CSV reader, by jansson for JSON). */
static void json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void json_num(FILE *out, const char *key, double v)
{
	if (isfinite(v))
		fprintf(out, ",\"%s\":%.17g", key, v);
	else
		fprintf(out, ",\"%s\":null", key);
}

/* One verdict as a JSON object, written directly: a million of them in
 * seconds, with no tree in memory. */
static void verdict_json(FILE *out, const wbg_result *r)
{
	fputs("{\"test\":", out);
	json_str(out, r->test);
	fputs(",\"lot\":", out);
	json_str(out, r->lot);
	fputs(",\"sample\":", out);
	json_str(out, r->sample);
	fputs(",\"parameter\":", out);
	json_str(out, r->parameter);
	fprintf(out, ",\"limit\":\"%s\"", wbg_limit_kind_name(r->kind));
	json_num(out, "readout_h", r->readout_s / 3600.0);
	fprintf(out, ",\"outcome\":\"%s\",\"rule\":\"%s\"", wbg_outcome_name(r->d.outcome),
	        wbg_rule_name(r->d.rule));
	json_num(out, "value_si", r->d.value);
	json_num(out, "u_si", r->d.u);
	json_num(out, "k", r->d.k);
	json_num(out, "U_si", r->d.U);
	json_num(out, "r", r->d.r);
	json_num(out, "w_si", r->d.w);
	json_num(out, "tolerance_low_si", r->d.tl_lo);
	json_num(out, "tolerance_high_si", r->d.tl_hi);
	json_num(out, "acceptance_low_si", r->d.al_lo);
	json_num(out, "acceptance_high_si", r->d.al_hi);
	json_num(out, "p_conform", r->d.p_conform);
	json_num(out, "pfa", r->d.pfa);
	json_num(out, "pfr", r->d.pfr);
	if (r->kind == WBG_LIMIT_SAMPLE_PLAN) {
		fprintf(out, ",\"plan_units\":%u,\"plan_accept\":%u,\"units\":%u,\"failures\":%u",
		        r->plan_units, r->plan_accept, r->units, r->failures);
		json_num(out, "ltpd90", r->ltpd);
	}
	fputs(",\"note\":", out);
	json_str(out, r->note ? r->note : "");
	fputc('}', out);
}

/* Streamed: the header fields, then one verdict at a time, so that a million
 * verdicts need no more memory than one. */
static int write_json(FILE *out, const struct check_info *info, const struct check_verdicts *ev)
{
	const size_t flags = JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17);
	json_t *head = json_object();
	char *text;
	size_t i, n = ev->n, len;

	if (!head)
		return -1;
	json_object_set_new(head, "format", json_string("wbgkit-verdicts/1"));
	json_object_set_new(head, "standard", json_string(info->standard_id));
	json_object_set_new(head, "revision", json_string(info->standard_revision));
	json_object_set_new(head, "standard_file", json_string(info->standard_path));
	json_object_set_new(head, "standard_sha256",
	                    info->standard_sha256 ? json_string(info->standard_sha256) : json_null());
	json_object_set_new(head, "device", info->device ? json_string(info->device) : json_null());
	{
		json_t *files = json_array();
		for (i = 0; i < info->n_data; i++) {
			json_t *o = json_object();
			json_object_set_new(o, "file", json_string(info->data[i].name));
			json_object_set_new(o, "sha256", json_string(info->data[i].sha256));
			json_array_append_new(files, o);
		}
		json_object_set_new(head, "data", files);
	}
	json_object_set_new(head, "rows", json_integer((json_int_t)info->rows));
	json_object_set_new(head, "unused_rows", json_integer((json_int_t)ev->unused));
	json_object_set_new(head, "outcome", json_string(wbg_outcome_name(ev->worst)));
	json_object_set_new(head, "probability_model",
	                    json_string("normal: measurand ~ N(value, u^2), JCGM 106:2012"));
	text = json_dumps(head, flags);
	json_decref(head);
	if (!text)
		return -1;
	len = strlen(text);
	/* "{...}" -> "{..., "verdicts": [" */
	if (len < 2 || text[len - 1] != '}') {
		free(text);
		return -1;
	}
	text[len - 1] = '\0';
	fprintf(out, "%s,\"verdicts\":[\n", text);
	free(text);
	for (i = 0; i < n; i++) {
		verdict_json(out, ev->at(ev->src, i));
		if (i + 1 < n)
			fputs(",\n", out);
	}
	fputs("\n]}\n", out);
	return ferror(out) ? -1 : 0;
}

void check_xml_escape(FILE *out, const char *s)
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
		case '\'':
			fputs("&#39;", out);
			break;
		default:
			/* XML 1.0 allows no control characters but tab and newline */
			if ((unsigned char)*s >= 0x20 || *s == '\t' || *s == '\n')
				fputc(*s, out);
		}
	}
}

static int write_junit(FILE *out, const struct check_info *info, const struct check_verdicts *ev)
{
	size_t i, n = ev->n, fails = 0;

	for (i = 0; i < n; i++)
		if (ev->at(ev->src, i)->d.outcome != WBG_PASS)
			fails++;
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n<testsuite name=\"");
	check_xml_escape(out, info->standard_id);
	fprintf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n", n, fails);
	fputs("  <properties>\n", out);
	if (info->standard_sha256) {
		fputs("    <property name=\"standard_sha256\" value=\"", out);
		check_xml_escape(out, info->standard_sha256);
		fputs("\"/>\n", out);
	}
	for (i = 0; i < info->n_data; i++) {
		fputs("    <property name=\"data_sha256 ", out);
		check_xml_escape(out, info->data[i].name);
		fputs("\" value=\"", out);
		check_xml_escape(out, info->data[i].sha256);
		fputs("\"/>\n", out);
	}
	fputs("  </properties>\n", out);
	for (i = 0; i < n; i++) {
		const wbg_result *r = ev->at(ev->src, i);
		char v[64], lim[140], name[512];
		value_text(v, sizeof(v), r);
		limits_text(lim, sizeof(lim), r);
		if (isnan(r->readout_s))
			snprintf(name, sizeof(name), "lot %s %s%s %s %s", r->lot, r->sample[0] ? "sample " : "",
			         r->sample, r->parameter, wbg_limit_kind_name(r->kind));
		else
			snprintf(name, sizeof(name), "lot %s sample %s %s @ %g h %s", r->lot, r->sample,
			         r->parameter, r->readout_s / 3600.0, wbg_limit_kind_name(r->kind));
		fputs("  <testcase classname=\"", out);
		check_xml_escape(out, r->test);
		fputs("\" name=\"", out);
		check_xml_escape(out, name);
		fputs("\">", out);
		if (r->d.outcome != WBG_PASS) {
			fprintf(out, "<failure type=\"%s\" message=\"", wbg_outcome_name(r->d.outcome));
			fprintf(out, "%s ", wbg_outcome_name(r->d.outcome));
			check_xml_escape(out, v);
			fputs(" limits ", out);
			check_xml_escape(out, lim);
			fprintf(out, " (%s)\"/>", wbg_rule_name(r->d.rule));
		}
		fputs("</testcase>\n", out);
	}
	fputs("</testsuite>\n</testsuites>\n", out);
	return 0;
}

static const wbg_result *eval_at(const void *src, size_t i)
{
	return wbg_eval_result(src, i);
}

int check_report(FILE *out, enum check_format fmt, const struct check_info *info,
                 const wbg_eval *ev)
{
	struct check_verdicts v;

	v.src = ev;
	v.n = wbg_eval_count(ev);
	v.at = eval_at;
	v.unused = wbg_eval_unused_rows(ev);
	v.worst = wbg_eval_worst(ev);
	return check_report_verdicts(out, fmt, info, &v);
}

int check_report_verdicts(FILE *out, enum check_format fmt, const struct check_info *info,
                          const struct check_verdicts *ev)
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
