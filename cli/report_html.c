/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The HTML report of a stored run: one file, its style inline, its plots
 * inline SVG, nothing fetched. The markup is also well-formed XML (XHTML
 * syntax), so that tests and other tools can parse it.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check_report.h"
#include "report.h"
#include "rundata.h"

void html_escape(FILE *out, const char *s)
{
	if (s)
		check_xml_escape(out, s);
}

static const char style[] =
	"body{font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;margin:2em auto;"
	"max-width:1280px;color:#1d2430;line-height:1.45;padding:0 1em}"
	"h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:2px solid #d8dee9;padding-bottom:.2em;"
	"margin-top:2em}h3{margin-bottom:.3em}"
	"table{border-collapse:collapse;margin:.6em 0;font-size:.9em}"
	"th,td{border:1px solid #d8dee9;padding:.25em .6em;text-align:left;vertical-align:top}"
	"th{background:#eef1f6}td.num{text-align:right;font-variant-numeric:tabular-nums}"
	"table.verdicts{font-size:.8em}table.verdicts td{white-space:nowrap}"
	"table.verdicts td.note{white-space:normal;min-width:12em}details summary{cursor:pointer;margin:.6em 0;font-weight:bold}"
	".PASS{background:#dff3e4;color:#14532d}.FAIL{background:#fde2e1;color:#7f1d1d;font-weight:bold}"
	".COND{background:#fff4d6;color:#7c4a03}.badge{display:inline-block;padding:.2em .8em;"
	"border-radius:.3em;font-weight:bold;font-size:1.1em}"
	".hash{font-family:monospace;font-size:.85em;word-break:break-all}"
	".muted{color:#5b6575}.plot{margin:1em 0}.plot svg{max-width:100%;height:auto;"
	"border:1px solid #d8dee9}"
	"@media print{.plot{page-break-inside:avoid}}";

static const char *outcome_class(const char *outcome)
{
	switch (rep_outcome(outcome)) {
	case WBG_PASS:
		return "PASS";
	case WBG_COND_PASS:
	case WBG_COND_FAIL:
		return "COND";
	case WBG_FAIL:
		return "FAIL";
	}
	return "FAIL";
}

/* A value in the parameter's display unit, or '-' / '±inf'. */
static void fmt_value(char *buf, size_t len, double v, const char *unit)
{
	if (isnan(v))
		snprintf(buf, len, "–");
	else if (isinf(v))
		snprintf(buf, len, "%s∞", v > 0 ? "+" : "−");
	else
		cli_format_value(buf, len, v, unit, 4);
}

static void td_text(FILE *out, const char *s)
{
	fputs("<td>", out);
	html_escape(out, s);
	fputs("</td>", out);
}

static void td_value(FILE *out, double v, const char *unit)
{
	char buf[96];
	fmt_value(buf, sizeof(buf), v, unit);
	fputs("<td class=\"num\">", out);
	html_escape(out, buf);
	fputs("</td>", out);
}

static void td_interval(FILE *out, double lo, double hi, const char *unit)
{
	char a[96], b[96];
	fmt_value(a, sizeof(a), lo, unit);
	fmt_value(b, sizeof(b), hi, unit);
	fputs("<td class=\"num\">[", out);
	html_escape(out, a);
	fputs(", ", out);
	html_escape(out, b);
	fputs("]</td>", out);
}

static void readout_text(char *buf, size_t len, double readout_s)
{
	if (isnan(readout_s))
		snprintf(buf, len, "all");
	else
		snprintf(buf, len, "%g h", readout_s / 3600.0);
}

/* Distinct strings of the verdicts, in order of first appearance. */
static size_t distinct(const char **out, size_t cap, const struct rep *r, int sample)
{
	size_t i, j, n = 0;

	for (i = 0; i < r->n_verdicts; i++) {
		const char *s = sample ? r->verdicts[i].sample : r->verdicts[i].test;
		if (sample && !s[0])
			continue;
		for (j = 0; j < n; j++)
			if (strcmp(out[j], s) == 0)
				break;
		if (j == n && n < cap)
			out[n++] = s;
	}
	return n;
}

#define MAX_COLS 64
#define MAX_ROWS 4096

