/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The drivers and methods over the real USB stack (libusb, USBTMC) against
 * the virtual bench behind the emulated USBTMC device: the drain SMU (a
 * 2470) is on USB, the gate SMU (a 2450) in-process on the same bench.
 * Exit paths: success, a query timeout mid-sweep (the instrument stops
 * answering), and a USB disconnect mid-sweep.
 * Expected values: Ohm's law on the 1 kOhm DUT; outputs read back directly
 * on the virtual instruments afterwards.
 */
#include "config.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "usbtmc_emu.h"
#include "wbg/wbg.h"
#include "wbg_test.h"

struct fix;

/* An instrument behind the emulated USB device. Its counters are written
 * by the emulator's thread. */
struct port {
	struct fix *f;
	wbg_vinstr *vi;
	struct emu_instrument iface;
	bool primary;          /* the drain SMU, where faults are injected */
	atomic_uint writes;    /* messages received */
	atomic_uint offs;      /* of them, ":OUTP OFF" */
};

struct fix {
	wbg_ctx *ctx;
	wbg_vbench *b, *b2;
	wbg_vinstr *vd, *vg, *vo;
	struct port main, other;
	struct emu *emu;
	wbg_instr *id, *ig;
	wbg_smu *sd, *sg;
	wbg_meas *m;
	/* fault injection, set from the emulator's thread */
	unsigned reads;       /* :READ? queries seen */
	unsigned mute_after;  /* stop answering after this many (0: never) */
	unsigned drop_after;  /* ask for a disconnect after this many (0: never) */
	volatile int want_drop;
	pthread_t dropper;
	bool dropper_on;
	/* how the link drops: unplugged (gone from the bus) or dead in place */
	bool unplug;
	int replug_ms;            /* plug back in after this long (< 0: never) */
	const char *replug_serial; /* NULL: the same */
	bool replug_other;        /* the other instrument behind it */
	/* at the moment of the replug */
	unsigned offs_at_replug, other_writes_at_replug, claims_at_replug;
};

static bool contains(const uint8_t *data, size_t len, const char *s)
{
	size_t n = strlen(s), i;

	for (i = 0; i + n <= len; i++)
		if (memcmp(data + i, s, n) == 0)
			return true;
	return false;
}

static void vb_write(void *self, const uint8_t *data, size_t len, bool eom)
{
	struct port *p = self;
	struct fix *f = p->f;

	atomic_fetch_add(&p->writes, 1);
	if (contains(data, len, ":OUTP OFF"))
		atomic_fetch_add(&p->offs, 1);
	if (p->primary && contains(data, len, ":READ?")) {
		f->reads++;
		if (f->drop_after && f->reads == f->drop_after)
			f->want_drop = 1;
	}
	wbg_vinstr_write(p->vi, data, len, eom);
}

static size_t vb_read(void *self, uint8_t *buf, size_t cap, bool *out_end)
{
	struct port *p = self;
	struct fix *f = p->f;
	size_t n = 0;

	*out_end = false;
	if (p->primary && f->mute_after && f->reads >= f->mute_after) {
		/* Hung: the response never comes (dropped, so that a later
		 * query is not answered by a stale one). */
		wbg_vinstr_clear(p->vi);
		return 0;
	}
	if (wbg_vinstr_pending(p->vi) == 0)
		return 0;
	wbg_vinstr_read(p->vi, buf, cap, &n, out_end);
	return n;
}

static void vb_clear(void *self)
{
	wbg_vinstr_clear(((struct port *)self)->vi);
}

static uint8_t vb_stb(void *self)
{
	return wbg_vinstr_stb(((struct port *)self)->vi);
}

static void port_init(struct port *p, struct fix *f, wbg_vinstr *vi, bool primary)
{
	p->f = f;
	p->vi = vi;
	p->primary = primary;
	p->iface = (struct emu_instrument){p, vb_write, vb_read, vb_clear, vb_stb};
	atomic_init(&p->writes, 0);
	atomic_init(&p->offs, 0);
}

