/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A stored run as long-format data (see rundata.h). */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rundata.h"

int cli_store_open_existing(struct cli *cli, wbg_store **out, const char *path)
{
	int rc;

	if (access(path, R_OK) != 0)
		return cli_error(cli, CLI_EXIT_USAGE,
		                 "no store '%s' (%s); give the file that 'wbg run' wrote with --db FILE",
		                 path, strerror(errno));
	rc = wbg_store_open(out, path, cli->ctx);
	if (rc != WBG_OK)
		return cli_lib_error(cli, rc, NULL);
	return CLI_EXIT_OK;
}

int cli_parse_run(struct cli *cli, int64_t *out, const char *arg)
{
	char *end = NULL;
	long long v;

	errno = 0;
	v = strtoll(arg, &end, 10);
	if (errno || end == arg || *end || v <= 0)
		return cli_usage_error(cli, "'%s' is not a run number (a positive integer, as 'wbg run' "
		                       "prints it)", arg);
	*out = (int64_t)v;
	return CLI_EXIT_OK;
}

struct lot_copy {
	char *buf;
	size_t len;
};

static int copy_lot(void *user, const wbg_run_record *r)
{
	struct lot_copy *c = user;
	snprintf(c->buf, c->len, "%s", r->info.lot);
	return 0;
}

int cli_run_lot(struct cli *cli, char *lot, size_t len, wbg_store *st, int64_t run)
{
	struct lot_copy c = {lot, len};
	int rc = wbg_store_run_read(st, run, copy_lot, &c);

	if (rc != WBG_OK)
		return cli_lib_error(cli, rc, "'wbg export --list' shows the runs of a store.");
	return CLI_EXIT_OK;
}

void cli_csv_field(FILE *out, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

struct csv_state {
	FILE *out;
	const char *lot;
};

static int csv_row(void *user, const wbg_param_record *p)
{
	struct csv_state *c = user;

	cli_csv_field(c->out, c->lot);
	fputc(',', c->out);
	cli_csv_field(c->out, p->sample);
	fputc(',', c->out);
	cli_csv_field(c->out, p->test);
	fprintf(c->out, ",%.17g,", p->readout_s / 3600.0);
	cli_csv_field(c->out, p->name);
	fprintf(c->out, ",%.17g,", p->value);
	cli_csv_field(c->out, p->unit);
	if (isnan(p->u))
		fputs(",\n", c->out);
	else
		fprintf(c->out, ",%.17g\n", p->u);
	return ferror(c->out) ? -1 : 0;
}

int cli_run_write_csv(struct cli *cli, FILE *out, wbg_store *st, int64_t run)
{
	char lot[256];
	struct csv_state c;
	int ex = cli_run_lot(cli, lot, sizeof(lot), st, run), rc;

	if (ex != CLI_EXIT_OK)
		return ex;
	c.out = out;
	c.lot = lot;
	fputs("lot,sample,test,readout_h,parameter,value,unit,u\n", out);
	rc = wbg_store_params_list(st, run, csv_row, &c);
	if (rc == -1)
		return cli_error(cli, CLI_EXIT_IO, "could not write the CSV");
	if (rc != WBG_OK)
		return cli_lib_error(cli, rc, NULL);
	return CLI_EXIT_OK;
}

int cli_run_csv_text(struct cli *cli, char **out, size_t *out_len, wbg_store *st, int64_t run)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	int ex;

	if (!mem)
		return cli_error(cli, CLI_EXIT_IO, "out of memory");
	ex = cli_run_write_csv(cli, mem, st, run);
	if (fclose(mem) != 0 && ex == CLI_EXIT_OK)
		ex = cli_error(cli, CLI_EXIT_IO, "out of memory");
	if (ex != CLI_EXIT_OK) {
		free(buf);
		return ex;
	}
	*out = buf;
	*out_len = len;
	return CLI_EXIT_OK;
}