static void write_summary(FILE *out, const struct rep *r)
{
	const char *tests[MAX_COLS], **samples = calloc(MAX_ROWS, sizeof(*samples));
	size_t nt = distinct(tests, MAX_COLS, r, 0), ns, i, j, k;
	size_t counts[MAX_COLS][4];

	memset(counts, 0, sizeof(counts));
	fputs("<h2 id=\"summary\">Summary</h2>\n", out);
	if (!r->n_verdicts) {
		fputs("<p>This run has no stored verdicts: it was not evaluated (an interrupted run is "
		      "evaluated when it is resumed and completes).</p>\n", out);
		free(samples);
		return;
	}
	for (i = 0; i < r->n_verdicts; i++)
		for (j = 0; j < nt; j++)
			if (strcmp(tests[j], r->verdicts[i].test) == 0)
				counts[j][rep_outcome(r->verdicts[i].outcome)]++;
	fputs("<h3>Verdicts per test</h3>\n<table><tr><th>test</th><th>PASS</th>"
	      "<th>CONDITIONAL PASS</th><th>CONDITIONAL FAIL</th><th>FAIL</th><th>test verdict</th>"
	      "</tr>\n", out);
	for (j = 0; j < nt; j++) {
		const char *worst = counts[j][WBG_FAIL]        ? "FAIL"
		                    : counts[j][WBG_COND_FAIL] ? "CONDITIONAL FAIL"
		                    : counts[j][WBG_COND_PASS] ? "CONDITIONAL PASS"
		                                               : "PASS";
		fputs("<tr>", out);
		td_text(out, tests[j]);
		for (k = 0; k < 4; k++)
			fprintf(out, "<td class=\"num\">%zu</td>", counts[j][k]);
		fprintf(out, "<td class=\"%s\">%s</td></tr>\n", outcome_class(worst), worst);
	}
	fputs("</table>\n", out);

	if (!samples)
		return;
	ns = distinct(samples, MAX_ROWS, r, 1);
	fputs("<h3>Verdicts per sample</h3>\n<p class=\"muted\">The worst verdict of each sample in "
	      "each test; lot-level criteria (sample plans, Cpk, outliers over the lot) are in the "
	      "verdict table below.</p>\n<table><tr><th>sample</th>", out);
	for (j = 0; j < nt; j++) {
		fputs("<th>", out);
		html_escape(out, tests[j]);
		fputs("</th>", out);
	}
	fputs("</tr>\n", out);
	for (i = 0; i < ns; i++) {
		fputs("<tr>", out);
		td_text(out, samples[i]);
		for (j = 0; j < nt; j++) {
			int worst = -1;
			for (k = 0; k < r->n_verdicts; k++) {
				const wbg_verdict_info *v = &r->verdicts[k];
				if (strcmp(v->sample, samples[i]) == 0 && strcmp(v->test, tests[j]) == 0 &&
				    (int)rep_outcome(v->outcome) > worst)
					worst = (int)rep_outcome(v->outcome);
			}
			if (worst < 0)
				fputs("<td class=\"muted\">–</td>", out);
			else
				fprintf(out, "<td class=\"%s\">%s</td>",
				        outcome_class(wbg_outcome_name((wbg_outcome)worst)),
				        wbg_outcome_name((wbg_outcome)worst));
		}
		fputs("</tr>\n", out);
	}
	fputs("</table>\n", out);
	free(samples);
}

static void write_verdict_rows(FILE *out, const struct rep *r, int pass);

static void write_verdicts(FILE *out, const struct rep *r)
{
	size_t i, pass;

	if (!r->n_verdicts)
		return;
	fputs("<h2 id=\"verdicts\">Every verdict</h2>\n<p class=\"muted\">Values, uncertainties "
	      "and limits in the unit of the standard; for shifts, the change against the unit's "
	      "own baseline reading. u: standard uncertainty; U = k·u: expanded uncertainty; "
	      "PFA: probability of false accept of an accepted result under the normal model of "
	      "JCGM 106:2012 (a rejected result has none).</p>\n", out);
	for (pass = 0; pass < 2; pass++) {
		size_t nthis = 0;
		for (i = 0; i < r->n_verdicts; i++)
			if ((rep_outcome(r->verdicts[i].outcome) == WBG_PASS) == (pass == 1))
				nthis++;
		if (pass == 0)
			fprintf(out, "<h3>%zu verdicts that are not PASS</h3>\n", nthis);
		else
			fprintf(out, "<details><summary>%zu PASS verdicts (click to show)</summary>\n",
			        nthis);
		if (nthis == 0) {
			fputs(pass ? "</details>\n" : "<p>None.</p>\n", out);
			continue;
		}
		write_verdict_rows(out, r, (int)pass);
		if (pass)
			fputs("</details>\n", out);
	}
}