static void sleep_ms(int ms)
{
	nanosleep(&(struct timespec){ms / 1000, (ms % 1000) * 1000000L}, NULL);
}

/* Unplugs the device once the emulator asks for it (it cannot from its
 * own thread, which holds the emulator's lock), and plugs it back in. */
static void *dropper(void *arg)
{
	struct fix *f = arg;
	int k;

	for (k = 0; k < 5000 && !f->want_drop; k++)
		sleep_ms(1);
	if (!f->want_drop)
		return NULL;
	if (!f->unplug) {
		emu_disconnect_after(f->emu, 0);
		return NULL;
	}
	emu_unplug(f->emu);
	if (f->replug_ms < 0)
		return NULL;
	sleep_ms(f->replug_ms);
	/* Nothing reaches the instruments while the device is unplugged. */
	f->offs_at_replug = atomic_load(&f->main.offs);
	f->other_writes_at_replug = atomic_load(&f->other.writes);
	f->claims_at_replug = emu_get_stats(f->emu).claims;
	emu_replug(f->emu, f->replug_serial, f->replug_other ? &f->other.iface : NULL);
	return NULL;
}

static void fx_open(struct fix *f)
{
	struct emu_config cfg = {.vid = 0x05e6, .pid = 0x2470, .serial = "VB1"};

	memset(f, 0, sizeof(*f));
	assert_int_equal(wbg_ctx_new(&f->ctx), WBG_OK);
	assert_int_equal(wbg_vbench_new(&f->b, "r1k", 1, f->ctx), WBG_OK);
	wbg_vbench_attach(f->ctx, f->b);
	assert_int_equal(wbg_vbench_add(&f->vd, f->b, "drain", "2470", "drain", f->ctx), WBG_OK);
	assert_int_equal(wbg_vbench_add(&f->vg, f->b, "gate", "2450", "gate", f->ctx), WBG_OK);
	/* A 2450 on a bench of its own: a different instrument that turns up
	 * at the same USB address. */
	assert_int_equal(wbg_vbench_new(&f->b2, "r1k", 2, f->ctx), WBG_OK);
	assert_int_equal(wbg_vbench_add(&f->vo, f->b2, "other", "2450", "drain", f->ctx), WBG_OK);
	port_init(&f->main, f, f->vd, true);
	port_init(&f->other, f, f->vo, false);
	f->replug_ms = -1;
	f->emu = emu_new(&cfg, &f->main.iface);
	assert_int_equal(wbg_instr_open(&f->id, "USB0::0x05E6::0x2470::VB1::INSTR", f->ctx), WBG_OK);
	assert_int_equal(wbg_instr_set_timeout(f->id, 0.3), WBG_OK);
	assert_int_equal(wbg_instr_open(&f->ig, "SIM::gate", f->ctx), WBG_OK);
	/* The driver chosen from *IDN? over USB. */
	assert_int_equal(wbg_smu_open(&f->sd, f->id, NULL, 1, f->ctx), WBG_OK);
	assert_string_equal(wbg_smu_model(f->sd), "2470");
	assert_int_equal(wbg_smu_open(&f->sg, f->ig, NULL, 1, f->ctx), WBG_OK);
	assert_int_equal(wbg_meas_new(&f->m, f->ctx), WBG_OK);
	assert_int_equal(wbg_meas_set_smu(f->m, "gate", f->sg), WBG_OK);
	assert_int_equal(wbg_meas_set_smu(f->m, "drain", f->sd), WBG_OK);
}

static void fx_close(struct fix *f)
{
	if (f->dropper_on)
		pthread_join(f->dropper, NULL);
	wbg_meas_free(f->m);
	wbg_smu_free(f->sd);
	wbg_smu_free(f->sg);
	wbg_instr_close(f->id);
	wbg_instr_close(f->ig);
	emu_free(f->emu);
	wbg_vbench_attach(f->ctx, NULL);
	wbg_vbench_free(f->b);
	wbg_vbench_free(f->b2);
	wbg_ctx_free(f->ctx);
}

