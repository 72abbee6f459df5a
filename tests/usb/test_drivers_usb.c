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

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "usbtmc_emu.h"
#include "wbg/wbg.h"
#include "wbg_test.h"

struct fix {
	wbg_ctx *ctx;
	wbg_vbench *b;
	wbg_vinstr *vd, *vg;
	struct emu_instrument iface;
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
	struct fix *f = self;

	if (contains(data, len, ":READ?")) {
		f->reads++;
		if (f->drop_after && f->reads == f->drop_after)
			f->want_drop = 1;
	}
	wbg_vinstr_write(f->vd, data, len, eom);
}

static size_t vb_read(void *self, uint8_t *buf, size_t cap, bool *out_end)
{
	struct fix *f = self;
	size_t n = 0;

	*out_end = false;
	if (f->mute_after && f->reads >= f->mute_after) {
		/* Hung: the response never comes (dropped, so that a later
		 * query is not answered by a stale one). */
		wbg_vinstr_clear(f->vd);
		return 0;
	}
	if (wbg_vinstr_pending(f->vd) == 0)
		return 0;
	wbg_vinstr_read(f->vd, buf, cap, &n, out_end);
	return n;
}

static void vb_clear(void *self)
{
	wbg_vinstr_clear(((struct fix *)self)->vd);
}

static uint8_t vb_stb(void *self)
{
	return wbg_vinstr_stb(((struct fix *)self)->vd);
}

/* Unplugs the device once the emulator asks for it (it cannot from its
 * own thread, which holds the emulator's lock). */
static void *dropper(void *arg)
{
	struct fix *f = arg;
	int k;

	for (k = 0; k < 5000 && !f->want_drop; k++)
		nanosleep(&(struct timespec){0, 1000000}, NULL);
	if (f->want_drop)
		emu_disconnect_after(f->emu, 0);
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
	f->iface = (struct emu_instrument){f, vb_write, vb_read, vb_clear, vb_stb};
	f->emu = emu_new(&cfg, &f->iface);
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

/* The USB cable is pulled at the 10th point: WBG_ERR_NO_DEVICE; the gate
 * SMU (still reachable) ends off at 0 V, and the error says that the
 * drain SMU could not be switched off and must be switched off at the
 * instrument. */
static void test_disconnect_mid_sweep(void **state)
{
	struct fix f;
	wbg_transfer_params p;
	wbg_meas_result *r = NULL;

	(void)state;
	fx_open(&f);
	params(&p, 2000);
	f.drop_after = 10;
	assert_int_equal(pthread_create(&f.dropper, NULL, dropper, &f), 0);
	f.dropper_on = true;
	assert_int_equal(wbg_meas_transfer(&r, f.m, &p), WBG_ERR_NO_DEVICE);
	assert_null(r);
	assert_non_null(strstr(wbg_ctx_errmsg(f.ctx), "drain SMU"));
	assert_non_null(strstr(wbg_ctx_errmsg(f.ctx), "switch it off at the instrument"));
	assert_true(f.reads < 2000); /* stopped mid-sweep */
	assert_double_near(vq(f.vg, ":OUTP?"), 0, 0, 0);
	assert_double_near(vq(f.vg, ":SOUR:VOLT?"), 0, 0, 0);
	fx_close(&f);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transfer_over_usb),
		cmocka_unit_test(test_timeout_mid_sweep),
		cmocka_unit_test(test_disconnect_mid_sweep),
	};

	emu_ensure_wrapper(argc, argv);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