/* The clause of ILAC-G8:2019 that defines each decision rule (evaluate.h). */
static const char *rule_clause(wbg_rule rule)
{
	switch (rule) {
	case WBG_RULE_SIMPLE:
		return "ILAC-G8:2019 4.2.1";
	case WBG_RULE_GUARDED:
		return "ILAC-G8:2019 4.2.2";
	case WBG_RULE_NON_BINARY:
		return "ILAC-G8:2019 4.2.3";
	}
	return NULL;
}

void cli_verdict_from_result(wbg_verdict_info *out, const wbg_result *r)
{
	memset(out, 0, sizeof(*out));
	out->sample = r->sample;
	out->test = r->test;
	out->parameter = r->parameter;
	out->limit = wbg_limit_kind_name(r->kind);
	out->unit = r->unit;
	out->readout_s = r->readout_s;
	out->value = r->d.value;
	out->u = r->d.u;
	out->k = r->d.k;
	out->U = r->d.U;
	out->tl_lo = r->d.tl_lo;
	out->tl_hi = r->d.tl_hi;
	out->al_lo = r->d.al_lo;
	out->al_hi = r->d.al_hi;
	out->rule = wbg_rule_name(r->d.rule);
	out->pfa = (r->d.outcome == WBG_PASS || r->d.outcome == WBG_COND_PASS) ? r->d.pfa : 0;
	if (isnan(r->d.pfa))
		out->pfa = NAN;
	out->outcome = wbg_outcome_name(r->d.outcome);
	out->clause = rule_clause(r->d.rule);
	out->note = r->note;
	out->plan_units = r->plan_units;
	out->plan_accept = r->plan_accept;
	out->units = r->units;
	out->failures = r->failures;
	out->ltpd = r->ltpd;
}

void cli_result_from_verdict(wbg_result *out, const wbg_verdict_info *v, const char *lot)
{
	int k;

	memset(out, 0, sizeof(*out));
	out->test = v->test;
	out->lot = lot;
	out->sample = v->sample;
	out->parameter = v->parameter;
	out->unit = v->unit;
	out->kind = WBG_LIMIT_ABSOLUTE;
	for (k = WBG_LIMIT_ABSOLUTE; k <= WBG_LIMIT_SAMPLE_PLAN; k++)
		if (strcmp(v->limit, wbg_limit_kind_name((wbg_limit_kind)k)) == 0)
			out->kind = (wbg_limit_kind)k;
	out->readout_s = v->readout_s;
	out->d.outcome = WBG_FAIL;
	for (k = WBG_PASS; k <= WBG_FAIL; k++)
		if (strcmp(v->outcome, wbg_outcome_name((wbg_outcome)k)) == 0)
			out->d.outcome = (wbg_outcome)k;
	out->d.rule = WBG_RULE_SIMPLE;
	for (k = WBG_RULE_SIMPLE; k <= WBG_RULE_NON_BINARY; k++)
		if (strcmp(v->rule, wbg_rule_name((wbg_rule)k)) == 0)
			out->d.rule = (wbg_rule)k;
	out->d.value = v->value;
	out->d.u = v->u;
	out->d.k = v->k;
	out->d.U = v->U;
	out->d.r = NAN;
	out->d.w = v->al_lo > v->tl_lo ? v->al_lo - v->tl_lo
	         : (v->tl_hi > v->al_hi ? v->tl_hi - v->al_hi : 0);
	if (!isfinite(out->d.w))
		out->d.w = 0;
	out->d.tl_lo = v->tl_lo;
	out->d.tl_hi = v->tl_hi;
	out->d.al_lo = v->al_lo;
	out->d.al_hi = v->al_hi;
	out->d.p_conform = NAN;
	out->d.pfa = v->pfa;
	out->d.pfr = NAN;
	out->plan_units = v->plan_units;
	out->plan_accept = v->plan_accept;
	out->units = v->units;
	out->failures = v->failures;
	out->ltpd = v->ltpd;
	out->note = v->note ? v->note : "";
}