static double vq(wbg_vinstr *vi, const char *q)
{
	char buf[128];

	assert_int_equal(wbg_vinstr_query(vi, q, buf, sizeof(buf)), WBG_OK);
	return strtod(buf, NULL);
}

static void params(wbg_transfer_params *p, size_t points)
{
	wbg_transfer_params_default(p);
	p->vds_v = 0.5;
	p->vgs_stop_v = 5.0;
	p->points = points;
	p->delay_s = 0.0;
}

/* Success over USB: Id = 0.5 V / 1 kOhm at every point, then both off. */
static void test_transfer_over_usb(void **state)
{
	struct fix f;
	wbg_transfer_params p;
	wbg_meas_result *r = NULL;
	const wbg_array *a;
	size_t k;

	(void)state;
	fx_open(&f);
	params(&p, 11);
	assert_int_equal(wbg_meas_transfer(&r, f.m, &p), WBG_OK);
	a = wbg_meas_result_find(r, "id");
	for (k = 0; k < a->n; k++)
		assert_double_near(a->values[k], 0.5e-3, 1e-3, 0);
	/* And an instrument-side sweep over USB: one :TRAC:DATA? for 21 points. */
	{
		wbg_smu_reading rd[21];
		unsigned long before = wbg_smu_transactions(f.sd);
		assert_int_equal(wbg_smu_sweep(f.sd, rd, WBG_SMU_SOURCE_V, 0, 1, 21, 0.01, 0), WBG_OK);
		assert_double_near(rd[20].i, 1e-3, 1e-3, 0);
		assert_double_near(rd[10].v, 0.5, 0, 1e-4); /* source readback */
		assert_true(wbg_smu_transactions(f.sd) - before <= 5);
		assert_int_equal(wbg_smu_off(f.sd), WBG_OK);
	}
	assert_double_near(vq(f.vd, ":OUTP?"), 0, 0, 0);
	assert_double_near(vq(f.vg, ":OUTP?"), 0, 0, 0);
	wbg_meas_result_free(r);
	fx_close(&f);
}

/* The drain SMU stops answering at the 5th point: the query times out, the
 * method returns WBG_ERR_TIMEOUT, and the cleanup (writes still get
 * through) leaves both outputs off at 0 V. */
static void test_timeout_mid_sweep(void **state)
{
	struct fix f;
	wbg_transfer_params p;
	wbg_meas_result *r = NULL;

	(void)state;
	fx_open(&f);
	params(&p, 50);
	f.mute_after = 5;
	assert_int_equal(wbg_meas_transfer(&r, f.m, &p), WBG_ERR_TIMEOUT);
	assert_null(r);
	f.mute_after = 0;
	assert_double_near(vq(f.vd, ":OUTP?"), 0, 0, 0);
	assert_double_near(vq(f.vd, ":SOUR:VOLT?"), 0, 0, 0);
	assert_double_near(vq(f.vg, ":OUTP?"), 0, 0, 0);
	assert_double_near(vq(f.vg, ":SOUR:VOLT?"), 0, 0, 0);
	fx_close(&f);
}

static double mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Runs a 2000-point transfer curve whose USB link drops at the 10th
 * point; returns the seconds it took (the method fails with
 * WBG_ERR_NO_DEVICE, asserted). */
static double run_dropping(struct fix *f)
{
	wbg_transfer_params p;
	wbg_meas_result *r = NULL;
	double t0;

	params(&p, 2000);
	f->drop_after = 10;
	assert_int_equal(pthread_create(&f->dropper, NULL, dropper, f), 0);
	f->dropper_on = true;
	t0 = mono_s();
	assert_int_equal(wbg_meas_transfer(&r, f->m, &p), WBG_ERR_NO_DEVICE);
	assert_null(r);
	assert_true(f->reads < 2000); /* stopped mid-sweep */
	/* The gate SMU (still reachable) ends off at 0 V in every case. */
	assert_double_near(vq(f->vg, ":OUTP?"), 0, 0, 0);
	assert_double_near(vq(f->vg, ":SOUR:VOLT?"), 0, 0, 0);
	return mono_s() - t0;
}

