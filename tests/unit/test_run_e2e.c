/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The main job end to end through the program, on the virtual bench:
 * wbg run (dry run, then a lot with injected defects), wbg check on the
 * stored run, wbg report; then a run killed with SIGKILL and resumed.
 *
 * The lot is units 1-4 of lot seed 1 with a defect fraction of 0.3. Which
 * units are defective is read here independently of wbg, from the virtual
 * bench's lot generator (the same unit drawn with and without defects);
 * the verdicts must fail exactly those units.
 */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "run_prog.h"
#include "vbench_int.h"
#include "wbg_test.h"
#include "wbg/wbg.h"

#define N_UNITS 4
#define STEPS (N_UNITS * 8) /* 4 readouts × (IGSS, VGSth) per unit */

static char src[4096], tmpdir[64], stdpath[4200], db[128], db_ref[128];

#define RUN(res, ...) PROG_RUN(res, NULL, 120, __VA_ARGS__)

#define RUN_ARGS(file)                                                                             \
	"run", "--standard", stdpath, "--device", "device-sic-c3m0075120d", "--bench",               \
		"bench-sim-example", "--lot", "L1", "--samples", "4", "--seed", "1", "--defects", "0.3", \
		"--db", (file)


/* The defective units of the lot, as the generator draws them: a unit
 * drawn with the defect fraction differs from the same unit drawn without. */
static void defective(char out[N_UNITS])
{
	wbg_ctx *ctx = NULL;
	unsigned u;

	assert_int_equal(wbg_ctx_new(&ctx), WBG_OK);
	for (u = 0; u < N_UNITS; u++) {
		wbg_vbench *a = NULL, *b = NULL;
		assert_int_equal(wbg_vbench_new_lot_unit(&a, "sic-mosfet", 1, u, 0.3, ctx), WBG_OK);
		assert_int_equal(wbg_vbench_new_lot_unit(&b, "sic-mosfet", 1, u, 0.0, ctx), WBG_OK);
		out[u] = a->dut.p.igss0_a != b->dut.p.igss0_a ||
		         a->dut.p.tddb_eta0_s != b->dut.p.tddb_eta0_s;
		wbg_vbench_free(a);
		wbg_vbench_free(b);
	}
	wbg_ctx_free(ctx);
}

/* Whether a defective unit of the lot has a broken gate oxide (its gate
 * current then sits at the SMU's 1 mA compliance by 1000 h). */
static int ndef_igss_ma(const char def[N_UNITS])
{
	wbg_ctx *ctx = NULL;
	unsigned u;
	int any = 0;

	assert_int_equal(wbg_ctx_new(&ctx), WBG_OK);
	for (u = 0; u < N_UNITS; u++) {
		wbg_vbench *a = NULL, *b = NULL;
		if (!def[u])
			continue;
		assert_int_equal(wbg_vbench_new_lot_unit(&a, "sic-mosfet", 1, u, 0.3, ctx), WBG_OK);
		assert_int_equal(wbg_vbench_new_lot_unit(&b, "sic-mosfet", 1, u, 0.0, ctx), WBG_OK);
		any |= a->dut.p.tddb_eta0_s != b->dut.p.tddb_eta0_s;
		wbg_vbench_free(a);
		wbg_vbench_free(b);
	}
	wbg_ctx_free(ctx);
	return any;
}

/* Outcome text of every stored verdict, "sample test parameter limit readout outcome;". */
struct verdicts {
	char text[65536];
	char failed[N_UNITS];
	size_t n;
};

static int on_verdict(void *user, const wbg_verdict_info *v)
{
	struct verdicts *w = user;
	size_t len = strlen(w->text);

	snprintf(w->text + len, sizeof(w->text) - len, "%s %s %s %s %g %s;\n", v->sample, v->test,
	         v->parameter, v->limit, v->readout_s, v->outcome);
	if (v->sample[0] == 'U' && strcmp(v->outcome, "FAIL") == 0) {
		int u = atoi(v->sample + 1);
		if (u >= 1 && u <= N_UNITS)
			w->failed[u - 1] = 1;
	}
	w->n++;
	return 0;
}