int cli_run_stale(const wbg_run_record *r)
{
	char host[256] = "";

	if (!r->status || strcmp(r->status, "running") != 0 || r->proc_pid <= 0 || !r->proc_host ||
	    r->proc_pid > INT32_MAX || gethostname(host, sizeof(host) - 1) != 0 ||
	    strcmp(host, r->proc_host) != 0)
		return 0;
	/* signal 0 checks the process exists without touching it */
	return kill((pid_t)r->proc_pid, 0) != 0 && errno == ESRCH;
}

const char *cli_run_status(const wbg_run_record *r)
{
	return cli_run_stale(r) ? "stale" : r->status;
}

/* The prefixable symbol under @p unit ("nA" -> "A", "mΩ" -> "Ω"), or NULL. */
static const char *base_symbol(const char *unit)
{
	wbg_unit u, b;
	size_t k;

	if (wbg_unit_parse(&u, unit, NULL) != WBG_OK || u.offset != 0)
		return NULL;
	if (u.scale == 1.0)
		return unit;
	for (k = 1; k <= 2 && unit[k]; k++)
		if (wbg_unit_parse(&b, unit + k, NULL) == WBG_OK && b.scale == 1.0 && b.offset == 0 &&
		    wbg_unit_same_dim(&u, &b))
			return unit + k;
	return NULL;
}

void cli_format_eng(char *buf, size_t len, double v_si, const char *si_unit, int sig)
{
	if (!si_unit || !si_unit[0] ||
	    wbg_unit_format_eng(buf, len, v_si, si_unit, sig, 0, NULL) != WBG_OK)
		snprintf(buf, len, "%.*g%s%s", sig, v_si, si_unit && si_unit[0] ? " " : "",
		         si_unit ? si_unit : "");
}

/* A dimensionless number (a ratio): up to 10^15 without an exponent, in
 * groups of three digits ("574 100", not "5.741e+05"), rounded to @p sig
 * significant digits; otherwise %g. */
static void plain_number(char *buf, size_t len, double v, int sig)
{
	char digits[40], tmp[48];
	double r;
	size_t n, k, o = 0;

	snprintf(tmp, sizeof(tmp), "%.*e", sig > 0 ? sig - 1 : 0, v);
	r = strtod(tmp, NULL);
	if (!(fabs(r) >= 1e4 && fabs(r) < 1e15)) {
		snprintf(buf, len, "%.*g", sig, v);
		return;
	}
	snprintf(digits, sizeof(digits), "%.0f", fabs(r));
	n = strlen(digits);
	if (r < 0)
		tmp[o++] = '-';
	for (k = 0; k < n && o + 2 < sizeof(tmp); k++) {
		if (k && (n - k) % 3 == 0)
			tmp[o++] = ' ';
		tmp[o++] = digits[k];
	}
	tmp[o] = '\0';
	snprintf(buf, len, "%s", tmp);
}

void cli_format_value(char *buf, size_t len, double v_si, const char *unit, int sig)
{
	const char *base;
	double x;
	char eng[64];
	size_t n;

	if (!unit || !unit[0]) {
		plain_number(buf, len, v_si, sig);
		return;
	}
	if (wbg_unit_format(buf, len, v_si, unit, sig, 0, NULL) != WBG_OK) {
		snprintf(buf, len, "%.*g", sig, v_si);
		return;
	}
	base = base_symbol(unit);
	if (!base || wbg_unit_from_si(&x, v_si, unit, NULL) != WBG_OK || x == 0 ||
	    (fabs(x) >= 0.1 && fabs(x) < 1e4))
		return;
	if (wbg_unit_format_eng(eng, sizeof(eng), v_si, base, 4, 0, NULL) != WBG_OK)
		return;
	n = strlen(buf);
	if (n + strlen(eng) + 4 <= len)
		snprintf(buf + n, len - n, " (%s)", eng);
}