/* The USB link dies at the 10th point and the device stays dead where it
 * is (every request fails with ENODEV): WBG_ERR_NO_DEVICE; after the 1 s
 * reconnect window the error says that the drain SMU could not be
 * switched off and must be switched off at the instrument. */
static void test_disconnect_mid_sweep(void **state)
{
	struct fix f;
	double took;

	(void)state;
	fx_open(&f);
	assert_int_equal(wbg_meas_set_reconnect(f.m, 1.0), WBG_OK);
	took = run_dropping(&f);
	assert_non_null(strstr(wbg_ctx_errmsg(f.ctx), "drain SMU"));
	assert_non_null(strstr(wbg_ctx_errmsg(f.ctx), "switch it off at the instrument"));
	assert_non_null(strstr(wbg_ctx_errmsg(f.ctx), "did not come back within 1 s"));
	/* Bounded: the window, plus one attempt's I/O. */
	assert_true(took >= 1.0 && took < 6.0);
	fx_close(&f);
}

/* The drain SMU's USB device is unplugged at the 10th point (an ESD event,
 * a hub reset) and re-enumerates with the same VID:PID:serial 0.5 s later:
 * the off sequence reaches it after the reconnection (none before: it was
 * off the bus), it reads output off at 0 V, and the error still says the
 * link dropped, and that the output was confirmed off after reconnection.
 * Expected values: the output state and level read back on the virtual
 * instrument itself. */
static void test_replug_mid_sweep_output_off(void **state)
{
	struct fix f;
	double took;
	const char *msg;

	(void)state;
	fx_open(&f);
	f.unplug = true;
	f.replug_ms = 500;
	took = run_dropping(&f);
	msg = wbg_ctx_errmsg(f.ctx);
	assert_non_null(strstr(msg, "disconnected"));
	assert_non_null(strstr(msg, "the drain SMU (USB0::0x05E6::0x2470::VB1::INSTR)"));
	assert_non_null(strstr(msg, "came back after"));
	assert_non_null(strstr(msg, "(same *IDN? serial 04512470)")); /* the virtual 2470 */
	assert_non_null(strstr(msg, "output confirmed off at 0 V after reconnection"));
	assert_null(strstr(msg, "switch it off at the instrument"));
	assert_non_null(strstr(wbg_meas_off_report(f.m), "confirmed off"));
	assert_int_equal(f.offs_at_replug, 0);
	/* The points measured before the drop are kept (Ohm's law on the
	 * 1 kOhm DUT), the rest are NaN. */
	{
		wbg_meas_result *part = NULL;
		const wbg_array *id;
		size_t k, got = 0;

		assert_int_equal(wbg_meas_take_partial(&part, f.m), WBG_OK);
		id = wbg_meas_result_find(part, "id");
		assert_non_null(id);
		while (got < id->n && !isnan(id->values[got]))
			got++;
		assert_true(got >= 9 && got <= f.reads); /* the last :READ? may have failed */
		for (k = 0; k < got; k++)
			assert_double_near(id->values[k], 0.5e-3, 1e-3, 0);
		for (k = got; k < id->n; k++)
			assert_true(isnan(id->values[k]));
		wbg_meas_result_free(part);
	}
	assert_true(atomic_load(&f.main.offs) >= 1);
	assert_double_near(vq(f.vd, ":OUTP?"), 0, 0, 0);
	assert_double_near(vq(f.vd, ":SOUR:VOLT?"), 0, 0, 0);
	assert_true(took >= 0.5 && took < 6.0);
	/* The handle works again. */
	assert_true(wbg_instr_is_open(f.id));
	{
		wbg_idn idn;
		assert_int_equal(wbg_instr_idn(f.id, &idn), WBG_OK);
		assert_string_equal(idn.serial, "04512470"); /* the virtual 2470's */
	}
	fx_close(&f);
}

/* Unplugged and never back: after the 1 s window the old message (switch
 * it off at the instrument), and the instrument is indeed still on. */