static void write_verdict_rows(FILE *out, const struct rep *r, int pass)
{
	size_t i;

	fputs("<table class=\"verdicts\"><tr><th>verdict</th><th>test</th><th>sample</th><th>parameter</th>"
	      "<th>readout</th><th>limit</th><th>value</th><th>u</th><th>k</th><th>U</th>"
	      "<th>tolerance</th><th>acceptance</th><th>rule</th><th>PFA</th><th>note</th></tr>\n",
	      out);
	{
		for (i = 0; i < r->n_verdicts; i++) {
			const wbg_verdict_info *v = &r->verdicts[i];
			int is_pass = rep_outcome(v->outcome) == WBG_PASS;
			char ro[32], k[32], p[48];
			if (is_pass != pass)
				continue;
			readout_text(ro, sizeof(ro), v->readout_s);
			snprintf(k, sizeof(k), isnan(v->k) ? "–" : "%g", v->k);
			/* the PFA of an accepted result; a rejected one has none */
			if (isnan(v->pfa) || rep_outcome(v->outcome) > WBG_COND_PASS)
				snprintf(p, sizeof(p), "–");
			else if (v->pfa < 1e-6)
				snprintf(p, sizeof(p), "< 1e-6");
			else
				snprintf(p, sizeof(p), "%.2g", v->pfa);
			fprintf(out, "<tr><td class=\"%s\">", outcome_class(v->outcome));
			html_escape(out, v->outcome);
			fputs("</td>", out);
			td_text(out, v->test);
			td_text(out, v->sample[0] ? v->sample : "(lot)");
			td_text(out, v->parameter);
			td_text(out, ro);
			td_text(out, v->limit);
			if (strcmp(v->limit, "sample-plan") == 0 && isfinite(v->tl_lo) && v->tl_lo >= 1) {
				/* the criterion over lots: how many lots were tested */
				fprintf(out, "<td class=\"num\">%g lots</td><td>–</td><td>–</td><td>–</td>"
				        "<td colspan=\"2\">the plan requires %g lots</td>", v->value, v->tl_lo);
			} else if (strcmp(v->limit, "sample-plan") == 0) {
				fprintf(out, "<td class=\"num\">%g failed</td><td>–</td><td>–</td><td>–</td>",
				        v->value);
				fprintf(out, "<td colspan=\"2\">%u units tested, %u failed; plan %u units, "
				        "accept %u</td>", v->units, v->failures, v->plan_units, v->plan_accept);
			} else {
				td_value(out, v->value, v->unit);
				td_value(out, v->u, v->unit);
				td_text(out, k);
				td_value(out, isnan(v->u) ? NAN : v->U, v->unit);
				td_interval(out, v->tl_lo, v->tl_hi, v->unit);
				td_interval(out, v->al_lo, v->al_hi, v->unit);
			}
			td_text(out, v->rule);
			td_text(out, p);
			fputs("<td class=\"note\">", out);
			html_escape(out, v->note ? v->note : "");
			fputs("</td></tr>\n", out);
		}
	}
	fputs("</table>\n", out);
}

static void write_rules(FILE *out, const struct rep *r)
{
	const char *seen[8];
	size_t n = 0, i, j;

	fputs("<h2 id=\"rule\">Decision rule and uncertainties</h2>\n", out);
	for (i = 0; i < r->n_verdicts; i++) {
		const wbg_verdict_info *v = &r->verdicts[i];
		for (j = 0; j < n; j++)
			if (strcmp(seen[j], v->rule) == 0)
				break;
		if (j < n || n == 8)
			continue;
		seen[n++] = v->rule;
		fputs("<p><b>", out);
		html_escape(out, v->rule);
		fputs("</b>", out);
		if (v->clause) {
			fputs(" (", out);
			html_escape(out, v->clause);
			fputs(")", out);
		}
		fputs(": ", out);
		if (strcmp(v->rule, "simple") == 0)
			fputs("pass when the measured value lies within the tolerance interval; the "
			      "uncertainty is reported but does not move the limits (guard band w = 0).", out);
		else if (strcmp(v->rule, "guarded") == 0)
			fputs("pass only when the value lies within the acceptance interval, the tolerance "
			      "interval narrowed on each side by the guard band w = r·U = r·k·u; otherwise "
			      "fail. A pass then carries a small probability of false accept.", out);
		else if (strcmp(v->rule, "non-binary") == 0)
			fputs("pass inside the tolerance interval narrowed by w = r·U; conditional pass "
			      "inside the tolerance interval but within w of a limit; conditional fail "
			      "outside by no more than w; fail beyond.", out);
		if (!isnan(v->k))
			fprintf(out, " Coverage factor k = %g.", v->k);
		fputs("</p>\n", out);
	}
	fputs("<p>Uncertainties are standard uncertainties (u) of each extracted value, "
	      "propagated from the instruments' published accuracy and the reading noise; a shift "
	      "combines the uncertainties of both readings. The probabilities of false accept and "
	      "false reject assume the measurand is normally distributed about the value with "
	      "standard deviation u (JCGM 106:2012, 7.3).</p>\n", out);
}

