/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Building the plan of 'wbg run' from a standard (see runplan.h). */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "runplan.h"
#include "stdfiles.h"

/* The parameters wbgkit measures, and how: the one table. The threshold is
 * extracted from the transfer curve by the analysis library (record NULL);
 * the JEP183-style pair measures VGSth_up, VGSth_down and VGSth_hyst in one
 * step (the same unit, one after the other, as the standard's procedure
 * asks); the others are the records of the drivers' methods. */
static const struct plan_method pair = {"VGSth_up/VGSth_down/VGSth_hyst", "vth+transfer", NULL,
                                        "V", PLAN_VTH_PAIR, {NULL, NULL}, {NULL, NULL}};
static const struct plan_method methods[] = {
	{"VGSth", "transfer", NULL, "V", PLAN_TRANSFER, {NULL, NULL}, {NULL, NULL}},
	{"IGSS", "igss", "igss_pos", "A", PLAN_RECORD, {"VGS", NULL}, {"vgs_pos", NULL}},
	{"IDSS", "idss", "idss", "A", PLAN_RECORD, {"VDS", "VGS"}, {"vds", "vgs"}},
	{"RDSon", "rdson", "rdson", "ohm", PLAN_RECORD, {"VGS", "ID"}, {"vgs", "id"}},
};

const struct plan_method *plan_method_for(const char *param)
{
	size_t i;

	if (strcmp(param, "VGSth_up") == 0 || strcmp(param, "VGSth_down") == 0 ||
	    strcmp(param, "VGSth_hyst") == 0)
		return &pair;
	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (strcmp(methods[i].param, param) == 0)
			return &methods[i];
	return NULL;
}

/* A condition of a parameter's definition in SI, or an error (none may be
 * invented). */
static int param_cond(struct cli *cli, double *out, const wbg_standard *std, const char *param,
                      const char *name)
{
	int rc = wbg_standard_param_condition(out, std, param, name, cli->ctx);

	return rc == WBG_OK ? CLI_EXIT_OK
	                    : cli_input_error(cli, rc, "the threshold pair takes its preconditioning "
	                                    "and current from the parameters' conditions");
}

/* The conditions of the JEP183-style pair. */
static int vth_pair(struct cli *cli, struct plan_vth_pair *out, const wbg_standard *std)
{
	double t_down = NAN, id_down = NAN;
	int ex;

	ex = param_cond(cli, &out->vpre_low_v, std, "VGSth_up", "VGS_pre");
	if (ex == CLI_EXIT_OK)
		ex = param_cond(cli, &out->t_pre_s, std, "VGSth_up", "t_pre");
	if (ex == CLI_EXIT_OK)
		ex = param_cond(cli, &out->id_th_a, std, "VGSth_up", "ID");
	if (ex == CLI_EXIT_OK)
		ex = param_cond(cli, &out->vpre_high_v, std, "VGSth_down", "VGS_pre");
	if (ex == CLI_EXIT_OK)
		ex = param_cond(cli, &t_down, std, "VGSth_down", "t_pre");
	if (ex == CLI_EXIT_OK)
		ex = param_cond(cli, &id_down, std, "VGSth_down", "ID");
	if (ex != CLI_EXIT_OK)
		return ex;
	if (t_down != out->t_pre_s || id_down != out->id_th_a)
		return cli_error(cli, CLI_EXIT_USAGE, "VGSth_up and VGSth_down need the same t_pre and "
		                 "ID to be compared (hysteresis); the standard gives different ones");
	if (!(out->vpre_high_v > out->vpre_low_v) || !(out->id_th_a > 0) || !(out->t_pre_s >= 0))
		return cli_error(cli, CLI_EXIT_USAGE, "the threshold pair needs VGS_pre of VGSth_down "
		                 "above that of VGSth_up, ID > 0 and t_pre >= 0 (now %g V, %g V, %g A, "
		                 "%g s)", out->vpre_high_v, out->vpre_low_v, out->id_th_a, out->t_pre_s);
	return CLI_EXIT_OK;
}

/* A condition of the test in SI, NAN when the test has none. */
static int condition(struct cli *cli, double *out, const wbg_standard *std, size_t t,
                     const char *name)
{
	int rc = wbg_standard_test_condition(out, std, t, name, cli->ctx);

	if (rc == WBG_ERR_NOT_FOUND) {
		*out = NAN;
		return CLI_EXIT_OK;
	}
	return rc == WBG_OK ? CLI_EXIT_OK : cli_lib_error(cli, rc, NULL);
}

