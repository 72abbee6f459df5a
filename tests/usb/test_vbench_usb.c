/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The virtual bench as an emulated USBTMC device: the real USB driver
 * (libusb, the USBTMC transport, the SCPI handle) talks to simulated
 * instruments through umockdev.
 *
 * Built with the emulated-device harness of tests/usb (usbtmc_emu.c).
 * Expected values: the 2450 *IDN? string, Ohm's law on the 1 kOhm DUT,
 * SCPI-99 -113, and the B2902A's REAL,64 sweep 0..1 V / 1 kOhm.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "usbtmc_emu.h"
#include "wbg/wbg.h"
#include "wbg_test.h"

/* struct emu_instrument over a wbg_vinstr. The emulator polls read while
 * the host waits; wbg_vinstr_pending() keeps those polls from queuing
 * -420 errors. */
static void vb_write(void *self, const uint8_t *data, size_t len, bool eom)
{
	wbg_vinstr_write(self, data, len, eom);
}

static size_t vb_read(void *self, uint8_t *buf, size_t cap, bool *out_end)
{
	size_t n = 0;

	*out_end = false;
	if (wbg_vinstr_pending(self) == 0)
		return 0;
	wbg_vinstr_read(self, buf, cap, &n, out_end);
	return n;
}

static void vb_clear(void *self)
{
	wbg_vinstr_clear(self);
}

static uint8_t vb_stb(void *self)
{
	return wbg_vinstr_stb(self);
}

struct fix {
	wbg_ctx *ctx;
	wbg_vbench *b;
	wbg_vinstr *vi;
	struct emu_instrument iface;
	struct emu *emu;
	wbg_instr *in;
};

static void fx_open(struct fix *f, const char *model, uint16_t pid, const char *resource)
{
	struct emu_config cfg = {.vid = 0x05e6, .pid = pid, .serial = "VB1"};

	assert_int_equal(wbg_ctx_new(&f->ctx), WBG_OK);
	assert_int_equal(wbg_vbench_new(&f->b, "r1k", 1, f->ctx), WBG_OK);
	assert_int_equal(wbg_vbench_add(&f->vi, f->b, NULL, model, NULL, f->ctx), WBG_OK);
	f->iface = (struct emu_instrument){f->vi, vb_write, vb_read, vb_clear, vb_stb};
	f->emu = emu_new(&cfg, &f->iface);
	assert_int_equal(wbg_instr_open(&f->in, resource, f->ctx), WBG_OK);
}

static void fx_close(struct fix *f)
{
	wbg_instr_close(f->in);
	emu_free(f->emu);
	wbg_vbench_free(f->b);
	wbg_ctx_free(f->ctx);
}

static void test_usb_2450(void **state)
{
	struct fix f;
	char *r;
	uint8_t stb;

	(void)state;
	fx_open(&f, "2450", 0x2450, "USB0::0x05E6::0x2450::VB1::INSTR");
	assert_int_equal(wbg_instr_query(f.in, &r, "*IDN?", 0), WBG_OK);
	assert_string_equal(r, "KEITHLEY INSTRUMENTS,MODEL 2450,04512450,1.7.12b");
	free(r);
	assert_int_equal(wbg_instr_write(f.in, ":SOUR:VOLT 2;:SOUR:VOLT:ILIM 0.01;:OUTP ON"), WBG_OK);
	assert_int_equal(wbg_instr_query(f.in, &r, ":MEAS:CURR?", 0), WBG_OK);
	assert_double_near(strtod(r, NULL), 2e-3, 1e-3, 0);
	free(r);
	/* The sweep follows the reading above in the buffer: entries 2..12. */
	assert_int_equal(wbg_instr_write(f.in, ":SOUR:SWE:VOLT:LIN 0,1,11,0.001;:INIT"), WBG_OK);
	assert_int_equal(wbg_instr_query(f.in, &r, ":TRAC:DATA? 2,12", 0), WBG_OK);
	assert_double_near(strtod(strrchr(r, ',') + 1, NULL), 1e-3, 1e-3, 0);
	free(r);
	assert_int_equal(wbg_instr_write(f.in, "BOGUS"), WBG_OK);
	assert_int_equal(wbg_instr_read_stb(f.in, &stb), WBG_OK);
	assert_int_equal(stb & 0x04, 0x04); /* EAV */
	assert_int_equal(wbg_instr_query(f.in, &r, ":SYST:ERR?", 0), WBG_OK);
	assert_string_equal(r, "-113,\"Undefined header\"");
	free(r);
	fx_close(&f);
}

static void test_usb_b2902a_real64(void **state)
{
	struct fix f;
	double *v;
	size_t n, k;

	(void)state;
	fx_open(&f, "B2902A", 0x2902, "USB0::0x05E6::0x2902::VB1::INSTR");
	assert_int_equal(wbg_instr_write(f.in, ":SOUR2:VOLT:MODE SWE;:SOUR2:VOLT:STAR 0;"
	                                       ":SOUR2:VOLT:STOP 1;:SOUR2:SWE:POIN 11;"
	                                       ":SENS2:CURR:PROT 0.1;:TRIG2:COUN 11;:INIT (@2)"),
	                 WBG_OK);
	assert_int_equal(wbg_instr_write(f.in, ":FORM REAL,64;:FORM:BORD SWAP"), WBG_OK);
	assert_int_equal(wbg_instr_query_array(f.in, &v, &n, ":FETC:ARR:CURR? (@2)",
	                                       WBG_SCPI_REAL64_LE, 0),
	                 WBG_OK);
	assert_int_equal((int)n, 11);
	for (k = 0; k < n; k++)
		assert_double_near(v[k], (double)k * 1e-4, 1e-4, 1e-10);
	free(v);
	fx_close(&f);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_usb_2450),
		cmocka_unit_test(test_usb_b2902a_real64),
	};

	emu_ensure_wrapper(argc, argv);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
