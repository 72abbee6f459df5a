/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Keysight B2901A/B2902A simulation, part three: pulse output settings
 * (Keysight B2900 User's Guide, "Pulse Output"; B2900 SCPI Command
 * Reference): [:SOURce]:FUNCtion:SHAPe PULSe|DC, [:SOURce]:PULSe:WIDTh
 * (50 us to 100000 s), [:SOURce]:PULSe:DELay (time from the start of the
 * source output to the start of the pulse), the peak level
 * [:SOURce]:VOLTage|CURRent:TRIGgered (the base is the immediate level),
 * and [:SENSe]:CURRent|VOLTage:APERture (the integration time in seconds,
 * coupled to NPLC at 60 Hz). The pulse itself runs in b29xx_acq.c.
 * *RST values here (DC, width 100 us, delay 0, peak 0) are the
 * simulation's, not quoted from the manual.
 */
#include "config.h"

#include "b29xx.h"

void wbgi_b29_pulse_reset(struct b29_ch *h)
{
	h->pulse = false;
	h->pulse_width = 1e-4;
	h->pulse_delay = 0.0;
	h->trig_level[0] = h->trig_level[1] = 0.0;
}

void wbgi_b29_shape(struct wbgi_scpi_call *c)
{
	static const char *const w[] = {"DC", "PULSe", NULL};
	struct b29_ch *h = wbgi_b29_chan(c, NULL);

	if (h)
		wbgi_scpi_flag2(c, w, "DC", "PULS", &h->pulse);
}

void wbgi_b29_puls_width(struct wbgi_scpi_call *c)
{
	struct b29_ch *h = wbgi_b29_chan(c, NULL);

	if (h)
		wbgi_b29_num_field(c, &h->pulse_width, 50e-6, 100000.0, 1e-4);
}

void wbgi_b29_puls_delay(struct wbgi_scpi_call *c)
{
	struct b29_ch *h = wbgi_b29_chan(c, NULL);

	if (h)
		wbgi_b29_num_field(c, &h->pulse_delay, 0.0, 100000.0, 0.0);
}

/* The peak level, bounded by the model's span (+-210 V, +-3.03 A). */
void wbgi_b29_volt_trig(struct wbgi_scpi_call *c)
{
	struct b29_ch *h = wbgi_b29_chan(c, NULL);

	if (h)
		wbgi_b29_num_field(c, &h->trig_level[WBGI_SRC_V], -210.0, 210.0, 0.0);
}

void wbgi_b29_curr_trig(struct wbgi_scpi_call *c)
{
	struct b29_ch *h = wbgi_b29_chan(c, NULL);

	if (h)
		wbgi_b29_num_field(c, &h->trig_level[WBGI_SRC_I], -3.03, 3.03, 0.0);
}

void wbgi_b29_aper(struct wbgi_scpi_call *c)
{
	struct b29_ch *h = wbgi_b29_chan(c, NULL);
	double t;

	if (!h)
		return;
	t = h->nplc / B29_LINE_HZ;
	wbgi_b29_num_field(c, &t, 4e-4 / B29_LINE_HZ, 100.0 / B29_LINE_HZ, 1.0 / B29_LINE_HZ);
	if (!c->query)
		h->nplc = t * B29_LINE_HZ;
}