int plan_build(struct cli *cli, struct plan *p, const wbg_standard *std,
               const char *const *only, size_t n_only)
{
	size_t i, j, n = wbg_standard_test_count(std);
	int ex, rc;

	p->n_tests = 0;
	p->steps_per_sample = 0;
	for (i = 0; i < n; i++) {
		struct plan_test *t = &p->tests[p->n_tests];
		int wanted = n_only == 0;
		memset(t, 0, sizeof(*t));
		rc = wbg_standard_test_info(&t->info, std, i, cli->ctx);
		if (rc != WBG_OK)
			return cli_lib_error(cli, rc, "give the setting with --set NAME=VALUE");
		for (j = 0; j < n_only; j++)
			if (strcmp(only[j], t->info.id) == 0)
				wanted = 1;
		if (!wanted)
			continue;
		for (j = 0; j < t->info.n_params; j++) {
			const struct plan_method *m = plan_method_for(t->info.params[j]);
			size_t k;
			for (k = 0; m && k < t->n_meas; k++)
				if (t->meas[k] == m)
					m = NULL; /* one step measures the pair */
			if (!m)
				continue;
			if (m->kind == PLAN_VTH_PAIR) {
				ex = vth_pair(cli, &t->pair, std);
				if (ex != CLI_EXIT_OK)
					return ex;
			}
			/* the conditions its definition states become the method's settings */
			{
				struct plan_settings *ps = &t->set[t->n_meas];
				size_t c;
				memset(ps, 0, sizeof(*ps));
				for (c = 0; c < 2 && m->cond[c]; c++) {
					double v;
					rc = wbg_standard_param_condition(&v, std, m->param, m->cond[c], cli->ctx);
					if (rc == WBG_ERR_NOT_FOUND)
						continue;
					if (rc != WBG_OK)
						return cli_input_error(cli, rc, NULL);
					ps->names[ps->n] = m->setting[c];
					ps->values[ps->n++] = v;
				}
			}
			t->meas[t->n_meas++] = m;
		}
		if (t->n_meas == 0) {
			if (n_only)
				return cli_error(cli, CLI_EXIT_USAGE,
				                 "test %s judges no parameter wbgkit can measure (it measures "
				                 "VGSth, VGSth_up/down/hyst, IGSS, IDSS and RDSon)",
				                 t->info.id);
			continue;
		}
		if (t->info.n_readouts == 0) {
			t->info.n_readouts = 1;
			t->info.readouts_s[0] = 0;
		}
		t->index = i;
		t->stress_vgs_v = t->stress_vds_v = t->stress_temp_k = NAN;
		if (t->info.stress) {
			ex = condition(cli, &t->stress_vgs_v, std, i, "VGS");
			if (ex == CLI_EXIT_OK)
				ex = condition(cli, &t->stress_vds_v, std, i, "VDS");
			if (ex == CLI_EXIT_OK)
				ex = condition(cli, &t->stress_temp_k, std, i, "Tj");
			if (ex == CLI_EXIT_OK && isnan(t->stress_temp_k))
				ex = condition(cli, &t->stress_temp_k, std, i, "Ta");
			if (ex != CLI_EXIT_OK)
				return ex;
		}
		if (p->n_tests == PLAN_MAX_TESTS)
			return cli_error(cli, CLI_EXIT_USAGE, "more than %d tests; choose with --test",
			                 PLAN_MAX_TESTS);
		p->steps_per_sample += t->info.n_readouts * t->n_meas;
		p->n_tests++;
	}
	for (j = 0; j < n_only; j++) {
		for (i = 0; i < p->n_tests; i++)
			if (strcmp(p->tests[i].info.id, only[j]) == 0)
				break;
		if (i == p->n_tests)
			return cli_error(cli, CLI_EXIT_USAGE, "the standard has no test '%s' ('wbg standards "
			                 "show' lists them)", only[j]);
	}
	if (p->n_tests == 0)
		return cli_error(cli, CLI_EXIT_USAGE, "no test of the standard judges a parameter wbgkit "
		                 "can measure (VGSth, VGSth_up/down/hyst, IGSS, IDSS, RDSon)");
	return CLI_EXIT_OK;
}