static void read_run(struct verdicts *w, wbg_run_counts *c, const char *file)
{
	wbg_ctx *ctx = NULL;
	wbg_store *st = NULL;

	memset(w, 0, sizeof(*w));
	assert_int_equal(wbg_ctx_new(&ctx), WBG_OK);
	assert_int_equal(wbg_store_open(&st, file, ctx), WBG_OK);
	assert_int_equal(wbg_store_run_counts(c, st, 1), WBG_OK);
	assert_int_equal(wbg_store_verdicts_list(st, 1, on_verdict, w), WBG_OK);
	wbg_store_close(st);
	wbg_ctx_free(ctx);
}

static int setup(void **state)
{
	const char *s = getenv("WBG_TOP_SRCDIR");

	(void)state;
	snprintf(src, sizeof(src), "%s", s ? s : "..");
	setenv("WBG_DATADIR", src, 1);
	snprintf(stdpath, sizeof(stdpath), "%s/standards/demo/demo-sic-htgb.xml", src);
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/wbg-run-e2e-XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(db, sizeof(db), "%s/killed.db", tmpdir);
	snprintf(db_ref, sizeof(db_ref), "%s/ref.db", tmpdir);
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_dry_run(void **state)
{
	struct prog_result r;

	(void)state;
	RUN(r, RUN_ARGS(db_ref), "--dry-run");
	prog_expect(&r, 0, "plan: 4 samples × 8 steps = 32 steps", NULL);
	assert_non_null(strstr(r.out, "stress between readouts: VGS 17 V at 175 °C (virtual clock)"));
	assert_non_null(strstr(r.out, "readout 300 h: IGSS (igss) VGSth (transfer)"));
	prog_result_free(&r);
	/* nothing was stored */
	assert_int_not_equal(access(db_ref, F_OK), 0);
	RUN(r, RUN_ARGS(db_ref), "--test", "NOPE", "--dry-run");
	prog_expect(&r, 2, NULL, "no test 'NOPE'");
	prog_result_free(&r);
	/* aecq101-sic-mosfet.xml: IDSS is defined at VDS = $htrb_vds, so the
	 * plan measures it there (not at the idss method's default 100 V), and
	 * RDSon by the drivers' rdson method */
	RUN(r, "run", "--standard", "aecq101-sic-mosfet", "--device", "device-sic-c3m0075120d",
	    "--bench", "bench-sim-example", "--lot", "Q", "--db", db_ref, "--test", "TC", "--set",
	    "htrb_vds=960V", "--set", "tj_max=150degC", "--set", "rdson_shift_max=20%", "--set",
	    "leak_ratio_max=5", "--dry-run");
	prog_expect(&r, 0, "readout 0 h: RDSon (rdson) IDSS (idss)", NULL);
	assert_non_null(strstr(r.out, "IDSS from the standard's conditions: vds 960 (SI)"));
	prog_result_free(&r);
}

/* run, check, report: the stored records, the exit codes, and exactly the
 * injected defects failed. */
static void test_run_check_report(void **state)
{
	struct prog_result r;
	struct verdicts w;
	wbg_run_counts c;
	char expect_def[N_UNITS], html[160];
	xmlDocPtr doc;
	unsigned u, ndef = 0;

	(void)state;
	defective(expect_def);
	for (u = 0; u < N_UNITS; u++)
		ndef += (unsigned)expect_def[u];
	assert_true(ndef >= 1); /* the lot has defects to catch */

	RUN(r, RUN_ARGS(db_ref));
	prog_expect(&r, 1, "stored: ", NULL);
	assert_non_null(strstr(r.out, "step 32/32: sample U04 HTGB @ 1000 h transfer"));
	/* numbers read naturally: a step's leakage with an engineering prefix,
	 * never "8.459e-10 A"; a verdict in the standard's nA keeps its unit, and
	 * a 1 mA leakage (the gate SMU's 1 mA compliance of a broken oxide) says
	 * so: "1000000 nA (1.000 mA)" */
	assert_non_null(strstr(r.out, "igss: IGSS = "));
	assert_null(strstr(r.out, "e-10 A"));
	assert_null(strstr(r.out, "e-09 A"));
	if (ndef_igss_ma(expect_def))
		assert_non_null(strstr(r.out, " nA (1.000 mA)"));
	prog_result_free(&r);
	read_run(&w, &c, db_ref);
	assert_int_equal(c.samples, N_UNITS);
	assert_int_equal(c.steps, STEPS);
	assert_int_equal(c.instruments, 3); /* gate and drain SMUs, the chuck controller */
	/* every step keeps its raw arrays (transfer: 5, igss: at least 1) */
	assert_true(c.arrays >= (size_t)STEPS);
	assert_true(c.parameters >= (size_t)(STEPS - 3 * ndef));
	for (u = 0; u < N_UNITS; u++)
		if (w.failed[u] != expect_def[u]) {
			print_error("unit U%02u: defective %d, failed %d\n%s", u + 1, expect_def[u],
			            w.failed[u], w.text);
			fail();
		}

	/* wbg check judges the stored run the same way */
	RUN(r, "check", "--standard", stdpath, "--device", "device-sic-c3m0075120d", "--db", db_ref,
	    "--run", "1");
	prog_expect(&r, 1, "data ", NULL);
	{
		char line[64];
		snprintf(line, sizeof(line), "%zu verdicts from ", w.n);
		assert_non_null(strstr(r.out, line));
	}
	prog_result_free(&r);

	snprintf(html, sizeof(html), "%s/report.html", tmpdir);
	RUN(r, "report", "1", "--db", db_ref, "-o", html);
	prog_expect(&r, 0, NULL, "overall FAIL");
	prog_result_free(&r);
	doc = xmlReadFile(html, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	assert_non_null(doc);
	xmlFreeDoc(doc);
	{
		FILE *f = fopen(html, "rb");
		char *text = malloc(1 << 23);
		size_t len;
		assert_non_null(f);
		assert_non_null(text);
		len = fread(text, 1, (1 << 23) - 1, f);
		fclose(f);
		text[len] = '\0';
		assert_non_null(strstr(text, "data-plot=\"transfer\""));
		assert_non_null(strstr(text, "data-plot=\"shift\""));
		assert_non_null(strstr(text, "data-plot=\"distribution\""));
		assert_non_null(strstr(text, "<h3>Weibull probability plot</h3>"));
		assert_null(strstr(text, "Plot not drawn"));
		/* the verdict table: a ratio of 10^5 or more in digit groups, not
		 * "5.741e+05"; a 1 mA leakage in the standard's nA with its size */
		assert_null(strstr(text, "e+05</td>"));
		assert_null(strstr(text, "e+06</td>"));
		if (ndef_igss_ma(expect_def))
			assert_non_null(strstr(text, " nA (1.000 mA)</td>"));
		free(text);
	}
}

/* SIGKILL in the middle of a run, then --resume: no stored step is lost,
 * nothing is measured twice, and the verdicts are those of the run above. */
static void test_kill9_resume(void **state)
{
	const char *const args[] = {wbg_test_program(), RUN_ARGS(db), NULL};
	struct prog_result r;
	struct verdicts ref, got;
	wbg_run_counts c, before;
	wbg_ctx *ctx = NULL;
	pid_t pid;
	int i, status;
	char resumed[64];
	pid_t pid_of_run;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);
		dup2(devnull, 1);
		dup2(devnull, 2);
		execv(args[0], (char *const *)args);
		_exit(127);
	}
	/* kill it once some steps are stored, in the middle of the next */
	memset(&before, 0, sizeof(before));
	assert_int_equal(wbg_ctx_new(&ctx), WBG_OK);
	for (i = 0; i < 3000; i++) {
		wbg_store *st = NULL;
		nanosleep(&(struct timespec){0, 10000000}, NULL);
		if (access(db, F_OK) == 0 && wbg_store_open(&st, db, ctx) == WBG_OK) {
			int rc = wbg_store_run_counts(&before, st, 1);
			wbg_store_close(st);
			if (rc == WBG_OK && before.steps >= 9)
				break;
		}
	}
	kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	pid_of_run = pid;
	assert_true(WIFSIGNALED(status));
	wbg_ctx_free(ctx);
	assert_true(before.steps >= 9);
	assert_true(before.steps < STEPS); /* it was killed before the end */

	read_run(&got, &c, db);
	assert_true(c.steps >= before.steps); /* what was stored is still there */
	before = c;

	/* the killed run has no verdicts: a gate on its report must not pass;
	 * its status is stored as running, but its process is gone: stale */
	RUN(r, "report", "1", "--db", db, "--format", "junit");
	prog_expect(&r, 4, "tests=\"0\"", "has no verdicts (status stale)");
	prog_result_free(&r);
	RUN(r, "export", "--list", "--db", db);
	prog_expect(&r, 0, "1     L1           stale", NULL);
	prog_result_free(&r);
	RUN(r, "export", "1", "--db", db, "--format", "json");
	prog_expect(&r, 0, "\"stale\": true", NULL);
	{
		char want[64];
		snprintf(want, sizeof(want), "\"process_pid\": %lld", (long long)pid_of_run);
		assert_non_null(strstr(r.out, want));
	}
	prog_result_free(&r);
	/* wbg check judges the steps stored so far, but the run is not complete:
	 * inconclusive, never a pass; with the verdicts saved, the report's
	 * gate says the same */
	RUN(r, "check", "--standard", stdpath, "--device", "device-sic-c3m0075120d", "--db", db,
	    "--run", "1", "--save");
	assert_true(r.status == 4 || r.status == 1);
	assert_non_null(strstr(r.err, "run 1 is not complete (stale: recorded as running, but its "
	                              "process is gone)"));
	prog_result_free(&r);
	{
		char html[160], *text = malloc(1 << 22);
		FILE *f;
		size_t len;
		snprintf(html, sizeof(html), "%s/killed.html", tmpdir);
		RUN(r, "report", "1", "--db", db, "-o", html);
		prog_expect(&r, 0, NULL, NULL);
		prog_result_free(&r);
		f = fopen(html, "rb");
		assert_non_null(f);
		assert_non_null(text);
		len = fread(text, 1, (1 << 22) - 1, f);
		fclose(f);
		text[len] = '\0';
		assert_non_null(strstr(text, "INCOMPLETE: recorded as running, but its process (pid"));
		free(text);
	}

	RUN(r, RUN_ARGS(db), "--resume", "1");
	prog_expect(&r, 1, NULL, NULL);
	snprintf(resumed, sizeof(resumed), "(%zu steps measured, %zu resumed)", STEPS - before.steps,
	         before.steps);
	assert_non_null(strstr(r.out, resumed));
	prog_result_free(&r);
	read_run(&got, &c, db);
	assert_int_equal(c.steps, STEPS);
	read_run(&ref, &c, db_ref);
	if (strcmp(got.text, ref.text) != 0) {
		print_error("resumed:\n%s\nuninterrupted:\n%s", got.text, ref.text);
		fail();
	}
	/* a resume with another lot seed would mix two lots: refused */
	RUN(r, RUN_ARGS(db), "--seed", "2", "--resume", "1");
	prog_expect(&r, 2, NULL, "another seed (1)");
	prog_result_free(&r);
}