static void prov_row(FILE *out, const char *name, const char *value, int hash)
{
	fputs("<tr><th>", out);
	html_escape(out, name);
	fputs(hash ? "</th><td class=\"hash\">" : "</th><td>", out);
	html_escape(out, value ? value : "–");
	fputs("</td></tr>\n", out);
}

static void write_provenance(FILE *out, const struct rep *r)
{
	char seed[32], steps[200];
	size_t i;

	snprintf(seed, sizeof(seed), "%lld", (long long)r->seed);
	if (r->n_aborted)
		snprintf(steps, sizeof(steps),
		         "%zu steps, %zu parameters; %zu %s cut short (their points are kept: "
		         "wbg export %lld --format json, \"aborted_steps\")",
		         r->n_steps, r->n_params, r->n_aborted, r->n_aborted == 1 ? "step" : "steps",
		         (long long)r->run);
	else
		snprintf(steps, sizeof(steps), "%zu steps, %zu parameters", r->n_steps, r->n_params);
	fputs("<h2 id=\"provenance\">Provenance</h2>\n<table>\n", out);
	prov_row(out, "lot", r->lot, 0);
	prov_row(out, "status", r->status_note ? r->status_note : r->status, 0);
	prov_row(out, "operator", r->operator_name, 0);
	prov_row(out, "host", r->host, 0);
	prov_row(out, "software", r->software, 0);
	prov_row(out, "random seed (virtual bench)", seed, 0);
	prov_row(out, "started (UTC)", r->started, 0);
	prov_row(out, "finished (UTC)", r->finished, 0);
	prov_row(out, "recorded", steps, 0);
	prov_row(out, "standard file", r->std_file, 0);
	prov_row(out, "standard SHA-256", r->std_sha, 1);
	prov_row(out, "device file", r->dev_file, 0);
	prov_row(out, "device SHA-256", r->dev_sha, 1);
	prov_row(out, "bench file", r->bench_file, 0);
	prov_row(out, "bench SHA-256", r->bench_sha, 1);
	fputs("</table>\n<h3>Instruments</h3>\n", out);
	if (!r->n_inst) {
		fputs("<p>No instrument recorded.</p>\n", out);
		return;
	}
	fputs("<table><tr><th>role</th><th>resource</th><th>*IDN?</th><th>serial</th>"
	      "<th>firmware</th><th>accuracy from</th></tr>\n", out);
	for (i = 0; i < r->n_inst; i++) {
		fputs("<tr>", out);
		td_text(out, r->inst[i].role);
		td_text(out, r->inst[i].resource);
		td_text(out, r->inst[i].idn);
		td_text(out, r->inst[i].serial ? r->inst[i].serial : "–");
		td_text(out, r->inst[i].firmware ? r->inst[i].firmware : "–");
		td_text(out, r->inst[i].accuracy ? r->inst[i].accuracy : "– (u = NaN)");
		fputs("</tr>\n", out);
	}
	fputs("</table>\n", out);
}

int rep_write_html(FILE *out, const struct rep *r)
{
	wbg_outcome worst = rep_worst(r);
	const char *w = r->n_verdicts ? wbg_outcome_name(worst) : "NOT EVALUATED";

	fputs("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n"
	      "<meta charset=\"utf-8\"/>\n<title>wbgkit report: lot ", out);
	html_escape(out, r->lot);
	fprintf(out, ", run %lld</title>\n<style>%s</style>\n</head>\n<body>\n", (long long)r->run,
	        style);
	fputs("<h1>Lot ", out);
	html_escape(out, r->lot);
	fprintf(out, " — run %lld</h1>\n<p>Overall verdict: <span class=\"badge %s\">%s</span> "
	        "<span class=\"muted\">(%zu verdicts; run ",
	        (long long)r->run, outcome_class(w), w, r->n_verdicts);
	html_escape(out, r->status);
	fputs(", standard ", out);

	html_escape(out, r->std_file ? r->std_file : "–");
	fputs(")</span></p>\n<p class=\"muted\">Contents: <a href=\"#summary\">summary</a> · "
	      "<a href=\"#verdicts\">every verdict</a> · <a href=\"#rule\">decision rule</a> · "
	      "<a href=\"#plots\">plots</a> · <a href=\"#provenance\">provenance</a></p>\n", out);
	if (r->status_note) {
		/* a partial run's verdicts are not the lot's */
		fputs("<p class=\"badge COND\">", out);
		html_escape(out, r->status_note);
		fputs("</p>\n", out);
	}
	write_summary(out, r);
	write_verdicts(out, r);
	write_rules(out, r);
	rep_write_plots(out, r);
	write_provenance(out, r);
	fprintf(out, "<p class=\"muted\">Raw arrays of every step: <code>wbg export %lld "
	        "--format json</code>.</p>\n</body>\n</html>\n", (long long)r->run);
	return ferror(out) ? -1 : 0;
}