int plan_samples(struct cli *cli, struct plan *p, const char *arg)
{
	char *end = NULL;
	long n = strtol(arg, &end, 10);
	const char *s = arg;

	p->n_samples = 0;
	if (end != arg && *end == '\0') {
		long i;
		if (n < 1 || n > PLAN_MAX_SAMPLES)
			return cli_usage_error(cli, "--samples takes 1 to %d units, or a list", PLAN_MAX_SAMPLES);
		for (i = 1; i <= n; i++)
			snprintf(p->samples[p->n_samples++], sizeof(p->samples[0]), "U%02ld", i);
		return CLI_EXIT_OK;
	}
	while (*s) {
		size_t len = strcspn(s, ",");
		if (len == 0 || len >= sizeof(p->samples[0]) || p->n_samples == PLAN_MAX_SAMPLES)
			return cli_usage_error(cli, "--samples: '%s' is not a list of names of 1 to 31 "
			                       "characters", arg);
		memcpy(p->samples[p->n_samples], s, len);
		p->samples[p->n_samples++][len] = '\0';
		s += len;
		if (*s == ',')
			s++;
	}
	return p->n_samples ? CLI_EXIT_OK : cli_usage_error(cli, "--samples is empty");
}

void plan_step_at(struct plan_step *out, const struct plan *p, size_t k)
{
	size_t t, r, m, i = 0;

	memset(out, 0, sizeof(*out));
	for (t = 0; t < p->n_tests; t++)
		for (r = 0; r < p->tests[t].info.n_readouts; r++)
			for (m = 0; m < p->tests[t].n_meas; m++, i++)
				if (i == k) {
					out->seq = (int)k + 1;
					out->t = t;
					out->r = r;
					out->m = m;
					out->readout_s = p->tests[t].info.readouts_s[r];
					return;
				}
}

void plan_print(FILE *out, const struct plan *p, int virtual_bench)
{
	size_t t, r, m;

	fprintf(out, "plan: %zu samples × %zu steps = %zu steps\n", p->n_samples, p->steps_per_sample,
	        p->n_samples * p->steps_per_sample);
	fprintf(out, "samples: %s", p->samples[0]);
	if (p->n_samples > 1)
		fprintf(out, " .. %s", p->samples[p->n_samples - 1]);
	fputc('\n', out);
	for (t = 0; t < p->n_tests; t++) {
		const struct plan_test *x = &p->tests[t];
		fprintf(out, "test %s (%s)%s\n", x->info.id, x->info.title ? x->info.title : "",
		        x->info.stress ? ", stress" : "");
		if (x->info.stress) {
			fprintf(out, "  stress between readouts:");
			if (!isnan(x->stress_vgs_v))
				fprintf(out, " VGS %g V", x->stress_vgs_v);
			if (!isnan(x->stress_vds_v))
				fprintf(out, " VDS %g V", x->stress_vds_v);
			if (!isnan(x->stress_temp_k))
				fprintf(out, " at %g °C", x->stress_temp_k - 273.15);
			fprintf(out, "%s\n", virtual_bench ? " (virtual clock)" : "");
		}
		for (r = 0; r < x->info.n_readouts; r++) {
			fprintf(out, "  readout %g h:", x->info.readouts_s[r] / 3600.0);
			for (m = 0; m < x->n_meas; m++)
				fprintf(out, " %s (%s)", x->meas[m]->param, x->meas[m]->method);
			fputc('\n', out);
		}
		for (m = 0; m < x->n_meas; m++) {
			size_t c;
			if (!x->set[m].n)
				continue;
			fprintf(out, "  %s from the standard's conditions:", x->meas[m]->param);
			for (c = 0; c < x->set[m].n; c++)
				fprintf(out, " %s %g", x->set[m].names[c], x->set[m].values[c]);
			fprintf(out, " (SI); other settings: the %s method's defaults\n",
			        x->meas[m]->method);
		}
		for (m = 0; m < x->n_meas; m++)
			if (x->meas[m]->kind == PLAN_VTH_PAIR)
				fprintf(out, "  threshold pair at ID = %g mA: VGSth_up: gate %g V for %g ms, "
				        "then an up-sweep (vth method); VGSth_down: gate %g V for %g ms, then a "
				        "down-sweep to 0 V (transfer method); VGSth_hyst = VGSth_down - "
				        "VGSth_up; VDS and steps: the vth method's defaults ('wbg measure "
				        "--help')\n",
				        x->pair.id_th_a * 1e3, x->pair.vpre_low_v, x->pair.t_pre_s * 1e3,
				        x->pair.vpre_high_v, x->pair.t_pre_s * 1e3);
		for (m = 0; m < x->info.n_params; m++)
			if (!plan_method_for(x->info.params[m]))
				fprintf(out, "  not measured: %s (no method; judge it from data with wbg "
				        "check)\n", x->info.params[m]);
	}
}
