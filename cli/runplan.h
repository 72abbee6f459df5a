/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The plan of 'wbg run': which parameter of which test is measured how,
 * on which sample, at which readout, in which order (seq). */
#ifndef WBG_CLI_RUNPLAN_H
#define WBG_CLI_RUNPLAN_H

#include <stddef.h>

#include "cli.h"

#define PLAN_MAX_SAMPLES 1000
#define PLAN_MAX_TESTS 16

/* How a step measures. */
enum plan_kind {
	PLAN_RECORD,    /* a method's record, stored as the parameter */
	PLAN_TRANSFER,  /* VGSth: transfer curve, constant-current extraction */
	PLAN_VTH_PAIR,  /* JEP183 style: up-sweep after a negative pulse, down-sweep
	                 * after a positive one, and their difference */
};

/* How a parameter of the standard is measured. */
struct plan_method {
	const char *param;  /* the standard's parameter id, e.g. "VGSth" */
	const char *method; /* the measurement method, e.g. "transfer" */
	const char *record; /* the method's record to store as the parameter; NULL: extracted */
	const char *unit;   /* SI unit of the stored parameter */
	enum plan_kind kind;
	/* the parameter's conditions the method takes: condition name ->
	 * method setting (e.g. IDSS's VDS -> idss's vds); the rest keep the
	 * method's defaults */
	const char *cond[2], *setting[2];
};

/* The method settings of one step, from its parameter's conditions. */
struct plan_settings {
	const char *names[2];
	double values[2]; /* SI */
	size_t n;
};

/* The method for a parameter id, or NULL when wbgkit cannot measure it. */
const struct plan_method *plan_method_for(const char *param);

/* The conditions of a JEP183-style threshold pair, SI, from the
 * parameters' conditions (VGS_pre, t_pre, ID) and the user's settings. */
struct plan_vth_pair {
	double vpre_low_v, vpre_high_v; /* VGSth_up's and VGSth_down's VGS_pre */
	double t_pre_s;                 /* t_pre (the same for both, else an error) */
	double id_th_a;                 /* ID */
};

/* One test of the plan. */
struct plan_test {
	size_t index;       /* in the standard */
	wbg_test_info info;
	const struct plan_method *meas[WBG_PLAN_MAX_PARAMS];
	size_t n_meas;
	struct plan_vth_pair pair; /* when a step is PLAN_VTH_PAIR */
	struct plan_settings set[WBG_PLAN_MAX_PARAMS]; /* per measurement */
	double stress_vgs_v, stress_vds_v, stress_temp_k; /* NAN when not a condition */
};

struct plan {
	char samples[PLAN_MAX_SAMPLES][32];
	size_t n_samples;
	struct plan_test tests[PLAN_MAX_TESTS];
	size_t n_tests;
	size_t steps_per_sample;
};

/* One step of a sample: test t, readout r, measurement m; seq numbers them
 * 1.. in this order. */
struct plan_step {
	int seq;
	size_t t, r, m;
	double readout_s;
};

/* Fill @p p from the standard: every test that @p only names (all when
 * NULL/empty), keeping the parameters wbgkit can measure. Returns 0 or the
 * exit code after printing the error. */
int plan_build(struct cli *cli, struct plan *p, const wbg_standard *std,
               const char *const *only, size_t n_only);

/* Samples "U01".."UNN" for a number, or a comma-separated list. */
int plan_samples(struct cli *cli, struct plan *p, const char *arg);

/* The @p k-th step of a sample (0-based, below steps_per_sample). */
void plan_step_at(struct plan_step *out, const struct plan *p, size_t k);

/* Print the plan (for --dry-run). */
void plan_print(FILE *out, const struct plan *p, int virtual_bench);

#endif