static void test_unplug_never_back(void **state)
{
	struct fix f;
	double took;

	(void)state;
	fx_open(&f);
	assert_int_equal(wbg_meas_set_reconnect(f.m, 1.0), WBG_OK);
	f.unplug = true;
	took = run_dropping(&f);
	assert_non_null(strstr(wbg_ctx_errmsg(f.ctx), "drain SMU"));
	assert_non_null(strstr(wbg_ctx_errmsg(f.ctx), "did not come back within 1 s"));
	assert_non_null(strstr(wbg_ctx_errmsg(f.ctx), "switch it off at the instrument"));
	assert_true(took >= 1.0 && took < 6.0);
	assert_false(wbg_instr_is_open(f.id));
	/* Nobody could reach it: its output is still on at the sweep's 0.5 V. */
	assert_double_near(vq(f.vd, ":OUTP?"), 1, 0, 0);
	assert_double_near(vq(f.vd, ":SOUR:VOLT?"), 0.5, 0, 1e-12);
	fx_close(&f);
}

/* Another instrument (a 2450 whose output is on at 2 V) with the same
 * VID:PID turns up at the same USB address. */
static void other_on(struct fix *f, const char *serial)
{
	assert_int_equal(wbg_vinstr_query(f->vo, ":SOUR:VOLT 2", NULL, 0), WBG_OK);
	assert_int_equal(wbg_vinstr_query(f->vo, ":OUTP ON", NULL, 0), WBG_OK);
	assert_int_equal(wbg_meas_set_reconnect(f->m, 1.0), WBG_OK);
	f->unplug = true;
	f->replug_ms = 200;
	f->replug_serial = serial;
	f->replug_other = true;
}

/* Its serial number is VB2: it is not the instrument that dropped, so
 * nothing is sent to it (not even a claim of its interface), and the error
 * is the old one. */
static void test_replug_other_serial_untouched(void **state)
{
	struct fix f;

	(void)state;
	fx_open(&f);
	other_on(&f, "VB2");
	(void)run_dropping(&f);
	assert_non_null(strstr(wbg_ctx_errmsg(f.ctx), "did not come back within 1 s"));
	assert_non_null(strstr(wbg_ctx_errmsg(f.ctx), "switch it off at the instrument"));
	assert_int_equal(atomic_load(&f.other.writes), f.other_writes_at_replug);
	assert_int_equal(emu_get_stats(f.emu).claims, f.claims_at_replug);
	assert_double_near(vq(f.vo, ":OUTP?"), 1, 0, 0);
	assert_double_near(vq(f.vo, ":SOUR:VOLT?"), 2, 0, 1e-12);
	fx_close(&f);
}

/* Its USB serial number is the same (VB1), but its *IDN? is not the one
 * the drain SMU gave (KEITHLEY ... 2450 rather than 2470): it gets *IDN?
 * and nothing else, its output stays as it was, and the error names what
 * answers there. */
static void test_replug_other_idn_untouched(void **state)
{
	struct fix f;

	(void)state;
	fx_open(&f);
	other_on(&f, NULL);
	(void)run_dropping(&f);
	assert_non_null(strstr(wbg_ctx_errmsg(f.ctx), "a different instrument answers there now"));
	assert_non_null(strstr(wbg_ctx_errmsg(f.ctx), "switch it off at the instrument"));
	assert_int_equal(atomic_load(&f.other.writes) - f.other_writes_at_replug, 1);
	assert_int_equal(atomic_load(&f.other.offs), 0);
	assert_double_near(vq(f.vo, ":OUTP?"), 1, 0, 0);
	assert_double_near(vq(f.vo, ":SOUR:VOLT?"), 2, 0, 1e-12);
	fx_close(&f);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transfer_over_usb),
		cmocka_unit_test(test_timeout_mid_sweep),
		cmocka_unit_test(test_disconnect_mid_sweep),
		cmocka_unit_test(test_replug_mid_sweep_output_off),
		cmocka_unit_test(test_unplug_never_back),
		cmocka_unit_test(test_replug_other_serial_untouched),
		cmocka_unit_test(test_replug_other_idn_untouched),
	};

	emu_ensure_wrapper(argc, argv);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