/* The JEP183-style threshold pair of one lot: per unit VGSth_up,
 * VGSth_down and VGSth_hyst from their parameters' preconditioning. */
struct pair_vals {
	double up[N_UNITS], down[N_UNITS], hyst[N_UNITS];
	int n;
};

static int on_param(void *user, const wbg_param_record *p)
{
	struct pair_vals *v = user;
	int u = atoi(p->sample + 1) - 1;

	if (u < 0 || u >= N_UNITS || strcmp(p->unit, "V") != 0)
		return 0;
	if (strcmp(p->name, "VGSth_up") == 0)
		v->up[u] = p->value;
	else if (strcmp(p->name, "VGSth_down") == 0)
		v->down[u] = p->value;
	else if (strcmp(p->name, "VGSth_hyst") == 0)
		v->hyst[u] = p->value;
	else
		return 0;
	v->n++;
	return 0;
}

static void test_jep183_pair(void **state)
{
	char db2[160], jep[4200];
	struct prog_result r;
	struct pair_vals v;
	wbg_ctx *ctx = NULL;
	wbg_store *st = NULL;
	unsigned u;

	(void)state;
	snprintf(db2, sizeof(db2), "%s/jep183.db", tmpdir);
	snprintf(jep, sizeof(jep), "%s/standards/library/jep183-sic-vth.xml", src);
	/* no number is invented: without the settings the plan is refused */
	RUN(r, "run", "--standard", jep, "--device", "device-sic-c3m0075120d", "--bench",
	    "bench-sim-example", "--lot", "J1", "--samples", "4", "--db", db2, "--dry-run");
	prog_expect(&r, 2, NULL, "--set precond_vgs_low=VALUE");
	prog_result_free(&r);
#define JEP_ARGS                                                                                   \
	"run", "--standard", jep, "--device", "device-sic-c3m0075120d", "--bench",                   \
		"bench-sim-example", "--lot", "J1", "--samples", "4", "--db", db2, "--set",              \
		"precond_vgs_low=-4V", "--set", "precond_vgs_high=15V", "--set", "precond_time=100ms",   \
		"--set", "vth_current=5mA", "--set", "vth_min=1.7V", "--set", "vth_max=4V", "--set",     \
		"hyst_max=300mV"
	RUN(r, JEP_ARGS, "--dry-run");
	prog_expect(&r, 0, "readout 0 h: VGSth_up/VGSth_down/VGSth_hyst (vth+transfer)",
	       NULL);
	assert_non_null(strstr(r.out, "threshold pair at ID = 5 mA: VGSth_up: gate -4 V for 100 ms"));
	assert_non_null(strstr(r.out, "VGSth_down: gate 15 V for 100 ms"));
	assert_null(strstr(r.out, "not measured"));
	prog_result_free(&r);
	RUN(r, JEP_ARGS);
	prog_expect(&r, 0, "stored: ", NULL);
	prog_result_free(&r);
#undef JEP_ARGS
	memset(&v, 0, sizeof(v));
	assert_int_equal(wbg_ctx_new(&ctx), WBG_OK);
	assert_int_equal(wbg_store_open(&st, db2, ctx), WBG_OK);
	assert_int_equal(wbg_store_params_list(st, 1, on_param, &v), WBG_OK);
	wbg_store_close(st);
	assert_int_equal(v.n, 3 * N_UNITS);
	for (u = 0; u < N_UNITS; u++) {
		wbg_vbench *a = NULL;
		double vth0;
		assert_int_equal(wbg_vbench_new_lot_unit(&a, "sic-mosfet", 1, u, 0.0, ctx), WBG_OK);
		vth0 = a->dut.p.vth0_v;
		wbg_vbench_free(a);
		/* instruments/vbench/dut.md: the trap state s moves Vth by h·s with
		 * |s| < 1, h = 0.15 V, so every threshold of the unit lies within
		 * vth0 ± 0.15 V, plus the offset of the 5 mA criterion from the
		 * model's Vth ("the model's Vth gives Id ~ 5 mA": within 0.1 V) */
		assert_double_near(v.up[u], vth0, 0, 0.25);
		assert_double_near(v.down[u], vth0, 0, 0.25);
		/* the hysteresis is the difference, and no more than the model's
		 * full swing 0.15·(tanh 3 + tanh 1) = 0.26 V (dut.md); after the
		 * positive pulse the threshold is not lower */
		assert_double_near(v.hyst[u], v.down[u] - v.up[u], 0, 1e-12);
		assert_true(v.hyst[u] >= 0 && v.hyst[u] <= 0.26);
	}
	wbg_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dry_run),
		cmocka_unit_test(test_run_check_report),
		cmocka_unit_test(test_kill9_resume),
		cmocka_unit_test(test_jep183_pair),
	};
	return cmocka_run_group_tests_name("run_e2e", tests, setup, teardown);
}
